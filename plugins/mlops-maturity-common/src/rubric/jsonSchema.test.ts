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

// The schema's value patterns must accept exactly the values the engine
// accepts without an error problem: checked here on chosen edge cases and on
// random values (fast-check). Validation of whole files with a JSON Schema
// validator lives with the CLI, next to the committed schema file.

/* eslint jest/expect-expect: ["warn", { "assertFunctionNames": ["expect", "fc.assert"] }] */

import fc from 'fast-check';
import {
  assessEntity,
  closestMatch,
  defaultRubric,
  MaturityRubric,
  rubricJsonSchema,
} from '..';
import { integerRangePattern } from './jsonSchema';

const NOW = new Date('2026-06-01T00:00:00Z');

function annotationsSchema(rubric: MaturityRubric = defaultRubric): any {
  return (rubricJsonSchema(rubric) as any).properties.metadata.properties
    .annotations;
}

function patternOf(key: string, rubric?: MaturityRubric): RegExp | undefined {
  const s = annotationsSchema(rubric);
  if (s.properties[key]) {
    const p = s.properties[key].pattern;
    return p === undefined ? undefined : new RegExp(p, 'u');
  }
  for (const [keyPattern, sub] of Object.entries<any>(s.patternProperties)) {
    if (new RegExp(keyPattern, 'u').test(key))
      return new RegExp(sub.pattern, 'u');
  }
  throw new Error(`no schema for ${key}`);
}

function schemaAccepts(key: string, value: string, rubric?: MaturityRubric) {
  const p = patternOf(key, rubric);
  return p ? p.test(value) : true;
}

function engineAccepts(key: string, value: string, rubric?: MaturityRubric) {
  const a = assessEntity(
    {
      kind: 'Component',
      metadata: { name: 'x', annotations: { [key]: value } },
      spec: { type: 'ml-model', owner: 'team' },
    },
    { now: NOW, rubric },
  );
  return !a.problems.some(p => p.severity === 'error' && p.annotation === key);
}

function keyAllowed(key: string): boolean {
  const names = annotationsSchema().propertyNames.anyOf;
  return names.some((alt: any) => {
    if (alt.enum) return alt.enum.includes(key);
    if (alt.not) return !new RegExp(alt.not.pattern, 'u').test(key);
    return new RegExp(alt.pattern, 'u').test(key);
  });
}

const VALUE_KEYS = defaultRubric.annotations.map(a => a.key);
const WAIVER = 'mlops/waiver.gpu-utilization';

const EDGE_VALUES: Record<string, string[]> = {
  'mlops/gpu-utilization': [
    '0',
    '100',
    '100%',
    '100.0',
    '100.0001',
    '101',
    '60',
    ' 61 % ',
    '-0',
    '-0.0',
    '-.0',
    '-1',
    '+5',
    '+100',
    '.5',
    '5.',
    '0100',
    '00000',
    'high',
    '%',
    '5%%',
    '1e2',
    'none',
    'N/A',
    '',
    ' ',
    '99.999',
    '-',
    '--1',
    '0x10',
    '١٢',
    '+',
    '.',
    '5 .0',
  ],
  'mlops/target-level': [
    '0',
    '4',
    '5',
    '04',
    '000004',
    '0000004',
    '-1',
    '+1',
    '2.0',
    ' 3 ',
    'five',
    'none',
    '',
    '-',
    '٣',
  ],
  'mlops/claimed-level': ['1', 'x', '9'],
  'mlops/regulated': ['true', 'TRUE', ' False ', 'yes', 'no', 'none', '1', ''],
  'mlops/customer-facing': ['tRuE', 'y', '-'],
  'mlops/deploy-decision': [
    'pipeline',
    'Pipeline',
    ' HUMAN ',
    'auto',
    'none',
    '',
    'pipeline,human',
  ],
  'mlops/retraining-trigger': [
    'schedule',
    'Schedule, DRIFT',
    'schedule,,drift',
    ',',
    ' , ',
    'hourly',
    'none',
    'schedule, none',
    'manual',
    'drift ,performance',
    '',
  ],
  'mlops/health-metrics': ['uptime, latency, errors', 'anything'],
  'mlops/model-registry': ['mlflow', ''],
  [WAIVER]: [
    'we run no GPUs; until 2027-01-31',
    'no GPUs ; UNTIL 2027-01-31 ',
    'a;b; until 2027-01-31',
    ';; until 2027-01-31',
    ' ; until 2027-01-31',
    'until 2027-01-31',
    'no GPUs',
    'no GPUs; until 2027-02-29',
    'no GPUs; until 2028-02-29',
    'no GPUs; until 2000-02-29',
    'no GPUs; until 1900-02-29',
    'no GPUs; until 0000-02-29',
    'no GPUs; until 0004-02-29',
    'no GPUs; until 2027-04-31',
    'no GPUs; until 2027-13-01',
    'no GPUs; until 2027-1-01',
    'no GPUs; until tomorrow',
    'no GPUs; until  2027-01-31',
    'no GPUs; until2027-01-31',
    'no GPUs; until 2027-01-31 extra',
  ],
};

describe('rubricJsonSchema', () => {
  it('is a draft-07 schema of an entity whose annotations are the rubric vocabulary', () => {
    const schema: any = rubricJsonSchema(defaultRubric, {
      id: 'https://example.com/s.json',
    });
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema.$id).toBe('https://example.com/s.json');
    const a = annotationsSchema();
    expect(Object.keys(a.properties).sort()).toEqual([...VALUE_KEYS].sort());
    for (const key of VALUE_KEYS) {
      expect(a.properties[key].type).toBe('string');
      expect(a.properties[key].description).toBeTruthy();
    }
    expect(a.additionalProperties).toEqual({ type: 'string' });
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
    expect(rubricJsonSchema(defaultRubric)).not.toHaveProperty('$id');
  });

  it('allows every known key, waivers of real checks and foreign keys; flags unknown mlops/ keys', () => {
    for (const key of VALUE_KEYS) expect(keyAllowed(key)).toBe(true);
    for (const check of defaultRubric.checks) {
      expect(keyAllowed(`mlops/waiver.${check.id}`)).toBe(true);
    }
    expect(keyAllowed('backstage.io/techdocs-ref')).toBe(true);
    expect(keyAllowed('github.com/project-slug')).toBe(true);
    expect(keyAllowed('mlops/model-regsitry')).toBe(false);
    expect(keyAllowed('mlops/waiver.gpu-utilisation')).toBe(false);
    expect(keyAllowed('mlops/waiver.')).toBe(false);
    expect(keyAllowed('mlops/waiver.rbacx')).toBe(false);
    expect(keyAllowed('mlops/')).toBe(false);
  });

  it('accepts exactly the edge-case values the engine accepts', () => {
    for (const [key, values] of Object.entries(EDGE_VALUES)) {
      for (const value of values) {
        expect({ key, value, accepted: schemaAccepts(key, value) }).toEqual({
          key,
          value,
          accepted: engineAccepts(key, value),
        });
      }
    }
  });

  it('accepts exactly the random values the engine accepts', () => {
    const words = fc.constantFrom(
      'none',
      'No',
      'FALSE',
      'true',
      'n/a',
      '-',
      'pipeline',
      'Human',
      'schedule',
      'drift',
      'performance',
      'manual',
      'hourly',
      '%',
      ',',
      ';',
      ' ',
      '.',
      '+',
      '0',
      '4',
      '60',
      '100',
      'until',
      '2027-02-29',
      '2028-02-29',
      '2027-12-31',
      'reason',
    );
    const value = fc.oneof(
      fc.array(words, { maxLength: 6 }).map(w => w.join('')),
      fc.array(words, { maxLength: 6 }).map(w => w.join(' ')),
      fc.string({ maxLength: 8 }),
      fc.double({ min: -200, max: 200, noNaN: true }).map(String),
      fc.integer({ min: -5, max: 150 }).map(n => `${n}%`),
      fc
        .date({
          min: new Date('1800-01-01'),
          max: new Date('2200-01-01'),
          noInvalidDate: true,
        })
        .map(d => `r; until ${d.toISOString().slice(0, 10)}`),
      fc
        .tuple(
          fc.integer({ min: 0, max: 9999 }),
          fc.integer({ min: 0, max: 13 }),
          fc.integer({ min: 0, max: 32 }),
        )
        .map(
          ([y, m, d]) =>
            `r; until ${String(y).padStart(4, '0')}-${String(m).padStart(
              2,
              '0',
            )}-${String(d).padStart(2, '0')}`,
        ),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...VALUE_KEYS, WAIVER),
        value,
        (key, v) => schemaAccepts(key, v) === engineAccepts(key, v),
      ),
      { numRuns: 3000 },
    );
  });

  it('follows a rubric of its own: other checks, keys, bounds and levels', () => {
    const rubric: MaturityRubric = {
      ...defaultRubric,
      annotationPrefix: 'acme.io/',
      levels: [...defaultRubric.levels, ...defaultRubric.levels.slice(1)].map(
        (l, i) => ({ ...l, level: i }),
      ),
      checks: [
        {
          id: 'warm-pool',
          level: 1,
          statement: 's',
          evidence: 'e',
          conditions: [
            { type: 'greaterThan', annotation: 'acme.io/pool', value: 20 },
          ],
        },
      ],
      annotations: [
        {
          key: 'acme.io/pool',
          kind: 'percent',
          min: 15,
          max: 250,
          description: 'd',
          example: '30',
        },
        {
          key: 'acme.io/target-level',
          kind: 'level',
          description: 'd',
          example: '3',
        },
      ],
    };
    const a = annotationsSchema(rubric);
    expect(Object.keys(a.properties)).toEqual([
      'acme.io/pool',
      'acme.io/target-level',
    ]);
    expect(Object.keys(a.patternProperties)).toEqual([
      '^acme\\.io\\/waiver\\.(?:warm-pool)$',
    ]);
    for (const v of [
      '14',
      '15',
      '14.99',
      '15.0',
      '249.9',
      '250',
      '250.0',
      '250.01',
      '251',
      '0',
      '.5',
      '-0',
      '100%',
      '199',
      'none',
    ]) {
      expect({ v, ok: schemaAccepts('acme.io/pool', v, rubric) }).toEqual({
        v,
        ok: engineAccepts('acme.io/pool', v, rubric),
      });
    }
    for (const v of ['0', '8', '9', '10', '08', '007', 'x']) {
      expect({
        v,
        ok: schemaAccepts('acme.io/target-level', v, rubric),
      }).toEqual({
        v,
        ok: engineAccepts('acme.io/target-level', v, rubric),
      });
    }
  });

  it('builds whole-number range patterns that match exactly the numbers of the range', () => {
    for (const [lo, hi] of [
      [0, 0],
      [0, 9],
      [0, 99],
      [3, 7],
      [5, 123],
      [15, 249],
      [99, 1000],
      [0, 4],
    ]) {
      const re = new RegExp(`^(?:${integerRangePattern(lo, hi)})$`);
      for (let n = 0; n <= 1100; n++) {
        expect({ lo, hi, n, in: re.test(String(n)) }).toEqual({
          lo,
          hi,
          n,
          in: n >= lo && n <= hi,
        });
      }
    }
  });

  it('exports the engine did-you-mean that the CLI uses for check ids', () => {
    const ids = defaultRubric.checks.map(c => c.id);
    expect(closestMatch('gpu-utilisation', ids)).toBe('gpu-utilization');
    expect(closestMatch('RBCA', ids)).toBe('rbac');
    expect(closestMatch('kubernetes', ids)).toBeUndefined();
  });
});
