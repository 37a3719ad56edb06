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

// Fast, in-process tests of main() for edge cases; cli.test.ts runs the binary.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from './index';

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[\d+m/;

let tmp: string;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-maturity-main-'));
});

afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

function write(rel: string, content: string): string {
  const file = path.join(tmp, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return rel;
}

function cli(
  argv: string[],
  options: {
    isTTY?: boolean;
    env?: Record<string, string | undefined>;
    now?: Date;
  } = {},
) {
  let stdout = '';
  let stderr = '';
  const code = main(argv, {
    stdout: {
      write: (s: string) => (stdout += s),
      isTTY: options.isTTY,
    },
    stderr: { write: (s: string) => (stderr += s) },
    cwd: tmp,
    env: options.env ?? {},
    now: options.now,
  });
  return { code, stdout, stderr };
}

const BELOW_TARGET = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: below-target
  annotations:
    mlops/model-registry: "mlflow"
spec:
  type: ml-model
  owner: user:default/alice
`;

describe('main', () => {
  it('indents JSON for a terminal and prints one compact line when piped', () => {
    const file = write('json/catalog-info.yaml', BELOW_TARGET);
    const tty = cli(['assess', file, '--format', 'json'], { isTTY: true });
    const piped = cli(['assess', file, '--format', 'json'], { isTTY: false });
    expect(JSON.parse(tty.stdout)).toEqual(JSON.parse(piped.stdout));
    expect(tty.stdout).toContain('\n  {');
    expect(piped.stdout.trimEnd().split('\n')).toHaveLength(1);
  });

  it('colours the table only on a terminal without NO_COLOR or TERM=dumb', () => {
    const file = write('colour/catalog-info.yaml', BELOW_TARGET);
    const tty = cli(['assess', file], { isTTY: true, env: {} });
    expect(tty.code).toBe(0);
    expect(tty.stdout).toMatch(ANSI);
    // Colour codes do not shift the columns.
    const plain = cli(['assess', file], { isTTY: false });
    expect(plain.stdout).not.toMatch(ANSI);
    // eslint-disable-next-line no-control-regex
    expect(tty.stdout.replace(/\u001b\[\d+m/g, '')).toBe(plain.stdout);

    for (const env of [
      { NO_COLOR: '1' },
      { NO_COLOR: 'true' },
      { TERM: 'dumb' },
    ]) {
      const r = cli(['assess', file], { isTTY: true, env });
      expect(r.stdout).not.toMatch(ANSI);
      expect(r.stdout).toBe(plain.stdout);
    }
    // no-color.org: an empty NO_COLOR does not turn colour off.
    expect(
      cli(['assess', file], { isTTY: true, env: { NO_COLOR: '' } }).stdout,
    ).toMatch(ANSI);
    // JSON and markdown never hold colour codes.
    for (const format of ['json', 'markdown']) {
      const r = cli(['assess', file, '--format', format], { isTTY: true });
      expect(r.stdout).not.toMatch(ANSI);
    }
  });

  it('prints the usage for help, and exits 2 with it on usage errors', () => {
    const pages: Array<[string[], RegExp]> = [
      [[], /^Usage: mlops-maturity \[options\] \[command\]\n/],
      [['--help'], /^Usage: mlops-maturity \[options\] \[command\]\n/],
      [['-h'], /^Usage: mlops-maturity \[options\] \[command\]\n/],
      [['help'], /^Usage: mlops-maturity \[options\] \[command\]\n/],
      [['assess', '--help'], /^Usage: mlops-maturity assess \[options\]/],
      [['assess', 'x', '-h'], /^Usage: mlops-maturity assess \[options\]/],
      [['help', 'assess'], /^Usage: mlops-maturity assess \[options\]/],
      [['explain', '-h'], /^Usage: mlops-maturity explain \[options\]/],
      [['help', 'explain'], /^Usage: mlops-maturity explain \[options\]/],
      [['schema', '--help'], /^Usage: mlops-maturity schema \[options\]/],
    ];
    for (const [argv, page] of pages) {
      const r = cli(argv);
      expect({ argv, code: r.code }).toEqual({ argv, code: 0 });
      expect(r.stdout).toMatch(page);
      expect(r.stderr).toBe('');
    }
    // Each command's page lists its own options only.
    expect(cli(['assess', '-h']).stdout).toContain('--fail-below-target');
    expect(cli(['explain', '-h']).stdout).not.toContain('--format');
    expect(cli(['--help']).stdout).not.toContain('--format');

    const cases: Array<[string[], RegExp, string]> = [
      [
        ['asses', 'x'],
        /unknown command "asses"; .*\. Did you mean assess\?\n/,
        'mlops-maturity [options]',
      ],
      [['help', 'asses'], /help takes one command/, 'mlops-maturity [options]'],
      [['assess'], /at least one file or folder/, 'mlops-maturity assess'],
      [['assess', 'x', '--frmat', 'json'], /--frmat/, 'mlops-maturity assess'],
      [
        ['assess', 'x', '--min-level', '1.5'],
        /--min-level is "1\.5"; allowed: a whole number from 0 to 4/,
        'mlops-maturity assess',
      ],
      [
        ['assess', 'x', '--min-level=-1'],
        /--min-level is "-1"/,
        'mlops-maturity assess',
      ],
      [
        ['assess', 'x', '--min-level', 'two'],
        /--min-level is "two"/,
        'mlops-maturity assess',
      ],
      [
        ['assess', 'x', '--format', 'JSON'],
        /--format is "JSON"; allowed: table, json, markdown/,
        'mlops-maturity assess',
      ],
      [['assess', 'x', '--format'], /--format/, 'mlops-maturity assess'],
      [['explain', 'a', 'b'], /exactly one check id/, 'mlops-maturity explain'],
      [['schema', 'x'], /schema takes no file/, 'mlops-maturity schema'],
    ];
    for (const [argv, message, usage] of cases) {
      const r = cli(argv);
      expect({ argv, code: r.code }).toEqual({ argv, code: 2 });
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toContain(`\n\nUsage: ${usage}`);
    }
  });

  it('prints an empty result in every format when no ML component is found', () => {
    const file = write(
      'none/catalog-info.yaml',
      `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: website
spec:
  type: website
  owner: team-web
`,
    );
    const table = cli([
      'assess',
      file,
      '--fail-below-target',
      '--min-level',
      '4',
    ]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^No ML components found\./);
    expect(cli(['assess', file, '--format', 'json']).stdout).toBe('[]\n');
    expect(cli(['assess', file, '--format', 'markdown']).stdout).toContain(
      'No ML components found.',
    );
  });

  it('counts a waiver up to and including its date, then warns that it expired', () => {
    const file = write(
      'waiver/catalog-info.yaml',
      `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: waived
  annotations:
    mlops/waiver.model-registry: "registry is being migrated; until 2030-01-01"
spec:
  type: ml-model
`,
    );
    const assess = (now: string) => {
      const r = cli(['assess', file, '--format', 'json'], {
        now: new Date(`${now}T12:00:00Z`),
      });
      expect(r.code).toBe(0);
      return JSON.parse(r.stdout)[0];
    };
    const registry = (a: any) =>
      a.checks.find((c: any) => c.id === 'model-registry');

    const onTheDay = assess('2030-01-01');
    expect(registry(onTheDay)).toMatchObject({
      passed: true,
      waived: true,
      waiver: { reason: 'registry is being migrated', until: '2030-01-01' },
    });
    expect(onTheDay.problems).toEqual([]);

    const after = assess('2030-01-02');
    expect(registry(after).passed).toBe(false);
    expect(registry(after).waived).toBeUndefined();
    expect(after.problems).toEqual([
      expect.objectContaining({
        severity: 'warning',
        annotation: 'mlops/waiver.model-registry',
        message: expect.stringContaining('expired on 2030-01-01'),
      }),
    ]);

    const table = cli(['assess', file], { now: new Date('2029-06-01') });
    expect(table.stdout).toContain(
      'waived  model-registry (level 1) until 2030-01-01: registry is being migrated',
    );
  });

  it('points the table at the line of an unquoted annotation value', () => {
    const file = write(
      'unquoted/catalog-info.yaml',
      `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: unquoted
  annotations:
    mlops/model-registry: "mlflow"
    mlops/gpu-utilization: 72
    mlops/customer-facing: true
spec:
  type: ml-model
`,
    );
    const r = cli(['assess', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /error\s+mlops\/gpu-utilization is a number, .*quote the value.*\(mlops\/gpu-utilization: "72"\).*\(line 7\)/,
    );
    expect(r.stdout).toMatch(
      /error\s+mlops\/customer-facing is a boolean, .*quote the value.*\(line 8\)/,
    );
  });

  it('warns about documents that only look like entities, and goes on', () => {
    const file = write(
      'almost/catalog-info.yaml',
      `kind: ""
metadata: { name: nameless-kind }
---
kind: Component
metadata: { name: "  " }
---
kind: Component
metadata: "not a mapping"
---
${BELOW_TARGET}`,
    );
    const r = cli(['assess', file, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.stderr.trimEnd().split('\n')).toEqual([
      expect.stringMatching(
        /almost\/catalog-info\.yaml:1: .*not a Backstage entity/,
      ),
      expect.stringMatching(
        /almost\/catalog-info\.yaml:4: .*not a Backstage entity/,
      ),
      expect.stringMatching(
        /almost\/catalog-info\.yaml:7: .*not a Backstage entity/,
      ),
    ]);
    expect(JSON.parse(r.stdout).map((a: any) => a.entityRef)).toEqual([
      'component:default/below-target',
    ]);
  });

  it("says which of a Location's targets were not read, and reads none of them", () => {
    write('repo/models/churn/catalog-info.yaml', BELOW_TARGET);
    write(
      'repo/models/other/catalog-info.yaml',
      BELOW_TARGET.replace('below-target', 'other'),
    );
    const root = write(
      'repo/catalog-info.yaml',
      `apiVersion: backstage.io/v1alpha1
kind: Location
metadata:
  name: repo-root
spec:
  targets:
    - ./models/churn/catalog-info.yaml
    - ./models/*/catalog-info.yaml
    - https://example.com/elsewhere/catalog-info.yaml
`,
    );
    const r = cli(['assess', root, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('[]\n');
    expect(r.stderr).toBe(
      'mlops-maturity: warning: repo/catalog-info.yaml:1: Location "repo-root" points at 2 targets this run did not read (./models/churn/catalog-info.yaml, ./models/*/catalog-info.yaml). The command reads only the files and folders it is given, not a Location\'s targets: give it the folder that holds them, or the files too.\n',
    );

    // One of the glob's two files read: the glob is still named.
    const one = cli(['assess', root, 'repo/models/churn/catalog-info.yaml']);
    expect(one.stderr).toMatch(
      /points at a target this run did not read \(\.\/models\/\*\/catalog-info\.yaml\)/,
    );
    // A target that does not exist is not named: it could not be read.
    write(
      'gone/catalog-info.yaml',
      `kind: Location
metadata: { name: gone }
spec: { target: ./nowhere/catalog-info.yaml }
`,
    );
    expect(cli(['assess', 'gone/catalog-info.yaml']).stderr).toBe('');
    // The folder holds every target: nothing to say.
    const all = cli(['assess', 'repo', '--format', 'json']);
    expect(all.stderr).toBe('');
    expect(JSON.parse(all.stdout).map((a: any) => a.entityRef)).toEqual([
      'component:default/below-target',
      'component:default/other',
    ]);
  });

  it('keeps the markdown intact whatever names and values the files hold', () => {
    const file = write(
      'markdown/catalog-info.yaml',
      `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: "a|b\`c<b>"
  annotations:
    mlops/retraining-trigger: "</details><img src=x>"
spec:
  type: ml-model
`,
    );
    const r = cli(['assess', file, '--format', 'markdown']);
    expect(r.code).toBe(0);
    const row = r.stdout
      .split('\n')
      .find(l => l.startsWith('| ') && l.includes('a\\|b'));
    // Six cells: seven | that are not escaped.
    expect(row?.match(/(?<!\\)\|/g)).toHaveLength(7);
    expect(row).toContain('``component:default/a\\|b`c<b>``');
    expect(r.stdout.match(/<details>/g)).toHaveLength(1);
    expect(r.stdout.match(/<\/details>/g)).toHaveLength(1);
    expect(r.stdout).not.toContain('<img');
    expect(r.stdout).toContain('&lt;/details&gt;&lt;img src=x&gt;');
    expect(r.stdout).toContain('<code>component:default/a|b`c&lt;b&gt;</code>');
  });
});
