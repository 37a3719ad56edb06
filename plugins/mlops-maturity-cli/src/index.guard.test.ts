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

// The engine promises never to throw on bad input. Should it throw anyway,
// the command reports the entity like an unparsable document and assesses the
// others, and an unexpected failure never exits 1 ("a gate failed").

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main, runCli } from './index';

const poison = { assess: false, context: false, load: false };

jest.mock('@mlops-maturity/plugin-mlops-maturity-common', () => {
  const actual = jest.requireActual(
    '@mlops-maturity/plugin-mlops-maturity-common',
  );
  const poisoned = (e: any) => e?.metadata?.name === 'poison';
  return {
    ...actual,
    assessEntity: (entity: any, options: any) => {
      if (poison.assess && poisoned(entity)) throw new Error('engine broke');
      return actual.assessEntity(entity, options);
    },
    buildAssessmentContext: (entities: any, rubric: any) => {
      const list = [...entities];
      if (poison.context && list.some(poisoned)) {
        throw new TypeError('context broke');
      }
      return actual.buildAssessmentContext(list, rubric);
    },
  };
});

jest.mock('./load', () => {
  const actual = jest.requireActual('./load');
  return {
    ...actual,
    loadPaths: (paths: string[]) => {
      if (poison.load) throw new Error('loader broke');
      return actual.loadPaths(paths);
    },
  };
});

let tmp: string;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-maturity-guard-'));
  const entity = (name: string) => `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${name}
spec:
  type: ml-model
`;
  fs.writeFileSync(
    path.join(tmp, 'catalog-info.yaml'),
    [entity('first'), entity('poison'), entity('last')].join('---\n'),
  );
});

afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

afterEach(() => {
  poison.assess = false;
  poison.context = false;
  poison.load = false;
});

function cli(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = main(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    cwd: tmp,
    env: {},
  });
  return { code, stdout, stderr };
}

describe('main when the engine throws', () => {
  it('assesses all three entities when nothing throws', () => {
    const r = cli(['assess', '.', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toHaveLength(3);
  });

  it.each([
    ['assessing', 'assess', 'engine broke'],
    ['building the catalog context', 'context', 'context broke'],
  ] as const)(
    'reports the entity and assesses the others when %s throws',
    (_, where, message) => {
      poison[where] = true;
      const r = cli(['assess', '.', '--format', 'json']);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(
        `mlops-maturity: error: catalog-info.yaml:8: cannot assess Component "poison": ${message}\n`,
      );
      expect(JSON.parse(r.stdout).map((a: any) => a.entityRef)).toEqual([
        'component:default/first',
        'component:default/last',
      ]);
    },
  );
});

describe('runCli', () => {
  const saved = {
    argv: process.argv,
    exitCode: process.exitCode,
    cwd: process.cwd(),
  };

  afterEach(() => {
    process.argv = saved.argv;
    process.exitCode = saved.exitCode;
    process.chdir(saved.cwd);
    jest.restoreAllMocks();
  });

  it('exits 2, not 1, on an unexpected failure', () => {
    poison.load = true;
    const stderr = jest
      .spyOn(process.stderr, 'write')
      .mockImplementation(() => true);
    jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    process.argv = ['node', 'mlops-maturity', 'assess', tmp];
    runCli();
    const code = process.exitCode;
    process.exitCode = saved.exitCode;
    expect(code).toBe(2);
    expect(String(stderr.mock.calls[0]?.[0])).toMatch(
      /^mlops-maturity: internal error: Error: loader broke/,
    );
  });
});
