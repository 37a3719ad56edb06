/*
 * Copyright 2026 The MLOps Maturity for Backstage Authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

// The CI side of the command line, run as CI runs it: the real binary in a
// child process. GitHub annotations, SARIF, `explain` for every check, and the
// JSON Schema of the annotations against the engine, on examples/.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Ajv from 'ajv';
import { parse as parseYaml, parseAllDocuments } from 'yaml';
import {
  assessEntity,
  buildAssessmentContext,
  defaultRubric,
  MaturityEntity,
  rubricJsonSchema,
} from '@mlops-maturity/plugin-mlops-maturity-common';
import { escapeData, escapeProperty } from './format/github';

jest.setTimeout(60_000);

const BIN = path.resolve(__dirname, '../bin/mlops-maturity');
const REPO_ROOT = path.resolve(__dirname, '../../..');
const EXAMPLES = path.join(REPO_ROOT, 'examples');
const SCHEMA_FILE = path.join(
  REPO_ROOT,
  'schema',
  'mlops-annotations.schema.json',
);

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], cwd = REPO_ROOT): Run {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.INIT_CWD;
  delete env.npm_package_json;
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    env,
    encoding: 'utf8',
    timeout: 30_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface JsonAssessment {
  entityRef: string;
  level: number;
  targetLevel: number;
  problems: Array<{ severity: string; annotation: string; message: string }>;
  checks: Array<{ id: string; passed: boolean }>;
}

function catalogFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return catalogFiles(full);
    return /^catalog-info.*\.yaml$/.test(entry.name) ? [full] : [];
  });
}

/** Where each example ML component is, found independently of the CLI's loader. */
function exampleSources() {
  const out = new Map<
    string,
    { file: string; line: number; text: string[]; entity: any }
  >();
  for (const file of catalogFiles(EXAMPLES)) {
    const text = fs.readFileSync(file, 'utf8').split('\n');
    for (const doc of parseAllDocuments(text.join('\n'))) {
      const e = doc.toJS();
      if (!e?.metadata?.name) continue;
      const ref = `${e.kind}:${e.metadata.namespace ?? 'default'}/${
        e.metadata.name
      }`.toLowerCase();
      const kindLine = text.findIndex(l => l.startsWith('apiVersion:')) + 1;
      out.set(ref, {
        file: path.relative(REPO_ROOT, file),
        line: kindLine,
        text,
        entity: e,
      });
    }
  }
  return out;
}

function annotationLine(text: string[], key: string): number {
  return text.findIndex(l => l.trimStart().startsWith(`${key}:`)) + 1;
}

const examplesJson: JsonAssessment[] = JSON.parse(
  run(['assess', 'examples', '--format', 'json']).stdout,
);
const sources = exampleSources();

interface Command {
  kind: string;
  props: Record<string, string>;
  message: string;
}

function parseCommands(stdout: string): Command[] {
  return stdout
    .trimEnd()
    .split('\n')
    .filter(Boolean)
    .map(line => {
      const m = /^::(error|warning|notice) ([^:]*)::(.*)$/.exec(line);
      if (!m) throw new Error(`not a workflow command: ${line}`);
      const props: Record<string, string> = {};
      for (const part of m[2].split(',')) {
        const eq = part.indexOf('=');
        props[part.slice(0, eq)] = part.slice(eq + 1);
      }
      return { kind: m[1], props, message: m[3] };
    });
}

describe('mlops-maturity assess --format github', () => {
  it('annotates every problem at its annotation line and every component below target at its entity line', () => {
    expect(examplesJson.length).toBeGreaterThanOrEqual(5);
    const r = run(['assess', 'examples', '--format', 'github']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    const commands = parseCommands(r.stdout);

    const BELOW = '<below target>';
    const expected: Command[] = [];
    for (const a of examplesJson) {
      const src = sources.get(a.entityRef)!;
      for (const p of a.problems) {
        expected.push({
          kind: p.severity,
          props: {
            file: src.file,
            line: String(annotationLine(src.text, p.annotation)),
            title: escapeProperty(`mlops-maturity: ${p.annotation}`),
          },
          message: escapeData(`${a.entityRef}: ${p.message}`),
        });
      }
      if (a.level < a.targetLevel) {
        expected.push({
          kind: 'notice',
          props: {
            file: src.file,
            line: String(src.line),
            title: escapeProperty(
              `mlops-maturity: ${a.entityRef} below target`,
            ),
          },
          message: BELOW,
        });
      }
    }
    expect(
      commands.map(c => (c.kind === 'notice' ? { ...c, message: BELOW } : c)),
    ).toEqual(expected);
    const notices = commands.filter(c => c.kind === 'notice');
    expect(notices.length).toBeGreaterThan(0);
    expect(
      notices.map(c =>
        /is at level \d \w+, below its target \d\./.test(c.message),
      ),
    ).not.toContain(false);
    // The examples hold errors and warnings, at lines other than the entity's.
    expect(new Set(commands.map(c => c.kind))).toEqual(
      new Set(['error', 'warning', 'notice']),
    );
    const legacy = commands.find(c =>
      c.props.title.includes('model-regsitry'),
    )!;
    expect(legacy.kind).toBe('warning');
    expect(legacy.message).toContain('Did you mean mlops/model-registry?');
    // "140%" is escaped in the message, ":" in the title.
    expect(r.stdout).toContain('is "140%25"');
    expect(r.stdout).toContain('title=mlops-maturity%3A mlops/gpu-utilization');
  });

  it('turns below-target notices into errors with --fail-below-target and adds --min-level errors, exiting 1', () => {
    const below = examplesJson.filter(a => a.level < a.targetLevel);
    const gated = run([
      'assess',
      'examples',
      '--format',
      'github',
      '--fail-below-target',
    ]);
    expect(gated.status).toBe(1);
    const commands = parseCommands(gated.stdout);
    expect(commands.filter(c => c.kind === 'notice')).toEqual([]);
    expect(
      commands.filter(c => c.props.title.endsWith('below target')),
    ).toHaveLength(below.length);
    expect(
      commands
        .filter(c => c.props.title.endsWith('below target'))
        .every(c => c.kind === 'error'),
    ).toBe(true);

    const level0 = examplesJson.filter(a => a.level < 1);
    const min = run([
      'assess',
      'examples',
      '--format',
      'github',
      '--min-level',
      '1',
    ]);
    expect(min.status).toBe(1);
    const minErrors = parseCommands(min.stdout).filter(c =>
      c.props.title.endsWith('below level 1'),
    );
    expect(minErrors.map(c => c.kind)).toEqual(level0.map(() => 'error'));
    expect(minErrors.map(c => c.props.line)).toEqual(
      level0.map(a => String(sources.get(a.entityRef)!.line)),
    );

    const none = examplesJson.filter(a => a.level < 0);
    expect(none).toEqual([]);
    const ok = run([
      'assess',
      'examples',
      '--format',
      'github',
      '--min-level',
      '0',
    ]);
    expect(ok.status).toBe(0);
  });

  it('escapes %, CR and LF in messages, and also : and , in properties, as GitHub reads them', () => {
    expect(escapeData('100% done\r\nnext: a, b')).toBe(
      '100%25 done%0D%0Anext: a, b',
    );
    expect(escapeProperty('a,b:c%d\r\ne')).toBe('a%2Cb%3Ac%25d%0D%0Ae');

    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-maturity-ci-'));
    try {
      const dir = path.join(tmp, 'odd,name:dir%');
      fs.mkdirSync(dir);
      fs.writeFileSync(
        path.join(dir, 'catalog-info.yaml'),
        [
          'apiVersion: backstage.io/v1alpha1',
          'kind: Component',
          'metadata:',
          '  name: odd',
          '  annotations:',
          '    "mlops/x,y:z%": "1"',
          'spec:',
          '  type: ml-model',
          '  owner: team',
          '',
        ].join('\n'),
      );
      fs.writeFileSync(path.join(tmp, 'catalog-info.broken.yaml'), 'a: [\n');
      const r = run(['assess', '.', '--format', 'github'], tmp);
      expect(r.status).toBe(2);
      const commands = parseCommands(r.stdout);
      const unknown = commands.find(c => c.kind === 'warning')!;
      expect(unknown.props.file).toBe('odd%2Cname%3Adir%25/catalog-info.yaml');
      expect(unknown.props.line).toBe('6');
      expect(unknown.props.title).toBe('mlops-maturity%3A mlops/x%2Cy%3Az%25');
      expect(unknown.message).toContain('mlops/x,y:z%25 is not a known');
      const broken = commands.find(c => c.props.title.includes('unreadable'))!;
      expect(broken.kind).toBe('error');
      expect(broken.props.file).toBe('catalog-info.broken.yaml');
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});

describe('mlops-maturity assess --format sarif', () => {
  it('prints one SARIF 2.1.0 run whose rules are the checks and problem kinds, with results at file and line', () => {
    const r = run(['assess', 'examples', '--format', 'sarif']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    const log = JSON.parse(r.stdout);
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toMatch(/sarif-2\.1\.0/);
    expect(log.runs).toHaveLength(1);
    const { driver } = log.runs[0].tool;
    expect(driver.name).toBe('mlops-maturity');
    const ruleIds: string[] = driver.rules.map((x: any) => x.id);
    for (const check of defaultRubric.checks)
      expect(ruleIds).toContain(check.id);
    expect(ruleIds).toEqual(
      expect.arrayContaining([
        'annotation/unknown',
        'annotation/invalid-value',
        'annotation/not-a-string',
        'waiver/unknown-check',
        'waiver/invalid',
        'waiver/expired',
      ]),
    );
    const results: any[] = log.runs[0].results;
    for (const res of results) {
      expect(driver.rules[res.ruleIndex].id).toBe(res.ruleId);
      expect(['error', 'warning', 'note']).toContain(res.level);
      const loc = res.locations[0].physicalLocation;
      expect(loc.artifactLocation.uri).toMatch(
        /^examples\/components\/.+\/catalog-info\.yaml$/,
      );
      expect(loc.region.startLine).toBeGreaterThan(0);
    }
    // One result per problem, at the annotation's line, with the problem's severity.
    const problemResults = results.filter(
      res =>
        !ruleIds.slice(0, defaultRubric.checks.length).includes(res.ruleId),
    );
    const problems = examplesJson.flatMap(a =>
      a.problems.map(p => {
        const src = sources.get(a.entityRef)!;
        return {
          level: p.severity,
          uri: src.file,
          line: annotationLine(src.text, p.annotation),
          text: `${a.entityRef}: ${p.message}`,
        };
      }),
    );
    expect(
      problemResults.map(res => ({
        level: res.level,
        uri: res.locations[0].physicalLocation.artifactLocation.uri,
        line: res.locations[0].physicalLocation.region.startLine,
        text: res.message.text,
      })),
    ).toEqual(problems);
    const kinds = Object.fromEntries(
      problemResults.map(res => [res.message.text.split(' ')[1], res.ruleId]),
    );
    expect(kinds['mlops/model-regsitry']).toBe('annotation/unknown');
    expect(kinds['mlops/waiver.gpu-utilisation']).toBe('waiver/unknown-check');
    expect(kinds['mlops/waiver.ab-testing']).toBe('waiver/invalid');
    expect(kinds['mlops/deploy-decision']).toBe('annotation/invalid-value');
    // Checks on the way to target are results too: warnings when below target.
    const churn = results.filter(
      res =>
        res.message.text.startsWith('component:default/churn-prediction (') &&
        res.ruleId === 'feature-store',
    );
    expect(churn).toHaveLength(1);
    expect(churn[0].level).toBe('warning');
  });

  it('keeps the gates: --fail-below-target exits 1, a clean run exits 0', () => {
    expect(
      run(['assess', 'examples', '--format', 'sarif', '--fail-below-target'])
        .status,
    ).toBe(1);
    const atTarget = examplesJson.find(a => a.level >= a.targetLevel)!;
    const file = sources.get(atTarget.entityRef)!.file;
    const r = run([
      'assess',
      file,
      'examples/org',
      '--format',
      'sarif',
      '--fail-below-target',
    ]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).runs).toHaveLength(1);
  });
});

describe('mlops-maturity explain', () => {
  const base: MaturityEntity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'my-model', annotations: {} },
    spec: { type: 'ml-model', owner: 'user:default/someone' },
  };

  it.each(defaultRubric.checks.map(c => [c.id, c] as const))(
    'explains %s: level, statement, evidence and YAML that makes it pass',
    (id, check) => {
      const r = run(['explain', id]);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const level = defaultRubric.levels[check.level];
      expect(r.stdout.split('\n')[0]).toBe(
        `${id}: level ${check.level} ${level.name}`,
      );
      expect(r.stdout).toContain(check.statement);
      expect(r.stdout).toContain(check.evidence);
      expect(r.stdout).toContain(`mlops/waiver.${id}:`);
      // The example block parses as YAML and, merged into a bare component, passes the check.
      const block = r.stdout
        .split('Example (add to catalog-info.yaml):\n\n')[1]
        .split('\n\n')[0];
      const example = parseYaml(block.replace(/^ {2}/gm, ''));
      const entity = {
        ...base,
        metadata: {
          ...base.metadata,
          annotations: {
            ...base.metadata.annotations,
            ...(example.metadata?.annotations ?? {}),
          },
        },
        spec: { ...base.spec, ...(example.spec ?? {}) },
      };
      const before = assessEntity(base).checks.find(c => c.id === id)!;
      const after = assessEntity(entity).checks.find(c => c.id === id)!;
      expect(before.passed).toBe(false);
      expect(after.passed).toBe(true);
    },
  );

  it('exits 2 on an unknown check id, with a did-you-mean, and on a missing id', () => {
    const typo = run(['explain', 'gpu-utilisation']);
    expect(typo.status).toBe(2);
    expect(typo.stdout).toBe('');
    expect(typo.stderr).toContain('"gpu-utilisation" is not a check.');
    expect(typo.stderr).toContain('Did you mean gpu-utilization?');
    const far = run(['explain', 'kubernetes']);
    expect(far.status).toBe(2);
    expect(far.stderr).not.toContain('Did you mean');
    expect(far.stderr).toContain('model-registry');
    const missing = run(['explain']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('explain takes exactly one check id');
    expect(run(['--help']).stdout).toContain('explain [options] <check-id>');
    const help = run(['assess', '--help']);
    expect(help.stdout).toMatch(/github +GitHub Actions annotations/);
    expect(help.stdout).toMatch(/sarif +SARIF 2\.1\.0/);
  });
});

describe('the JSON Schema of the annotations', () => {
  const schema = JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8'));

  it('is the committed rendering of the default rubric (run `yarn docs:schema` to update it)', () => {
    expect(schema).toEqual(rubricJsonSchema(defaultRubric));
  });

  it('validates every example file and flags the same annotation keys the engine flags as errors or unknown', () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(schema);
    const byRef = new Map(examplesJson.map(a => [a.entityRef, a]));
    let flaggedSomewhere = 0;
    let checked = 0;
    for (const [ref, src] of sources) {
      const valid = validate(src.entity);
      const fromSchema = new Set<string>();
      for (const err of validate.errors ?? []) {
        if (err.keyword === 'propertyNames') {
          fromSchema.add(String(err.params.propertyName));
        } else if (err.instancePath.startsWith('/metadata/annotations/')) {
          fromSchema.add(
            err.instancePath
              .slice('/metadata/annotations/'.length)
              .replace(/~1/g, '/')
              .replace(/~0/g, '~'),
          );
        } else if (!['anyOf', 'not', 'pattern', 'enum'].includes(err.keyword)) {
          throw new Error(`${ref}: ${err.instancePath} ${err.message}`);
        }
      }
      const assessment = byRef.get(ref);
      // Expired waivers are warnings the schema cannot know of: it has no date.
      const fromEngine = new Set(
        (assessment?.problems ?? [])
          .filter(
            p => p.severity === 'error' || !/ expired on /.test(p.message),
          )
          .map(p => p.annotation),
      );
      expect({ ref, keys: [...fromSchema].sort() }).toEqual({
        ref,
        keys: [...fromEngine].sort(),
      });
      expect(valid).toBe(fromEngine.size === 0);
      if (fromSchema.size) flaggedSomewhere++;
      checked++;
    }
    expect(checked).toBeGreaterThan(examplesJson.length);
    expect(flaggedSomewhere).toBeGreaterThanOrEqual(5);
  });
});

describe('the ML model software template in examples/', () => {
  const TEMPLATES = path.join(EXAMPLES, 'templates');

  /** Renders the skeleton's `${{ ... }}` expressions the way fetch:template would for these forms. */
  function render(text: string, values: Record<string, string>): string {
    return text.replace(/\$\{\{\s*(.+?)\s*\}\}/g, (_, expr: string) => {
      const [inner, filter] = expr.split(/\s*\|\s*/);
      const m = /^\(?values\.(\w+)(?:\s+or\s+"([^"]*)")?\)?$/.exec(inner);
      if (!m) throw new Error(`unexpected expression ${expr}`);
      const value = values[m[1]] || (m[2] ?? '');
      return filter === 'dump' ? JSON.stringify(value) : value;
    });
  }

  it('renders a catalog-info.yaml at Level 1 Managed with a Group owner, and stays out of CLI runs', () => {
    const template = parseYaml(
      fs.readFileSync(path.join(TEMPLATES, 'ml-model-template.yaml'), 'utf8'),
    );
    expect(template.apiVersion).toBe('scaffolder.backstage.io/v1beta3');
    expect(template.kind).toBe('Template');
    const fetch = template.spec.steps.find(
      (s: any) => s.action === 'fetch:template',
    );
    expect(fetch.input.templateFileExtension).toBe(true);
    const skeletonDir = path.join(TEMPLATES, fetch.input.url);
    const skeleton = fs.readFileSync(
      path.join(skeletonDir, 'catalog-info.yaml.njk'),
      'utf8',
    );
    // Every value the skeleton uses is passed by the step.
    for (const [, name] of skeleton.matchAll(/values\.(\w+)/g)) {
      expect(Object.keys(fetch.input.values)).toContain(name);
    }
    const rendered = parseYaml(
      render(skeleton, {
        name: 'fraud-scorer',
        type: 'ml-model',
        owner: 'group:default/risk-ml',
        modelRegistry: 'https://mlflow.example.com/#/models/fraud-scorer',
        experimentTracking: 'https://mlflow.example.com/#/experiments/7',
        healthMetrics: '',
        retrainingRunbook: 'https://docs.example.com/runbooks/fraud-scorer',
      }),
    );
    const team = [
      { kind: 'Group', metadata: { name: 'risk-ml' }, spec: { type: 'team' } },
      {
        kind: 'User',
        metadata: { name: 'a' },
        spec: { memberOf: ['risk-ml'] },
      },
      {
        kind: 'User',
        metadata: { name: 'b' },
        spec: { memberOf: ['risk-ml'] },
      },
    ];
    const a = assessEntity(rendered, {
      context: buildAssessmentContext([...team, rendered]),
    });
    expect(a.problems).toEqual([]);
    expect(a.level).toBe(1);
    expect(a.levelName).toBe('Managed');

    // The CLI reads catalog-info*.yaml: nothing under templates/ matches, and
    // the root Location does not point there.
    const cli = run(['assess', 'examples/templates']);
    expect(cli.status).toBe(2);
    expect(cli.stderr).toContain('folder holds no catalog-info*.yaml file');
    expect(
      fs.readFileSync(path.join(EXAMPLES, 'catalog-info.yaml'), 'utf8'),
    ).not.toContain('templates');
  });
});
