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

import { MaturityRubric, RubricAnnotation } from '../types';
import { ABSENCE_TOKENS } from '../engine/values';

/**
 * A JSON Schema document (draft-07), as plain JSON data.
 *
 * @public
 */
export type JsonSchemaObject = { [key: string]: unknown };

/**
 * Options of {@link rubricJsonSchema}.
 *
 * @public
 */
export interface RubricJsonSchemaOptions {
  /** The schema's `$id`; none when omitted. */
  id?: string;
}

/** Escapes a literal for use inside a regular expression. */
function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * A pattern matching `word` in any letter case: JSON Schema patterns have no
 * flags, and the engine compares enumerated values case-insensitively.
 */
function anyCase(word: string): string {
  let out = '';
  for (const ch of word) {
    const lower = ch.toLowerCase();
    const upper = ch.toUpperCase();
    out +=
      lower !== upper && lower.length === 1 && upper.length === 1
        ? `[${lower}${upper}]`
        : escapeRegExp(ch);
  }
  return out;
}

function alternatives(words: Iterable<string>): string {
  return `(?:${[...words].map(anyCase).join('|')})`;
}

/** Empty, or a value that means "explicitly absent" (`none`, `no`, ...). */
const ABSENT = `(?:${alternatives(ABSENCE_TOKENS)})?`;
const WS = '\\s*';

/**
 * A pattern for the digit strings (no leading zeros, except `0` itself) of
 * the whole numbers from `lo` to `hi`, both non-negative and `lo <= hi`.
 */
export function integerRangePattern(lo: number, hi: number): string {
  const parts: string[] = [];
  for (let length = String(lo).length; length <= String(hi).length; length++) {
    const from = Math.max(lo, length === 1 ? 0 : 10 ** (length - 1));
    const to = Math.min(hi, 10 ** length - 1);
    if (from <= to) parts.push(sameLength(String(from), String(to)));
  }
  return parts.length === 1 ? parts[0] : `(?:${parts.join('|')})`;
}

/** Digit strings of one length from `a` to `b` (`a <= b`, same length). */
function sameLength(a: string, b: string): string {
  if (a.length === 0) return '';
  if (a === b) return a;
  if (a[0] === b[0]) return a[0] + sameLength(a.slice(1), b.slice(1));
  const rest = a.length - 1;
  const [a0, b0] = [Number(a[0]), Number(b[0])];
  if (rest === 0) return `[${a0}-${b0}]`;
  const anyDigits = `\\d{${rest}}`;
  if (/^0*$/.test(a.slice(1)) && /^9*$/.test(b.slice(1))) {
    return `[${a0}-${b0}]${anyDigits}`;
  }
  const parts = [a[0] + sameLength(a.slice(1), '9'.repeat(rest))];
  if (b0 - a0 >= 2) parts.push(`[${a0 + 1}-${b0 - 1}]${anyDigits}`);
  parts.push(b[0] + sameLength('0'.repeat(rest), b.slice(1)));
  return `(?:${parts.join('|')})`;
}

/** The engine's number syntax: digits with an optional fraction, an optional sign. */
const ANY_NUMBER = '[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)';

/**
 * A pattern for the numbers the engine accepts from `min` to `max`. Exact
 * for whole-number bounds `0 <= min <= max`; otherwise only the number
 * syntax is checked and the range is left to the engine.
 */
function numberInRange(min: number, max: number): string {
  if (
    !Number.isSafeInteger(min) ||
    !Number.isSafeInteger(max) ||
    min < 0 ||
    max < min
  ) {
    return ANY_NUMBER;
  }
  const parts: string[] = [];
  if (max > min) {
    parts.push(`0*${integerRangePattern(min, max - 1)}(?:\\.\\d*)?`);
  }
  parts.push(`0*${max}(?:\\.0*)?`);
  if (min === 0) parts.push('\\.\\d+');
  const positive = `\\+?(?:${parts.join('|')})`;
  // "-0" and "-.0" are zero, which is in range when the range starts at 0.
  return min === 0 ? `(?:${positive}|-(?:0+(?:\\.0*)?|\\.0+))` : positive;
}

/**
 * A real calendar date `YYYY-MM-DD`, as the engine reads it: years 0000 to
 * 0099 count as 1900 to 1999, so 0000-02-29 is not a date.
 */
const CALENDAR_DATE = [
  '(?:',
  '\\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|02-(?:0[1-9]|1\\d|2[0-8]))',
  '|',
  '(?:\\d\\d(?:0[48]|[2468][048]|[13579][26])|(?!0000)(?:[02468][048]|[13579][26])00)-02-29',
  ')',
].join('');

function whole(body: string): string {
  return `^${WS}${body}${WS}$`;
}

/** The pattern a value of the annotation must match, or none when any string goes. */
function valuePattern(
  decl: RubricAnnotation,
  maxLevel: number,
): string | undefined {
  switch (decl.kind) {
    case 'boolean':
      return whole(`(?:${alternatives(['true', 'false'])}|${ABSENT})`);
    case 'enum':
      return whole(`(?:${alternatives(decl.values ?? [])}|${ABSENT})`);
    case 'list': {
      if (!decl.values) return undefined;
      const item = `${WS}${alternatives(decl.values)}?${WS}`;
      return `^(?:${WS}${ABSENT}${WS}|${item}(?:,${item})*)$`;
    }
    case 'percent':
      return whole(
        `(?:${numberInRange(
          decl.min ?? 0,
          decl.max ?? 100,
        )}(?:${WS}%)?|${ABSENT})`,
      );
    case 'level':
      // At most six digits, as the engine reads a level.
      return whole(
        `(?:(?=\\d{1,6}\\s*$)0*${integerRangePattern(0, maxLevel)}|${ABSENT})`,
      );
    default:
      return undefined;
  }
}

function valueDescription(decl: RubricAnnotation): string {
  const allowed: Record<string, string | undefined> = {
    boolean: 'true or false.',
    enum: `one of ${decl.values?.join(', ')}.`,
    list: decl.values
      ? `comma-separated items out of ${decl.values.join(', ')}.`
      : 'comma-separated items.',
    percent: `a number from ${decl.min ?? 0} to ${
      decl.max ?? 100
    }, a trailing % allowed.`,
    level: 'a whole number level.',
  };
  const rule = allowed[decl.kind];
  return rule ? `${decl.description} Value: ${rule}` : decl.description;
}

/**
 * A JSON Schema (draft-07) for a Backstage entity document whose
 * `metadata.annotations` use the rubric's vocabulary, for editors (the YAML
 * language server) and for CI. Values must be strings; enumerated, boolean,
 * list, percent and level values must match what the engine accepts (letter
 * case ignored, `none`/`n/a`/... allowed as "explicitly absent"); waivers
 * (`<prefix>waiver.<check-id>`) must read `"<reason>; until YYYY-MM-DD"`;
 * any other key under the rubric's prefix is flagged as unknown.
 *
 * @remarks
 * An expired waiver is valid here: the schema does not know today's date.
 *
 * @public
 */
export function rubricJsonSchema(
  rubric: MaturityRubric,
  options: RubricJsonSchemaOptions = {},
): JsonSchemaObject {
  const prefix = rubric.annotationPrefix;
  const maxLevel = rubric.levels.length - 1;
  const checkIds = [...rubric.checks.map(c => c.id)].sort();
  const waiverKey = `^${escapeRegExp(`${prefix}waiver.`)}(?:${checkIds
    .map(escapeRegExp)
    .join('|')})$`;
  const waiverValue = `^[\\s\\S]*\\S[\\s\\S]*;${WS}${anyCase(
    'until',
  )}\\s+${CALENDAR_DATE}${WS}$`;

  const properties: Record<string, JsonSchemaObject> = {};
  for (const decl of rubric.annotations) {
    // A pattern, not `enum`: the engine ignores letter case and white space.
    const pattern = valuePattern(decl, maxLevel);
    properties[decl.key] = {
      type: 'string',
      description: valueDescription(decl),
      ...(pattern ? { pattern } : {}),
      examples: [decl.example],
    };
  }

  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    ...(options.id ? { $id: options.id } : {}),
    title: 'Backstage entity with MLOps maturity annotations',
    description: `A catalog-info.yaml document. Annotations under ${prefix} are checked against the MLOps maturity rubric: known keys, value rules and waivers. Generated from the rubric; do not edit by hand.`,
    type: 'object',
    required: ['apiVersion', 'kind', 'metadata'],
    properties: {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: {
        type: 'object',
        required: ['name'],
        properties: {
          name: { type: 'string' },
          annotations: {
            type: 'object',
            description: `Annotation values are strings. Keys under ${prefix} must be in the rubric's vocabulary.`,
            properties,
            patternProperties: {
              [waiverKey]: {
                type: 'string',
                description:
                  'Waives a check: "<reason>; until YYYY-MM-DD". While today is on or before the date, the check counts as passed.',
                pattern: waiverValue,
                examples: ['we run no GPUs; until 2027-12-31'],
              },
            },
            additionalProperties: { type: 'string' },
            propertyNames: {
              description: `Unknown ${prefix} annotation: not in the rubric's vocabulary, and not a waiver of a known check.`,
              anyOf: [
                { not: { pattern: `^${escapeRegExp(prefix)}` } },
                { enum: rubric.annotations.map(a => a.key) },
                { pattern: waiverKey },
              ],
            },
          },
        },
      },
      spec: { type: 'object' },
    },
  };
}
