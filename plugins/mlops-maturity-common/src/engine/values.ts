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

/** Values that mean "explicitly absent": the check fails, and no problem is reported. */
export const ABSENCE_TOKENS: ReadonlySet<string> = new Set([
  'none',
  'no',
  'false',
  'n/a',
  '-',
]);

/** Longest stretch of a value quoted back in a message, so a 1 MB value cannot flood a UI. */
const QUOTE_LIMIT = 80;

/** A user-supplied value shortened for a message. */
function shorten(value: string): string {
  return value.length > QUOTE_LIMIT ? `${value.slice(0, QUOTE_LIMIT)}…` : value;
}

/** Characters JSON.stringify escapes in a string (quote, backslash, controls, surrogates). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** Whether `JSON.stringify` would escape anything in `value`. */
export function needsEscape(value: string): boolean {
  return NEEDS_ESCAPE.test(value);
}

/**
 * `JSON.stringify(value)` for a string, without its cost in the common case
 * of a value with nothing to escape (the result is the same string).
 */
export function jsonString(value: string): string {
  return NEEDS_ESCAPE.test(value) ? JSON.stringify(value) : `"${value}"`;
}

/** Quotes a user-supplied value for a message, shortened when long. */
export function quote(value: string): string {
  return jsonString(shorten(value));
}

/** Most list items quoted back in a message; the rest are counted. */
const ITEMS_LIMIT = 5;

/**
 * The distinct items of a list for a message, each shortened, at most a few
 * of them, so a 1 MB list cannot flood a UI either.
 */
export function listForMessage(items: readonly string[], quoted = false) {
  const distinct = [...new Set(items)];
  const shown = distinct
    .slice(0, ITEMS_LIMIT)
    .map(item => (quoted ? quote(item) : shorten(item)));
  const more = distinct.length - shown.length;
  return `${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
}

/** Splits a comma-separated list value into trimmed, lower-cased, non-empty items. */
export function parseList(value: string): string[] {
  const items: string[] = [];
  for (const part of value.split(',')) {
    const item = part.trim().toLowerCase();
    if (item) items.push(item);
  }
  return items;
}

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

/** Parses a number with an optional trailing `%`; `undefined` when it is not one. */
export function parsePercent(value: string): number | undefined {
  const v = value.endsWith('%') ? value.slice(0, -1).trimEnd() : value;
  if (!NUMBER.test(v)) return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

/** Parses a whole number made only of digits; `undefined` otherwise. */
export function parseInteger(value: string): number | undefined {
  if (!/^\d{1,6}$/.test(value)) return undefined;
  return Number(value);
}

/**
 * Edit distance with adjacent transpositions counted as one edit (optimal
 * string alignment), so that `regsitry` is one edit from `registry`.
 * Gives up early once the distance exceeds `max`, to stay cheap on long keys.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = b.length;
  let prevPrev = new Array<number>(n + 1).fill(0);
  let prev = new Array<number>(n + 1);
  let cur = new Array<number>(n + 1);
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= n; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (
        i > 1 &&
        j > 1 &&
        a.charCodeAt(i - 1) === b.charCodeAt(j - 2) &&
        a.charCodeAt(i - 2) === b.charCodeAt(j - 1)
      ) {
        d = Math.min(d, prevPrev[j - 2] + 1);
      }
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    [prevPrev, prev, cur] = [prev, cur, prevPrev];
  }
  return prev[n];
}

/**
 * The closest candidate to `input`, when it is close enough to be a likely
 * typo: at most a third of the candidate's length away, and never more than
 * three edits. Comparison ignores case. This is the engine's did-you-mean.
 *
 * @public
 */
export function closestMatch(
  input: string,
  candidates: readonly string[],
): string | undefined {
  if (input.length > 200) return undefined;
  const needle = input.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const limit = Math.min(3, Math.floor(candidate.length / 3));
    const d = editDistance(needle, candidate.toLowerCase(), limit);
    if (d <= limit && d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isCalendarDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return d <= days;
}

let lastDateMs = NaN;
let lastDateIso = '';

/** Today's date as `YYYY-MM-DD` in UTC (the last answer is remembered: a fleet shares one date). */
export function isoDate(date: Date): string {
  const ms = date.getTime();
  if (ms !== lastDateMs) {
    lastDateIso = date.toISOString().slice(0, 10);
    lastDateMs = ms;
  }
  return lastDateIso;
}
