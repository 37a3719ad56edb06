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

import { writeJsonArray } from './json';

function written(items: unknown[], indent?: number) {
  const writes: string[] = [];
  writeJsonArray(t => writes.push(t), items[Symbol.iterator](), indent);
  return { text: writes.join(''), writes: writes.length };
}

describe('writeJsonArray', () => {
  const item = (i: number) => ({
    entityRef: `component:default/m-${i}`,
    level: i % 5,
    claimedLevel: null,
    checks: [{ id: 'rbac', passed: false, message: 'a "quoted"\nline' }],
    problems: [],
    recommendations: [{ yaml: 'metadata:\n  annotations:\n', tools: [] }],
  });

  it.each([undefined, 2])(
    'writes what JSON.stringify gives, with indent %s',
    indent => {
      for (const items of [
        [],
        [item(0)],
        [1, 'two', null, [], {}],
        [item(1), item(2)],
      ]) {
        expect(written(items, indent).text).toBe(
          `${JSON.stringify(items, null, indent)}\n`,
        );
      }
    },
  );

  it('writes a large array in batches, not one string', () => {
    const items = Array.from({ length: 12_000 }, (_, i) => item(i));
    for (const indent of [undefined, 2]) {
      const { text, writes } = written(items, indent);
      expect(text).toBe(`${JSON.stringify(items, null, indent)}\n`);
      expect(writes).toBeGreaterThan(1);
    }
  });

  it('stops serializing once a write says the reader has gone, leaving the rest unread', () => {
    const items = Array.from({ length: 12_000 }, (_, i) => item(i));
    let made = 0;
    const remaining = (function* makeItems() {
      for (const x of items) {
        made++;
        yield x;
      }
    })();
    let writes = 0;
    writeJsonArray(() => {
      writes++;
      return false;
    }, remaining);
    expect(writes).toBe(1);
    expect(made).toBeLessThan(items.length);
    // The caller may go on with the same iterator (the CLI does, for its gates).
    let rest = 0;
    for (let r = remaining.next(); !r.done; r = remaining.next()) rest++;
    expect(made).toBe(items.length);
    expect(rest).toBeGreaterThan(0);
  });
});
