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
import os from 'node:os';
import path from 'node:path';
import { isMap, isScalar, LineCounter, parseAllDocuments } from 'yaml';
import { loadFile, LoadResult } from './load';
import { PlainDocument, readPlainYaml } from './plainYaml';

/** What `yaml` makes of a file, in the plain reader's terms. */
function viaYaml(text: string): PlainDocument[] {
  const counter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: counter });
  const out: PlainDocument[] = [];
  for (const doc of Array.isArray(docs) ? docs : []) {
    expect(doc.errors).toEqual([]);
    const value = doc.toJS();
    if (value === null) continue;
    const annotationLines = new Map<string, number>();
    const metadata = isMap(doc.contents)
      ? doc.contents.get('metadata', true)
      : undefined;
    const annotations = isMap(metadata)
      ? metadata.get('annotations', true)
      : undefined;
    if (isMap(annotations)) {
      for (const pair of annotations.items) {
        if (isScalar(pair.key) && pair.key.range) {
          annotationLines.set(
            String(pair.key.value),
            counter.linePos(pair.key.range[0]).line,
          );
        }
      }
    }
    out.push({
      value,
      line: counter.linePos(doc.contents!.range![0]).line,
      annotationLines,
    });
  }
  return out;
}

const PLAIN: Record<string, string> = {
  entity: `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: fraud-model
  description: Scores card payments; see https://wiki.example.com/#/fraud
  annotations:
    mlops/model-registry: https://mlflow.example.com/#/models/fraud
    mlops/claimed-level: "2"
    mlops/health-metrics: 'uptime, latency, errors'
    mlops/quality-gate: candidate AUC > champion AUC   # a trailing comment
  tags: [ml, fraud, v1.2]
spec:
  type: ml-model
  owner: team-fraud
  children: []
  extra: {}
`,
  'core schema scalars': `kind: K
metadata:
  name: n
values:
  - ~
  - null
  - NULL
  - true
  - False
  - 0o17
  - +7
  - 0x1F
  - .inf
  - +.Inf
  - .NaN
  - 1e3
  - 2.50
  - .5
  - 2026-01-01
  - 1_000
  - yes
  - 'it''s'
  - "a # b"
  - a#b
  - [1, true, null, x]
`,
  'comments, blank lines and several documents': `# A comment before the first document.
---
kind: Group
metadata:

  # A comment between keys.
  name: team-a
spec:
  members:
  - alice
  - bob
  nested:
    -
      deeper: 1
    - key: value
      other: value
---
--- # an empty document, then one at the end without a line break
kind: User
metadata:
  name: alice`,
};

describe('readPlainYaml', () => {
  it.each(Object.entries(PLAIN))(
    'reads %s exactly as yaml does',
    (_name, text) => {
      const read = readPlainYaml(text);
      expect(read).toBeDefined();
      expect(read!.some(d => 'text' in d)).toBe(false);
      expect(read).toEqual(viaYaml(text));
    },
  );

  it.each([
    ['a block scalar', 'description: |\n  one\n  two\n'],
    ['an anchor and an alias', 'a: &x 1\nb: *x\n'],
    ['a tag', 'a: !!str 1\n'],
    ['a flow mapping', 'a: {b: 1}\n'],
    ['a flow sequence with quotes', 'a: ["b"]\n'],
    ['a multi-line plain scalar', 'a: one\n  two\n'],
    ['an escape', 'a: "\\u0041"\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['a quoted key', '"a": 1\n'],
    ['a non-string key', 'true: 1\n'],
    ['a __proto__ key', '__proto__: 1\n'],
    ['a top-level scalar', 'just text\n'],
    ['a top-level sequence', '- a\n'],
    ['a nested mapping on one line', 'a: b: c\n'],
  ])('hands a document with %s to yaml', (_name, other) => {
    const text = `kind: A\nmetadata:\n  name: a\n---\n${other}---\nkind: B\nmetadata:\n  name: b\n`;
    const read = readPlainYaml(text);
    expect(read).toEqual([
      expect.objectContaining({ line: 1 }),
      { text: other, lineOffset: 4 },
      expect.objectContaining({ line: 5 + other.split('\n').length }),
    ]);
  });

  it.each([
    ['a tab', 'a:\tb\n'],
    ['a CR', 'a: b\r\n'],
    ['a directive', '%YAML 1.2\n---\na: b\n'],
    ['a document end marker', 'a: b\n...\n'],
    ['content after ---', '--- |\n  text\n'],
  ])('declines a file with %s', (_name, text) => {
    expect(readPlainYaml(text)).toBeUndefined();
  });
});

describe('loadFile with the plain reader', () => {
  let tmp: string;

  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-maturity-plain-'));
  });

  afterAll(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  function load(text: string): LoadResult {
    const file = path.join(tmp, 'catalog-info.yaml');
    fs.writeFileSync(file, text);
    const result: LoadResult = {
      files: [file],
      entities: [],
      errors: [],
      warnings: [],
    };
    loadFile(file, result);
    return result;
  }

  const entity = (name: string) =>
    `kind: Component\nmetadata:\n  name: ${name}\n  annotations:\n    mlops/pipeline: x\n`;

  it('numbers the lines of documents yaml reads among plain ones by the file', () => {
    const result = load(
      `${entity('one')}---\n# comment\n${entity('two').replace(
        'x\n',
        '|\n      x\n',
      )}---\n${entity('three')}`,
    );
    expect(result.errors).toEqual([]);
    expect(
      result.entities.map(e => [
        e.entity.metadata.name,
        e.line,
        e.annotationLines.get('mlops/pipeline'),
      ]),
    ).toEqual([
      ['one', 1, 5],
      ['two', 8, 12],
      ['three', 15, 19],
    ]);
    expect(
      result.entities[1].entity.metadata.annotations?.['mlops/pipeline'],
    ).toBe('x\n');
  });

  it('still refuses an alias bomb among plain documents, at its line', () => {
    const bomb = [
      'kind: Component',
      'metadata:',
      '  name: bomb',
      '  a: &a [x, x, x, x, x, x, x, x, x, x]',
      '  b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
      '  c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
      '',
    ].join('\n');
    const result = load(`${entity('one')}---\n${bomb}---\n${entity('two')}`);
    expect(result.errors).toEqual([
      expect.objectContaining({
        line: 7,
        message: expect.stringMatching(/alias bomb/),
      }),
    ]);
    expect(result.entities.map(e => e.entity.metadata.name)).toEqual([
      'one',
      'two',
    ]);
  });

  it('reports a syntax error anywhere as yaml does, and keeps no document of the file', () => {
    const result = load(
      `${entity('one')}---\nkind: Component\nmetadata:\n  name: [unclosed\n`,
    );
    expect(result.entities).toEqual([]);
    expect(result.errors).toEqual([
      expect.objectContaining({ line: 10, column: 1 }),
    ]);
  });
});
