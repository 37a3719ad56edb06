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

// These tests run the real `mlops-maturity` binary in a child process, as CI
// and people do, in a temporary folder. Each run costs about half a second,
// so each test makes several assertions on one run.

import { spawn } from 'node:child_process';
import { BIN, Run, run } from './__testUtils__/runCli';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

jest.setTimeout(30_000);

const REPO_ROOT = path.resolve(__dirname, '../../..');
const EXAMPLES = path.join(REPO_ROOT, 'examples');
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[/;

const CHECK_IDS = [
  'model-registry',
  'experiment-tracking',
  'health-monitoring',
  'retraining-process',
  'shared-ownership',
  'ci-cd-pipeline',
  'pipeline-decides',
  'automated-retraining',
  'quality-gate',
  'feature-store',
  'ab-testing',
  'drift-response',
  'rbac',
  'audit-trail',
  'multi-model-platform',
  'gpu-scheduling',
  'gpu-utilization',
  'cost-optimization',
  'self-healing',
];

interface JsonAssessment {
  entityRef: string;
  level: number;
  levelName: string;
  targetLevel: number;
  claimedLevel: number | null;
  checks: Array<{
    id: string;
    level: number;
    passed: boolean;
    message: string;
    waived?: boolean;
    waiver?: { reason: string; until: string };
  }>;
  problems: Array<{ severity: string; annotation: string; message: string }>;
  recommendations: Array<{ level: number }>;
}

function json(r: Run): JsonAssessment[] {
  const parsed = JSON.parse(r.stdout);
  expect(Array.isArray(parsed)).toBe(true);
  return parsed;
}

function byRef(list: JsonAssessment[], ref: string): JsonAssessment {
  const found = list.find(a => a.entityRef === ref);
  if (!found) {
    throw new Error(
      `${ref} not in output: ${list.map(a => a.entityRef).join(', ')}`,
    );
  }
  return found;
}

function check(a: JsonAssessment, id: string) {
  const found = a.checks.find(c => c.id === id);
  if (!found) throw new Error(`${a.entityRef} has no check ${id}`);
  return found;
}

const LEVEL_1 = `    mlops/model-registry: "mlflow"
    mlops/experiment-tracking: "https://mlflow.example.com/#/experiments/1"
    mlops/health-metrics: "uptime, latency, errors"
    mlops/retraining-runbook: "https://runbooks.example.com/retrain"`;

const LEVEL_2 = `    mlops/pipeline: "https://github.com/acme/x/actions/workflows/train.yaml"
    mlops/deploy-decision: "pipeline"
    mlops/retraining-trigger: "schedule"
    mlops/quality-gate: "candidate AUC > champion AUC"
    mlops/test-set: "s3://acme/test-set/v1"`;

function component(
  name: string,
  options: {
    type?: string;
    owner?: string;
    namespace?: string;
    kind?: string;
    annotations?: string;
  } = {},
): string {
  return [
    'apiVersion: backstage.io/v1alpha1',
    `kind: ${options.kind ?? 'Component'}`,
    'metadata:',
    `  name: ${name}`,
    ...(options.namespace ? [`  namespace: ${options.namespace}`] : []),
    ...(options.annotations
      ? ['  annotations:', options.annotations.trimEnd()]
      : []),
    'spec:',
    `  type: ${options.type ?? 'ml-model'}`,
    `  lifecycle: production`,
    ...(options.owner ? [`  owner: ${options.owner}`] : []),
    '',
  ].join('\n');
}

function group(name: string): string {
  return `apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: ${name}
spec:
  type: team
  children: []
`;
}

function user(name: string, memberOf: string[]): string {
  return `apiVersion: backstage.io/v1alpha1
kind: User
metadata:
  name: ${name}
spec:
  memberOf: [${memberOf.join(', ')}]
`;
}

const BOMB_LINES = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ...'bcdefghi'
    .split('')
    .map(
      (x, i) =>
        `${x}: &${x} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`,
    ),
];

/** Files of the fixtures, relative to the temporary folder. */
const FILES: Record<string, string> = {
  // One run's catalog spread over several files: Groups, then the Users
  // that are their members, then the ML components.
  'org-run/org/catalog-info.yaml': [group('solo-team'), group('big-team')].join(
    '---\n',
  ),
  'org-run/org/catalog-info.people.yaml': [
    user('alice', ['solo-team', 'big-team']),
    user('bob', ['big-team']),
  ].join('---\n'),
  // Groups that list their members, as the catalog's own examples do, and
  // no User files: the catalog makes hasMember relations of spec.members.
  'members-run/catalog-info.yaml': [
    `${group('pair')}  members: [ana, user:default/ben]\n`,
    `${group('lone')}  members: [cleo]\n`,
    component('model-pair', { owner: 'pair', annotations: LEVEL_1 }),
    component('model-lone', { owner: 'lone', annotations: LEVEL_1 }),
  ].join('---\n'),
  'org-run/a/catalog-info.yaml': component('model-a', {
    owner: 'solo-team',
    annotations: LEVEL_1,
  }),
  'org-run/b/catalog-info.yaml': component('model-b', {
    type: 'ml-service',
    owner: 'big-team',
    annotations: `${LEVEL_1}
    mlops/waiver.ci-cd-pipeline: "pipeline runs elsewhere; until 2999-12-31"`,
  }),
  'org-run/c/catalog-info.yaml': [
    component('web', { type: 'service', owner: 'big-team' }),
    component('model-c', {
      type: 'ml-pipeline',
      owner: 'group:default/big-team',
    }),
    component('zeta', {
      namespace: 'analytics',
      owner: 'user:default/alice',
    }),
    component('feature-table', {
      kind: 'Resource',
      type: 'database',
      namespace: 'analytics',
      owner: 'group:default/big-team',
      annotations: '    mlops/feature-store: "feast"',
    }),
    `apiVersion: backstage.io/v1alpha1
kind: API
metadata:
  name: scoring-api
spec:
  type: openapi
  lifecycle: production
  owner: big-team
  definition: "openapi: 3.0.0"
`,
  ].join('---\n'),

  // A component at its target (level 2; target 2, its team owns one model).
  'good/catalog-info.yaml': [
    group('good-team'),
    user('dan', ['good-team']),
    user('erin', ['good-team']),
    component('good-model', {
      owner: 'good-team',
      annotations: `${LEVEL_1}\n${LEVEL_2}`,
    }),
  ].join('---\n'),

  // Good files beside files that cannot be parsed.
  'mixed/ok/catalog-info.yaml': component('mixed-ok', {
    annotations: LEVEL_1,
  }),
  'mixed/indent/catalog-info.yaml': `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: broken-indent
  annotations:
    mlops/model-registry: "mlflow"
   mlops/pipeline: "x"
spec:
  type: ml-model
`,
  'mixed/dup/catalog-info.yaml': `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: duplicate-key
  annotations:
    mlops/model-registry: "one"
    mlops/model-registry: "two"
spec:
  type: ml-model
`,
  'mixed/zz/catalog-info.yaml': component('mixed-last', { type: 'ml-service' }),

  // Folder search.
  'tree/catalog-info.yaml': component('tree-top'),
  'tree/deep/er/catalog-info.prod.yaml': component('tree-nested-prod'),
  'tree/deep/other.yaml': component('tree-other-yaml'),
  'tree/deep/catalog.yaml': component('tree-catalog-yaml'),
  'tree/deep/catalog-info.yaml.bak': component('tree-backup'),
  'tree/node_modules/pkg/catalog-info.yaml': component('tree-node-modules'),
  'tree/deep/node_modules/x/catalog-info.yaml': component('tree-deep-nm'),
  'extra/catalog-info.yaml': component('extra-model'),
  'loose/models.yaml': component('loose-model'),
  'no-catalog/readme.yaml': component('never-read'),

  // Several documents in one file.
  'multi/catalog-info.yaml': `# a comment before the first document
---
---
# a document holding only a comment
---
- a
- plain list
---
just a scalar
---
${component('multi-one')}---
${component('multi-two', { type: 'ml-service' })}...
`,

  // Alias bombs ("billion laughs"): 9^9 strings once expanded.
  'bomb/plain/catalog-info.yaml': `${BOMB_LINES.join('\n')}\n`,
  'bomb/entity/catalog-info.yaml': `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: bomb-entity
  annotations:
${BOMB_LINES.map(l => `    ${l}`).join('\n')}
    mlops/model-registry: *i
spec:
  type: ml-model
`,
  'bomb/ok/catalog-info.yaml': component('beside-the-bomb'),

  // Values YAML reads as a number and a boolean, not as strings.
  'unquoted/catalog-info.yaml': component('unquoted', {
    owner: 'user:default/alice',
    annotations: `    mlops/gpu-utilization: 72
    mlops/regulated: true`,
  }),
};

let tmp: string;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-maturity-cli-'));
  for (const [rel, content] of Object.entries(FILES)) {
    const file = path.join(tmp, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
});

afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('mlops-maturity assess --format json', () => {
  it('prints one array of the ML components, sorted, with the catalog of the whole run', () => {
    const r = run(['assess', 'org-run', '--format', 'json'], { cwd: tmp });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const list = json(r);

    // Groups, Users, the plain service and the API are not ML components;
    // the Resource is one through its mlops/ annotation. Sorted by entityRef.
    expect(list.map(a => a.entityRef)).toEqual([
      'component:analytics/zeta',
      'component:default/model-a',
      'component:default/model-b',
      'component:default/model-c',
      'resource:analytics/feature-table',
    ]);

    for (const a of list) {
      expect(Object.keys(a).sort()).toEqual(
        [
          'entityRef',
          'level',
          'levelName',
          'targetLevel',
          'claimedLevel',
          'checks',
          'problems',
          'recommendations',
        ].sort(),
      );
      expect(a.claimedLevel).toBeNull();
      expect(a.checks.map(c => c.id)).toEqual(CHECK_IDS);
      for (const c of a.checks) {
        const keys = c.waived
          ? ['id', 'level', 'message', 'passed', 'waived', 'waiver']
          : ['id', 'level', 'message', 'passed'];
        expect(Object.keys(c).sort()).toEqual(keys);
        expect(typeof c.message).toBe('string');
      }
      for (const p of a.problems) {
        expect(Object.keys(p).sort()).toEqual([
          'annotation',
          'message',
          'severity',
        ]);
      }
      expect(Array.isArray(a.recommendations)).toBe(true);
    }

    // solo-team has one member (alice, in another file): shared ownership fails.
    const a = byRef(list, 'component:default/model-a');
    expect(check(a, 'shared-ownership')).toMatchObject({
      passed: false,
      level: 1,
    });
    expect(check(a, 'shared-ownership').message).toContain('1 member');
    expect(check(a, 'model-registry').passed).toBe(true);
    expect(a).toMatchObject({ level: 0, levelName: 'Manual', targetLevel: 2 });
    expect(a.recommendations.map(r2 => r2.level)).toEqual([1, 2]);

    // big-team has two members and owns three ML components across files: target 3.
    const b = byRef(list, 'component:default/model-b');
    expect(check(b, 'shared-ownership').passed).toBe(true);
    expect(b).toMatchObject({ level: 1, levelName: 'Managed', targetLevel: 3 });
    expect(b.recommendations.map(r2 => r2.level)).toEqual([2, 3]);
    expect(check(b, 'ci-cd-pipeline')).toEqual({
      id: 'ci-cd-pipeline',
      level: 2,
      passed: true,
      message: expect.any(String),
      waived: true,
      waiver: { reason: 'pipeline runs elsewhere', until: '2999-12-31' },
    });
    expect(b.problems).toEqual([]);
    expect(byRef(list, 'component:default/model-c').targetLevel).toBe(3);
    expect(byRef(list, 'resource:analytics/feature-table')).toMatchObject({
      targetLevel: 3,
      level: 0,
    });
    expect(
      check(byRef(list, 'resource:analytics/feature-table'), 'feature-store')
        .passed,
    ).toBe(true);

    // A User owner: one person.
    const zeta = byRef(list, 'component:analytics/zeta');
    expect(check(zeta, 'shared-ownership').passed).toBe(false);
    expect(zeta.targetLevel).toBe(2);
  });

  it('knows membership and owner counts only from the files of the run', () => {
    // Without the org files and model-c's file, solo-team is unknown (so it
    // is not held against model-a) and big-team owns one ML component.
    const r = run(
      ['assess', 'org-run/a', 'org-run/b/catalog-info.yaml', '--format=json'],
      { cwd: tmp },
    );
    expect(r.status).toBe(0);
    const list = json(r);
    expect(list.map(a => a.entityRef)).toEqual([
      'component:default/model-a',
      'component:default/model-b',
    ]);
    const a = byRef(list, 'component:default/model-a');
    expect(check(a, 'shared-ownership').passed).toBe(true);
    expect(a.level).toBe(1);
    expect(byRef(list, 'component:default/model-b').targetLevel).toBe(2);
  });

  it("counts the members a Group lists in its spec, as the catalog's relations would", () => {
    const r = run(['assess', 'members-run', '--format=json'], { cwd: tmp });
    expect(r.status).toBe(0);
    const list = json(r);
    const pair = byRef(list, 'component:default/model-pair');
    expect(check(pair, 'shared-ownership').passed).toBe(true);
    expect(pair.level).toBe(1);
    const lone = byRef(list, 'component:default/model-lone');
    expect(check(lone, 'shared-ownership')).toMatchObject({ passed: false });
    expect(check(lone, 'shared-ownership').message).toContain('1 member');
    expect(lone.level).toBe(0);
  });

  it('reports unquoted annotation values as errors that say to quote them', () => {
    const r = run(['assess', 'unquoted', '--format', 'json'], { cwd: tmp });
    expect(r.status).toBe(0);
    const [a] = json(r);
    expect(a.entityRef).toBe('component:default/unquoted');
    const gpu = a.problems.find(p => p.annotation === 'mlops/gpu-utilization');
    const regulated = a.problems.find(p => p.annotation === 'mlops/regulated');
    expect(gpu?.severity).toBe('error');
    expect(gpu?.message).toMatch(/quote/i);
    expect(gpu?.message).toContain('"72"');
    expect(regulated?.severity).toBe('error');
    expect(regulated?.message).toMatch(/quote/i);
    expect(regulated?.message).toContain('"true"');
    // The unquoted value is ignored: not regulated, so the default target 2.
    expect(a.targetLevel).toBe(2);
    expect(check(a, 'gpu-utilization').passed).toBe(false);
  });
});

describe('mlops-maturity assess --format table and markdown', () => {
  it('prints a readable table without colour when stdout is not a terminal', () => {
    const r = run(['assess', 'org-run'], { cwd: tmp });
    expect(r.status).toBe(0);
    expect(r.stdout).not.toMatch(ANSI);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^ENTITY\s+LEVEL\s+TARGET\s+CLAIMED/);
    const row = (ref: string) => lines.find(l => l.startsWith(`${ref} `));
    expect(row('component:default/model-a')).toMatch(/\s0 Manual\s+2\s/);
    expect(row('component:default/model-b')).toMatch(/\s1 Managed\s+3\s/);
    expect(row('component:analytics/zeta')).toMatch(/\s0 Manual\s+2\s/);
    expect(row('resource:analytics/feature-table')).toMatch(/\s0 Manual\s+3\s/);
    expect(row('group:default/solo-team')).toBeUndefined();
    expect(r.stdout).not.toContain('component:default/web');
    expect(r.stdout).toContain('5 ML components; 5 below target.');
    // Details name the file and line the component comes from.
    expect(r.stdout).toContain('(org-run/a/catalog-info.yaml:1)');
    expect(r.stdout).toMatch(
      /waived\s+ci-cd-pipeline \(level 2\) until 2999-12-31/,
    );

    const noColour = run(['assess', 'org-run'], {
      cwd: tmp,
      env: { NO_COLOR: '1' },
    });
    expect(noColour.status).toBe(0);
    expect(noColour.stdout).toBe(r.stdout);
  });

  it('prints a markdown table with one row per component and YAML to add', () => {
    const r = run(['assess', 'org-run', 'good', '--format', 'markdown'], {
      cwd: tmp,
    });
    expect(r.status).toBe(0);
    expect(r.stdout).not.toMatch(ANSI);
    const lines = r.stdout.split('\n');
    const header = lines.indexOf(
      '| Entity | Level | Target | Claimed | Failing checks | Problems |',
    );
    expect(header).toBeGreaterThan(-1);
    expect(lines[header + 1]).toBe('| --- | --- | --- | --- | --- | --- |');
    const rows = lines.slice(header + 2, lines.indexOf('', header));
    expect(rows).toHaveLength(6);
    expect(rows[0]).toMatch(
      /^\| `component:analytics\/zeta` \| .*0 Manual \| 2 \|/,
    );
    expect(rows.find(l => l.includes('good-model'))).toMatch(
      /\| 🟢 2 Automated \| 2 \|/,
    );
    expect(rows.find(l => l.includes('model-b'))).toMatch(
      /\| 🔴 1 Managed \| 3 \|/,
    );
    // model-a is below its target: its details hold the YAML to add.
    const start = r.stdout.indexOf(
      '<details><summary><code>component:default/model-a</code>',
    );
    expect(start).toBeGreaterThan(-1);
    const details = r.stdout.slice(
      start,
      r.stdout.indexOf('</details>', start),
    );
    expect(details).toContain('```yaml\n');
    expect(details).toContain('spec:\n  owner: group:default/');
    expect(details).toContain('mlops/pipeline: ');
  });
});

describe('mlops-maturity exit codes', () => {
  it('gates every component even when the reader of its JSON goes away early', async () => {
    // Enough components for several batches of output: the writing stops at
    // the first batch nobody reads, the assessments for the gate do not.
    const dir = path.join(tmp, 'many');
    fs.mkdirSync(dir, { recursive: true });
    const doc = (i: number) => `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: model-${i}
  annotations:
    mlops/model-registry: "https://mlflow.example.com/#/models/model-${i}"
    mlops/regulated: "${i % 3 === 0}"
spec:
  type: ml-model
  owner: user:default/someone
`;
    fs.writeFileSync(
      path.join(dir, 'catalog-info.yaml'),
      Array.from({ length: 800 }, (_, i) => doc(i)).join('---\n'),
    );
    const args = ['assess', 'many', '--format', 'json', '--fail-below-target'];
    const full = run(args, { cwd: tmp });
    expect(full.status).toBe(1);
    expect(full.stdout.length).toBeGreaterThan(3 * 2 ** 20);
    expect(full.stderr).toMatch(
      /^mlops-maturity: 800 ML components are below target: /,
    );

    const child = spawn(process.execPath, [BIN, ...args], { cwd: tmp });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', d => {
      stderr += d;
    });
    const code = await new Promise(resolve => child.on('close', resolve));
    expect(code).toBe(1);
    expect(stderr).toBe(full.stderr);
  });

  it('--fail-below-target exits 1 when a component is below target, 0 when all are at it', () => {
    const below = run(['assess', 'org-run', '--fail-below-target'], {
      cwd: tmp,
    });
    expect(below.status).toBe(1);
    expect(below.stdout).toContain('component:default/model-a');
    expect(below.stderr).toMatch(/5 ML components are below target/);
    expect(below.stderr).toContain('component:default/model-a (0 < 2)');

    const atTarget = run(
      ['assess', 'good', '--fail-below-target', '--format', 'json'],
      { cwd: tmp },
    );
    expect(atTarget.stderr).toBe('');
    expect(atTarget.status).toBe(0);
    expect(json(atTarget)).toEqual([
      expect.objectContaining({
        entityRef: 'component:default/good-model',
        level: 2,
        targetLevel: 2,
      }),
    ]);
  });

  it('--min-level N exits 1 when a component is below level N', () => {
    const ok = run(['assess', 'good', '--min-level', '2'], { cwd: tmp });
    expect(ok.status).toBe(0);
    expect(ok.stderr).toBe('');

    const below = run(
      ['assess', 'good', '--min-level', '3', '--fail-below-target'],
      { cwd: tmp },
    );
    expect(below.status).toBe(1);
    expect(below.stderr).toContain(
      'below level 3: component:default/good-model (2)',
    );
    expect(below.stderr).not.toContain('below target');

    const zero = run(['assess', 'org-run', '--min-level=0'], { cwd: tmp });
    expect(zero.status).toBe(0);
  });

  it('exits 2 on files that cannot be parsed, naming file and line, and still assesses the others', () => {
    const r = run(
      [
        'assess',
        'mixed',
        'does-not-exist.yaml',
        '--format',
        'json',
        '--fail-below-target',
      ],
      { cwd: tmp },
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /^mlops-maturity: error: mixed\/indent\/catalog-info\.yaml:7(:\d+)?: \S/m,
    );
    expect(r.stderr).toMatch(
      /^mlops-maturity: error: mixed\/dup\/catalog-info\.yaml:7(:\d+)?: .*unique/im,
    );
    expect(r.stderr).toMatch(
      /^mlops-maturity: error: does-not-exist\.yaml: no such file/m,
    );
    // The good files, before and after the broken ones, are in the output.
    expect(json(r).map(a => a.entityRef)).toEqual([
      'component:default/mixed-last',
      'component:default/mixed-ok',
    ]);
  });

  it('exits 2 naming a path that does not exist', () => {
    const r = run(['assess', 'nowhere/catalog-info.yaml', '--format', 'json'], {
      cwd: tmp,
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('nowhere/catalog-info.yaml');
    expect(r.stderr).toMatch(/no such file or folder/);
    expect(json(r)).toEqual([]);
  });

  it('exits 2 on bad option values, naming the option and what is allowed', () => {
    const format = run(['assess', 'good', '--format', 'xml'], { cwd: tmp });
    expect(format.status).toBe(2);
    expect(format.stdout).toBe('');
    expect(format.stderr).toContain('--format');
    expect(format.stderr).toContain('"xml"');
    expect(format.stderr).toContain('table, json, markdown');

    const level = run(['assess', 'good', '--min-level', '9'], { cwd: tmp });
    expect(level.status).toBe(2);
    expect(level.stdout).toBe('');
    expect(level.stderr).toContain('--min-level');
    expect(level.stderr).toContain('"9"');
    expect(level.stderr).toContain('0 to 4');
  });

  it('assess --help prints the usage and exits 0', () => {
    const r = run(['assess', '--help'], { cwd: tmp });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain(
      'Usage: mlops-maturity assess [options] <file-or-folder...>',
    );
    for (const option of ['--format', '--fail-below-target', '--min-level']) {
      expect(r.stdout).toContain(option);
    }
  });
});

describe('mlops-maturity input', () => {
  it('reads every catalog-info*.yaml below folders, skips other files and node_modules, takes several paths', () => {
    const r = run(
      [
        'assess',
        'tree',
        'extra',
        'loose/models.yaml',
        // Already found through its folder: read once.
        'tree/catalog-info.yaml',
        '--format',
        'json',
      ],
      { cwd: tmp },
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(json(r).map(a => a.entityRef)).toEqual([
      'component:default/extra-model',
      'component:default/loose-model',
      'component:default/tree-nested-prod',
      'component:default/tree-top',
    ]);

    const empty = run(['assess', 'no-catalog', '--format', 'json'], {
      cwd: tmp,
    });
    expect(empty.status).toBe(2);
    expect(empty.stderr).toContain('no-catalog');
    expect(empty.stderr).toContain('catalog-info*.yaml');
  });

  it('reads every document of a file, skips empty ones and warns about ones that are not entities', () => {
    const r = run(['assess', 'multi/catalog-info.yaml', '--format', 'json'], {
      cwd: tmp,
    });
    expect(r.status).toBe(0);
    expect(json(r).map(a => a.entityRef)).toEqual([
      'component:default/multi-one',
      'component:default/multi-two',
    ]);
    const warnings = r.stderr.trimEnd().split('\n');
    expect(warnings).toEqual([
      expect.stringMatching(
        /^mlops-maturity: warning: multi\/catalog-info\.yaml:6: .*not a Backstage entity/,
      ),
      expect.stringMatching(
        /^mlops-maturity: warning: multi\/catalog-info\.yaml:9: .*not a Backstage entity/,
      ),
    ]);
  });

  it('refuses alias bombs quickly, naming the file, and assesses the rest', () => {
    const r = run(['assess', 'bomb', '--format', 'json'], {
      cwd: tmp,
      // Expanding the bomb needs gigabytes; this heap would make it crash.
      nodeArgs: ['--max-old-space-size=128'],
    });
    expect(r.signal).toBeNull();
    expect(r.ms).toBeLessThan(5_000);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /^mlops-maturity: error: bomb\/plain\/catalog-info\.yaml:\d+: .*alias/im,
    );
    expect(r.stderr).toMatch(
      /^mlops-maturity: error: bomb\/entity\/catalog-info\.yaml:\d+: .*alias/im,
    );
    expect(r.stderr).not.toMatch(/heap|stack/i);
    expect(json(r).map(a => a.entityRef)).toEqual([
      'component:default/beside-the-bomb',
    ]);
  });

  it('resolves relative paths against the folder it runs in, and against INIT_CWD under npm run', () => {
    // Started by something that yarn started in another folder.
    const nested = run(['assess', 'good', '--format', 'json'], {
      cwd: tmp,
      env: {
        INIT_CWD: __dirname,
        npm_package_json: path.resolve(__dirname, '../package.json'),
      },
    });
    expect(nested.stderr).toBe('');
    expect(nested.status).toBe(0);
    expect(json(nested).map(a => a.entityRef)).toEqual([
      'component:default/good-model',
    ]);

    // `npm run -s mlops-maturity -- assess good` typed in the temporary
    // folder: npm runs the root script in the repository root.
    const npmRun = run(['assess', 'good', '--format', 'json'], {
      cwd: REPO_ROOT,
      env: {
        INIT_CWD: tmp,
        npm_package_json: path.join(REPO_ROOT, 'package.json'),
      },
    });
    expect(npmRun.stderr).toBe('');
    expect(npmRun.status).toBe(0);
    expect(json(npmRun).map(a => a.entityRef)).toEqual([
      'component:default/good-model',
    ]);
  });

  it('ends quietly when the reader of its output goes away (| head)', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.INIT_CWD;
    delete env.npm_package_json;
    const child = spawn(
      process.execPath,
      [BIN, 'assess', EXAMPLES, '--format', 'json'],
      { cwd: tmp, env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    // The output is far larger than a pipe holds; nobody reads it.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', d => {
      stderr += d;
    });
    const code = await new Promise<number | null>(resolve =>
      child.on('close', resolve),
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});

describe('mlops-maturity on the examples of this repository', () => {
  function catalogFiles(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return catalogFiles(full);
      return /^catalog-info.*\.yaml$/.test(entry.name) ? [full] : [];
    });
  }

  it('assesses every ML component there, at levels 0 to 4', () => {
    const expected: string[] = [];
    for (const file of catalogFiles(EXAMPLES)) {
      for (const doc of parseAllDocuments(fs.readFileSync(file, 'utf8'))) {
        const e = doc.toJS();
        if (!e?.kind || !e?.metadata?.name) continue;
        const ml =
          ['ml-model', 'ml-service', 'ml-pipeline'].includes(e.spec?.type) ||
          Object.keys(e.metadata.annotations ?? {}).some(k =>
            k.startsWith('mlops/'),
          );
        if (ml) {
          expected.push(
            `${e.kind}:${e.metadata.namespace ?? 'default'}/${
              e.metadata.name
            }`.toLowerCase(),
          );
        }
      }
    }
    expect(expected.length).toBeGreaterThanOrEqual(5);

    const r = run(['assess', EXAMPLES, '--format', 'json'], { cwd: tmp });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const list = json(r);
    expect(list.map(a => a.entityRef)).toEqual([...expected].sort());
    expect(new Set(list.map(a => a.level))).toEqual(new Set([0, 1, 2, 3, 4]));
  });
});
