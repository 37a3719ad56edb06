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

// The READMEs show the command line at work: each `text` block that starts
// with `$ npm run -s mlops-maturity -- ...` is run here, from the
// repository root as the READMEs say, and must print what the block shows.
// A line `...` in a block stands for any lines.
import fs from 'node:fs';
import path from 'node:path';
import { run } from './__testUtils__/runCli';

jest.setTimeout(30_000);

const REPO_ROOT = path.resolve(__dirname, '../../..');
const PROMPT = '$ npm run -s mlops-maturity -- ';

interface Sample {
  file: string;
  args: string[];
  expected: string[];
}

function samples(file: string): Sample[] {
  const text = fs.readFileSync(path.join(REPO_ROOT, file), 'utf8');
  const found: Sample[] = [];
  for (const m of text.matchAll(/```text\n([\s\S]*?)```/g)) {
    const [first, ...rest] = m[1].replace(/\n$/, '').split('\n');
    if (!first.startsWith(PROMPT)) continue;
    found.push({
      file,
      args: first.slice(PROMPT.length).trim().split(/\s+/),
      expected: rest,
    });
  }
  return found;
}

/**
 * The block's lines with its `...` replaced by the output's lines there, so
 * that comparing the two shows any difference line by line.
 */
function expand(expected: string[], actual: string[]): string[] {
  const gap = expected.indexOf('...');
  if (gap < 0) return expected;
  const head = expected.slice(0, gap);
  const tail = expected.slice(gap + 1);
  if (tail.includes('...')) throw new Error('one `...` per block');
  const middle = actual.slice(
    head.length,
    Math.max(head.length, actual.length - tail.length),
  );
  return [...head, ...middle, ...tail];
}

const all = [
  ...samples('README.md'),
  ...samples('plugins/mlops-maturity-cli/README.md'),
];

describe('the command-line samples of the READMEs', () => {
  it('finds the samples', () => {
    expect(all.map(s => `${s.file}: ${s.args[0]}`)).toEqual([
      'README.md: assess',
      'plugins/mlops-maturity-cli/README.md: explain',
    ]);
  });

  it.each(all.map(s => [`${s.file}: ${s.args.join(' ')}`, s] as const))(
    '%s prints what the README shows',
    (_name, sample) => {
      const result = run(sample.args, {
        cwd: REPO_ROOT,
        env: { NO_COLOR: '1' },
      });
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      const actual = result.stdout.replace(/\n$/, '').split('\n');
      expect(actual.join('\n')).toBe(
        expand(sample.expected, actual).join('\n'),
      );
    },
  );
});
