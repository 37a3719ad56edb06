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

import {
  closestMatch,
  editDistance,
  isCalendarDate,
  listForMessage,
  parseInteger,
  parseList,
  parsePercent,
  quote,
} from './values';

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['abc', 'abc', 0],
    ['', 'abc', 3],
    ['abc', '', 3],
    ['kitten', 'sitting', 3],
    ['registry', 'regsitry', 1],
    ['ab', 'ba', 1],
    ['model', 'modle', 1],
    ['rbac', 'bac', 1],
    ['rbac', 'abc', 2],
    ['gpu-utilization', 'gpu-utilisation', 1],
  ])('%j → %j is %i', (a, b, d) => {
    expect(editDistance(a, b, 10)).toBe(d);
    expect(editDistance(b, a, 10)).toBe(d);
  });

  it('gives up at max + 1', () => {
    expect(editDistance('abcdef', 'uvwxyz', 2)).toBe(3);
    expect(editDistance('a', 'abcdefgh', 3)).toBe(4);
    expect(editDistance('abc', 'abd', 0)).toBe(1);
    expect(editDistance('x'.repeat(100_000), 'y', 3)).toBe(4);
  });
});

describe('closestMatch', () => {
  const KEYS = ['mlops/model-registry', 'mlops/rbac', 'mlops/regulated'];

  it('finds a close typo, ignoring case', () => {
    expect(closestMatch('mlops/model-regsitry', KEYS)).toBe(
      'mlops/model-registry',
    );
    expect(closestMatch('MLOPS/Model-Registry', KEYS)).toBe(
      'mlops/model-registry',
    );
    expect(closestMatch('mlops/regulatd', KEYS)).toBe('mlops/regulated');
    const long = 'mlops/waiver.retraining-process-and-runbook';
    expect(closestMatch(long.replace('runbook', 'runbok'), [long])).toBe(long);
  });

  it('prefers the closest of several candidates', () => {
    expect(closestMatch('abcd', ['abxy', 'abcx', 'abcd1'])).toBe('abcx');
    expect(closestMatch('abcd', ['abcd1x', 'abxy', 'abcx'])).toBe('abcx');
  });

  it('suggests nothing when nothing is close', () => {
    expect(closestMatch('mlops/zebra-crossing', KEYS)).toBeUndefined();
    expect(closestMatch('anything', [])).toBeUndefined();
    // Short candidates allow fewer edits: "ab" is not a typo of "rbac".
    expect(closestMatch('ab', ['rbac'])).toBeUndefined();
    expect(closestMatch('x'.repeat(201), ['x'.repeat(200)])).toBeUndefined();
  });
});

describe('isCalendarDate', () => {
  it.each([
    '2026-01-01',
    '2026-02-28',
    '2028-02-29',
    '2000-02-29',
    '2026-04-30',
    '2026-12-31',
  ])('%s is a date', value => {
    expect(isCalendarDate(value)).toBe(true);
  });

  it.each([
    '2026-02-29',
    '2026-02-30',
    '1900-02-29',
    '2026-04-31',
    '2026-13-01',
    '2026-00-10',
    '2026-01-00',
    '2026-01-32',
    '2026-1-01',
    '26-01-01',
    ' 2026-01-01',
    '2026-01-01T00:00:00Z',
    '2026/01/01',
    '',
  ])('%j is not', value => {
    expect(isCalendarDate(value)).toBe(false);
  });
});

describe('parsePercent', () => {
  it.each([
    ['72', 72],
    ['72%', 72],
    ['72 %', 72],
    ['60.5', 60.5],
    ['0', 0],
    ['100', 100],
    ['.5', 0.5],
    ['5.', 5],
    ['-1', -1],
    ['+3', 3],
    ['007', 7],
  ])('%j is %d', (value, n) => {
    expect(parsePercent(value)).toBe(n);
  });

  it.each([
    'abc',
    '',
    '%',
    '.',
    '72%%',
    '%72',
    '1e2',
    '0x10',
    'Infinity',
    'NaN',
    '7 2',
    '72 percent',
    `${'9'.repeat(400)}`,
  ])('%j is not a number', value => {
    expect(parsePercent(value)).toBeUndefined();
  });
});

describe('parseInteger and parseList', () => {
  it('accepts only plain digits', () => {
    expect(parseInteger('3')).toBe(3);
    expect(parseInteger('03')).toBe(3);
    for (const v of ['-1', '2.5', '+2', 'five', '', ' 3', '1e1']) {
      expect(parseInteger(v)).toBeUndefined();
    }
  });

  it('trims, lower-cases and drops empty items', () => {
    expect(parseList(' Uptime ,LATENCY,, errors ,')).toEqual([
      'uptime',
      'latency',
      'errors',
    ]);
    expect(parseList(' , ')).toEqual([]);
  });
});

describe('messages quote values briefly', () => {
  it('shortens a long value', () => {
    expect(quote('abc')).toBe('"abc"');
    expect(quote('x'.repeat(10_000)).length).toBeLessThan(100);
  });

  it('lists a few distinct items and counts the rest', () => {
    expect(listForMessage(['a', 'b'])).toBe('a, b');
    expect(listForMessage(['a', 'a', 'a'], true)).toBe('"a"');
    const many = Array.from({ length: 50 }, (_, i) => `item${i}`);
    const text = listForMessage(many);
    expect(text).toContain('item0');
    expect(text).not.toContain('item49');
    expect(text).toContain('45 more');
  });
});
