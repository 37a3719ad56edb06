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

// `--config`: the rubric of a Backstage app config, so that CI gates on the
// levels the portal shows. Each test runs the real binary.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import {
  MaturityRubric,
  defaultRubric,
  rubricFromConfig,
} from '@mlops-maturity/plugin-mlops-maturity-common';
import { main } from './index';
import { run } from './__testUtils__/runCli';

jest.setTimeout(30_000);

const EXAMPLES = path.resolve(__dirname, '../../../examples');

/** The default rubric with `rbac` moved down to level 1 and restated. */
function organisationRubric(): MaturityRubric {
  const rubric: MaturityRubric = JSON.parse(JSON.stringify(defaultRubric));
  const rbac = rubric.checks.find(c => c.id === 'rbac')!;
  rbac.level = 1;
  rbac.statement = 'Promotions are approved by the model owners group.';
  return rubric;
}

const recommender = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: reco
spec:
  type: recommender
  owner: team-a
  lifecycle: production
`;

let tmp: string;

function write(rel: string, content: string) {
  const file = path.join(tmp, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

function refs(stdout: string): string[] {
  return JSON.parse(stdout).map((a: { entityRef: string }) => a.entityRef);
}

/** What `main` prints for the examples with a rubric given in code. */
function examplesWith(rubric: MaturityRubric): string {
  let out = '';
  const code = main(
    ['assess', EXAMPLES, '--format', 'json'],
    {
      stdout: { write: (s: string) => (out += s) },
      stderr: { write: () => true },
      cwd: tmp,
      env: {},
    },
    rubric,
  );
  expect(code).toBe(0);
  return out;
}

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-maturity-config-'));
  write('reco/catalog-info.yaml', recommender);
  write(
    'literal/catalog-info.yaml',
    recommender
      .replace('name: reco', 'name: literal')
      .replace('type: recommender', 'type: "${literal}"'),
  );
  write(
    'app-config.yaml',
    `app:
  title: Our portal
backend:
  auth:
    keys:
      - secret: \${BACKEND_SECRET}
  database:
    connection:
      password:
        $file: ./secrets/not-in-ci.txt
mlopsMaturity:
  mlTypes: [ml-model, ml-service, ml-pipeline, recommender]
`,
  );
  write(
    'app-config.production.yaml',
    `mlopsMaturity:
  mlTypes: [ml-model]
`,
  );
  write(
    'app-config.rubric.yaml',
    `mlopsMaturity:
  rubric:
    $include: ./rubric/organisation.json
`,
  );
  write('rubric/organisation.json', JSON.stringify(organisationRubric()));
  const renamed = organisationRubric();
  renamed.checks.find(c => c.id === 'rbac')!.id = 'approval-rbac';
  write(
    'app-config.renamed.yaml',
    `mlopsMaturity:\n  rubric: ${JSON.stringify(renamed)}\n`,
  );
  write(
    'app-config.env.yaml',
    `mlopsMaturity:
  mlTypes:
    - ml-model
    - \${EXTRA_ML_TYPE}
    - $$\{literal}
`,
  );
  write(
    'app-config.bad.yaml',
    `mlopsMaturity:
  rubric:
    levels: five
`,
  );
  write('app-config.broken.yaml', 'mlopsMaturity:\n  mlTypes: [a\n');
  write('app-config.list.yaml', '- mlopsMaturity\n');
});

afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('mlops-maturity --config', () => {
  it('takes mlopsMaturity.mlTypes from the app config, ignoring the rest of it', () => {
    const without = run(['assess', 'reco', '--format', 'json'], { cwd: tmp });
    expect(without.status).toBe(0);
    expect(refs(without.stdout)).toEqual([]);

    // The app config's own secrets ($file, ${...}) are not read.
    const withConfig = run(
      ['assess', 'reco', '--format', 'json', '--config', 'app-config.yaml'],
      { cwd: tmp, env: { BACKEND_SECRET: undefined } },
    );
    expect(withConfig.stderr).toBe('');
    expect(withConfig.status).toBe(0);
    expect(refs(withConfig.stdout)).toEqual(['component:default/reco']);
  });

  it('lets a later file override an earlier one, as Backstage does', () => {
    const r = run(
      [
        'assess',
        'reco',
        '--format',
        'json',
        '--config',
        'app-config.yaml',
        '--config',
        'app-config.production.yaml',
      ],
      { cwd: tmp },
    );
    expect(r.status).toBe(0);
    expect(refs(r.stdout)).toEqual([]);
  });

  it('substitutes ${VAR} from the environment, and $${ stays literal', () => {
    const r = run(
      [
        'assess',
        'reco',
        'literal',
        '--format',
        'json',
        '--config',
        'app-config.env.yaml',
      ],
      { cwd: tmp, env: { EXTRA_ML_TYPE: 'recommender' } },
    );
    expect(r.stderr).toBe('');
    expect(refs(r.stdout)).toEqual([
      'component:default/literal',
      'component:default/reco',
    ]);
    const unset = run(
      ['assess', 'reco', '--format', 'json', '--config', 'app-config.env.yaml'],
      { cwd: tmp, env: { EXTRA_ML_TYPE: undefined } },
    );
    expect(refs(unset.stdout)).toEqual([]);
  });

  it('assesses with the organisation’s rubric ($include), exactly as the engine does with it', () => {
    const r = run(
      [
        'assess',
        EXAMPLES,
        '--format',
        'json',
        '--config',
        'app-config.rubric.yaml',
      ],
      { cwd: tmp },
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const expected = examplesWith(organisationRubric());
    expect(r.stdout).toBe(expected);

    // The rubric made a difference: some component lacks rbac at level 1.
    const levels = (text: string) =>
      JSON.parse(text).map((a: { level: number }) => a.level);
    expect(levels(r.stdout)).not.toEqual(levels(examplesWith(defaultRubric)));
    const rbacAt = JSON.parse(r.stdout)[0].checks.find(
      (c: { id: string }) => c.id === 'rbac',
    ).level;
    expect(rbacAt).toBe(1);
  });

  it('explains the checks of the organisation’s rubric', () => {
    const r = run(['explain', 'rbac', '--config', 'app-config.rubric.yaml'], {
      cwd: tmp,
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('rbac: level 1 Managed');
    expect(r.stdout).toContain(
      'Statement: Promotions are approved by the model owners group.',
    );
  });

  it('prints the JSON Schema of the rubric in force (schema)', () => {
    const committed = JSON.parse(
      fs.readFileSync(
        path.resolve(
          __dirname,
          '../../../schema/mlops-annotations.schema.json',
        ),
        'utf8',
      ),
    );
    const byDefault = run(['schema'], { cwd: tmp });
    expect(byDefault.status).toBe(0);
    expect(JSON.parse(byDefault.stdout)).toEqual(committed);

    const organisation = run(
      ['schema', '--config', 'app-config.renamed.yaml'],
      { cwd: tmp },
    );
    expect(organisation.stderr).toBe('');
    expect(organisation.status).toBe(0);
    const waivers = (text: string) =>
      Object.keys(
        JSON.parse(text).properties.metadata.properties.annotations
          .patternProperties,
      ).join(' ');
    expect(waivers(organisation.stdout)).toContain('|approval-rbac|');
    expect(waivers(organisation.stdout)).not.toContain('|rbac|');
    expect(waivers(byDefault.stdout)).toContain('|rbac|');
  });

  it('reads the rubric as the backend and the catalog module do', () => {
    const config = new ConfigReader({
      mlopsMaturity: {
        rubric: JSON.parse(JSON.stringify(organisationRubric())),
        mlTypes: ['x'],
      },
    });
    const rubric = rubricFromConfig(config);
    expect(rubric.mlTypes).toEqual(['x']);
    expect(rubric.checks.find(c => c.id === 'rbac')!.level).toBe(1);
    expect(rubricFromConfig(new ConfigReader({}))).toBe(defaultRubric);
  });

  it('exits 2 naming the file and what is wrong', () => {
    const cases: Array<[string, RegExp]> = [
      ['nope.yaml', /--config nope\.yaml cannot be read: no such file/],
      [
        'app-config.bad.yaml',
        /--config app-config\.bad\.yaml: Invalid MLOps maturity rubric in mlopsMaturity\.rubric:\n[\s\S]*- mlopsMaturity\.rubric\.levels: Expected array, received string/,
      ],
      ['app-config.broken.yaml', /--config app-config\.broken\.yaml:3:1: /],
      [
        'app-config.list.yaml',
        /--config app-config\.list\.yaml: expected a YAML mapping/,
      ],
    ];
    for (const [file, message] of cases) {
      const r = run(['assess', 'reco', '--config', file], { cwd: tmp });
      expect({ file, status: r.status, stdout: r.stdout }).toEqual({
        file,
        status: 2,
        stdout: '',
      });
      expect(r.stderr).toMatch(message);
    }
    write(
      'app-config.missing-include.yaml',
      'mlopsMaturity:\n  rubric:\n    $include: ./gone.yaml\n',
    );
    const r = run(
      ['assess', 'reco', '--config', 'app-config.missing-include.yaml'],
      { cwd: tmp },
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(
      '--config app-config.missing-include.yaml: mlopsMaturity.rubric.$include ./gone.yaml cannot be read: no such file',
    );
  });
});
