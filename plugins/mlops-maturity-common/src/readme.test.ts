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

import fs from 'node:fs';
import path from 'node:path';
import * as lib from '.';

/**
 * The README's example, run as written: its import becomes a destructuring of
 * this package, and what it logs must be what its `// →` comments say.
 */
function readmeExample(): string {
  const readme = fs.readFileSync(
    path.resolve(__dirname, '../README.md'),
    'utf8',
  );
  const section = readme.slice(readme.indexOf('## Assess an entity'));
  const match = section.match(/```ts\n([\s\S]*?)```/);
  if (!match) throw new Error('README.md has no ts example');
  return match[1];
}

describe('the README example', () => {
  it('runs against this package and logs what its comments say', () => {
    const source = readmeExample();
    const imported = source.match(
      /import \{([^}]*)\} from '@mlops-maturity\/plugin-mlops-maturity-common';/,
    );
    expect(imported).not.toBeNull();
    const names = imported![1]
      .split(',')
      .map(n => n.trim())
      .filter(Boolean);
    expect(names.filter(n => !(n in lib))).toEqual([]);
    const code = source.replace(imported![0], `const {${imported![1]}} = lib;`);
    const logged: string[] = [];
    const fakeConsole = {
      log: (...args: unknown[]) => logged.push(args.map(String).join(' ')),
    };
    // eslint-disable-next-line no-new-func
    new Function('lib', 'console', code)(lib, fakeConsole);

    const expected = [...source.matchAll(/\/\/ → (.*)$/gm)].map(m => m[1]);
    expect(expected.length).toBeGreaterThan(3);
    expect(logged).toEqual(expected);
  });
});
