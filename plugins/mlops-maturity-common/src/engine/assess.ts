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
  CheckRecommendation,
  CheckResult,
  CheckWaiver,
  MaturityAssessment,
  MaturityEntity,
  MaturityProblem,
  MaturityRubric,
  RubricAnnotation,
  RubricCheck,
  RubricCondition,
  TargetLevelReason,
} from '../types';
import { defaultRubric } from '../rubric/defaultRubric';
import {
  ABSENCE_TOKENS,
  closestMatch,
  isCalendarDate,
  isoDate,
  listForMessage,
  parseInteger,
  parseList,
  parsePercent,
  quote,
} from './values';
import {
  AssessmentContext,
  ContextOwner,
  contextOwnerOf,
  emptyAssessmentContext,
  entityRefOf,
  ownerRefOf,
} from './context';
import { buildRecommendations } from './recommendations';

/**
 * Options of {@link assessEntity}.
 *
 * @public
 */
export interface AssessOptions {
  /** The rubric to assess against; {@link defaultRubric} when omitted. */
  rubric?: MaturityRubric;
  /** What else the catalog knows (Groups, owner counts). */
  context?: AssessmentContext;
  /** The day waivers are compared with; now when omitted. */
  now?: Date;
}

/** An annotation value after reading it once, shared by every check that uses it. */
interface ParsedValue {
  raw: string;
  /**
   * Trimmed, lower-cased; only for keys whose annotation `needsLower`, and
   * otherwise the trimmed value unchanged (lower-casing a URL per entity
   * costs, and nothing would read it).
   */
  lower: string;
  /** Empty or an absence token: "explicitly absent". */
  absent: boolean;
  /** The value breaks the key's rules (a problem was reported). */
  invalid: boolean;
  list: string[] | undefined;
  num: number | undefined;
}

/**
 * The parsed values of an entity, by annotation slot. An array rather than a
 * map: every check reads it, and the slots are numbered once per rubric.
 */
type ValueSlots = Array<ParsedValue | undefined>;

/** A declared annotation with what parsing its values needs, computed once. */
interface CompiledAnnotation {
  decl: RubricAnnotation;
  /** Where its value lives in {@link ValueSlots}. */
  slot: number;
  /**
   * `decl.values` lower-cased; `undefined` when the annotation has none, and
   * `null` when they could not be prepared (then the original expression
   * runs, so that a malformed rubric fails exactly as before).
   */
  lowerValues: string[] | undefined | null;
  /**
   * The last value parsed for this key, its parse, and the problem it
   * raised: fleets repeat values ("pipeline", "schedule"), and a parse
   * depends only on the key and the value.
   */
  lastRaw: string | undefined;
  lastParsed: ParsedValue | undefined;
  lastProblem: string | undefined;
  /** The key has the rubric's prefix and is not a waiver: its string values are simply parsed. */
  plain: boolean;
  /** Something reads the lower-cased value: the kind, an `equals` condition or the target. */
  needsLower: boolean;
}

/** The rubric, pre-processed once so that assessing an entity does no set-up work. */
export interface CompiledRubric {
  rubric: MaturityRubric;
  annotations: Map<string, RubricAnnotation>;
  /** The declared annotations with their slots, by key. */
  compiledAnnotations: Map<string, CompiledAnnotation>;
  /** Number of slots an entity's values need (one more than declared keys: an always-empty slot). */
  slotCount: number;
  checksById: Map<string, RubricCheck>;
  checkIds: string[];
  /** `waiver.<id>` of every check, for the did-you-mean of unknown keys. */
  waiverNames: string[];
  /** Checks ordered by level, then as declared. */
  checks: RubricCheck[];
  maxLevel: number;
  knownKeys: string[];
  waiverPrefix: string;
  keys: {
    target: string;
    claimed: string;
    regulated: string;
    customerFacing: string;
  };
  /** The slots of the context annotations. */
  slots: {
    target: number;
    claimed: number;
    regulated: number;
    customerFacing: number;
  };
  /** The checks in the same order, with every condition's constant text prepared. */
  compiledChecks: CompiledCheck[];
  /** Whether no two checks share an id (always so in a validated rubric). */
  uniqueIds: boolean;
  /**
   * For each check, the index of the first check with the same id: failures
   * are recorded by id, as recommendations look them up by id.
   */
  idGroup: number[];
  /** For each check, the check its recommendation describes (the last one with its id). */
  recommendedCheck: RubricCheck[];
  /** For each level, the indexes of its checks, in order. */
  levelChecks: number[][];
  /** Problem messages of unknown keys lately seen, by key. */
  unknownKeyMessages: Map<string, string>;
  /**
   * Lists of failing check ids already made, by the bit mask of the checks'
   * positions (rubrics of at most 30 checks): a fleet fails few distinct
   * sets, so scores share them, frozen.
   */
  failingLists: Map<number, readonly string[]>;
  /** The last value of each waiver of a known check, by key, and what it parsed to. */
  lastWaivers: Map<
    string,
    {
      raw: string;
      waiver: CheckWaiver | undefined;
      problem: string | undefined;
    }
  >;
}

/** A condition with what does not depend on the entity computed once. */
export interface CompiledCondition {
  cond: RubricCondition;
  /** The annotation read ('' for sharedOwnership). */
  key: string;
  /** Where the annotation's value lives in {@link ValueSlots}. */
  slot: number;
  /**
   * A number for the annotation key, the same for every condition on that
   * key (-1 for sharedOwnership): recommendations group proposals by key.
   */
  keyIndex: number;
  /** Whether an `includesAll`/`includesAny` condition reads this key (and so earlier proposals for it). */
  listRead: boolean;
  /** The annotation's declaration, when the rubric has one. */
  decl: RubricAnnotation | undefined;
  /** `equals`: the value, lower-cased. */
  lowerValue: string;
  /** `includesAll`/`includesAny`: the values, lower-cased (same order as `cond.values`). */
  lowerValues: string[];
  /** `includesAll`/`includesAny`: the values joined for messages. */
  need: string;
  /** What the condition asks for, as the tail of a failure message. */
  must: string;
  /** Message when the annotation is not set. */
  notSetMessage: string;
  /** Message when the annotation is set to an empty string. */
  emptyMessage: string;
  /** `<key> is `: the head of messages that quote the value. */
  isHead: string;
  /** Tail of the message for an explicitly absent value. */
  absentTail: string;
  /** `present`: head of the passing message. */
  setHead: string;
  /** `; <must>`: tail of failure messages that quote the value. */
  mustTail: string;
  /** `includesAll`: the passing message (it does not depend on the value). */
  listsAllMessage: string;
  /** `greaterThan`: tail of the passing message. */
  aboveTail: string;
  /** This condition alone, as the failing conditions of a single-condition check. */
  alone: CompiledCondition[];
  /** What recommendations need, prepared on first use. */
  proposal?: PreparedProposal;
}

/**
 * What a failing condition proposes when that does not depend on the entity,
 * prepared once per condition (see `recommendations.ts`).
 */
export interface PreparedProposal {
  /** The decl's allowed list items, lower-cased (`null`: compute as the original code does). */
  allowed: string[] | undefined | null;
  /** The proposed annotation when it is the same for every entity. */
  fixed: { value: string; comment?: string; line: string } | undefined;
  /** The YAML of a check whose only failing condition is this one, when `fixed`. */
  fixedYaml: string | undefined;
  /**
   * `present` whose example names the model: the example split around
   * `<model-name>`, none of its pieces needing a JSON escape.
   */
  named: string[] | undefined;
  /** `    <key>: "`: the head of the YAML line of a `named` proposal. */
  lineHead: string;
  /**
   * `includesAll`/`includesAny`: the proposal when neither the entity nor a
   * lower level lists anything for the key.
   */
  fresh: { value: string; comment?: string; line: string } | undefined;
  /** `sharedOwnership`: the owner proposed to an entity in the default namespace. */
  defaultOwner: string | undefined;
  /**
   * `includesAll`/`includesAny`: the last list the proposal started from
   * (an earlier proposal, or the entity's parsed value) and what was
   * proposed (`null`: nothing). The proposal depends on nothing else, and
   * both are shared between entities with the same value.
   */
  lastSource?: object;
  lastProposal?: { value: string; comment?: string; line: string } | null;
}

export interface CompiledCheck {
  check: RubricCheck;
  conds: CompiledCondition[];
  /**
   * A single-condition check on an annotation: its result when the
   * annotation is not set and not waived. Frozen and shared by every entity
   * in that case, which is most of the failing checks of a fleet.
   */
  notSetResult: Readonly<CheckResult> | undefined;
  /**
   * The recommendation that goes with `notSetResult` when its YAML is the
   * same for every entity, made on first use (`null`: there is none).
   */
  notSetRecommendation?: Readonly<CheckRecommendation> | null;
  /**
   * A single-condition check on an annotation: the last value it was
   * evaluated on, with the outcome, which depends on nothing else.
   */
  lastValue?: ParsedValue;
  lastMessage?: string;
  lastPassed?: boolean;
  /** The unwaived result for `lastValue`, frozen, made once the value repeats. */
  lastResult?: Readonly<CheckResult>;
  /** The recommendation that goes with `lastRecommendationOf`, when its YAML is fixed. */
  lastRecommendation?: Readonly<CheckRecommendation>;
  lastRecommendationOf?: Readonly<CheckResult>;
}

function compileCondition(
  cond: RubricCondition,
  annotations: Map<string, CompiledAnnotation>,
  emptySlot: number,
): CompiledCondition {
  const key = cond.type === 'sharedOwnership' ? '' : cond.annotation;
  const out: CompiledCondition = {
    cond,
    key,
    slot: emptySlot,
    keyIndex: -1,
    listRead: false,
    decl: undefined,
    lowerValue: '',
    lowerValues: [],
    need: '',
    must: '',
    notSetMessage: '',
    emptyMessage: '',
    isHead: '',
    absentTail: '',
    setHead: '',
    mustTail: '',
    listsAllMessage: '',
    aboveTail: '',
    alone: [],
    proposal: undefined,
  };
  out.alone.push(out);
  switch (cond.type) {
    case 'equals':
      out.lowerValue = cond.value.toLowerCase();
      out.must = `it must be "${cond.value}"`;
      break;
    case 'includesAll':
      out.lowerValues = cond.values.map(v => v.toLowerCase());
      out.need = cond.values.join(', ');
      out.must = `it must list ${out.need}`;
      out.listsAllMessage = `${key} lists ${out.need}`;
      break;
    case 'includesAny':
      out.lowerValues = cond.values.map(v => v.toLowerCase());
      out.need = cond.values.join(', ');
      out.must =
        cond.values.length === 1
          ? `it must include ${out.need}`
          : `it must include one of ${out.need}`;
      break;
    case 'greaterThan':
      out.must = `it must be above ${cond.value}`;
      out.aboveTail = `, above ${cond.value}`;
      break;
    default:
      break;
  }
  if (cond.type !== 'sharedOwnership') {
    const a = annotations.get(key);
    if (a) {
      out.slot = a.slot;
      out.decl = a.decl;
    }
    // `present` says only that the value is missing; the others add what they need.
    const need = cond.type === 'present' ? '' : out.must;
    const tail = need ? `; ${need}` : '';
    out.notSetMessage = `${key} is not set${tail}`;
    out.emptyMessage = `${key} is empty${tail}`;
    out.isHead = `${key} is `;
    out.absentTail = `, which marks it explicitly absent${tail}`;
    out.setHead = `${key} is set to `;
    out.mustTail = `; ${out.must}`;
  }
  return out;
}

/** `values` lower-cased, or `null` when that throws (a malformed rubric). */
function lowerCased(values: string[] | undefined): string[] | undefined | null {
  if (!values) return undefined;
  try {
    return values.map(v => v.toLowerCase());
  } catch {
    return null;
  }
}

const compiled = new WeakMap<MaturityRubric, CompiledRubric>();

/** Compiles a rubric once; later calls with the same object are free. */
export function compileRubric(rubric: MaturityRubric): CompiledRubric {
  let c = compiled.get(rubric);
  if (c) return c;
  const checks = rubric.checks
    .map((check, index) => ({ check, index }))
    .sort((a, b) => a.check.level - b.check.level || a.index - b.index)
    .map(x => x.check);
  const annotations = new Map(rubric.annotations.map(a => [a.key, a]));
  const compiledAnnotations = new Map<string, CompiledAnnotation>();
  for (const [key, decl] of annotations) {
    compiledAnnotations.set(key, {
      decl,
      slot: compiledAnnotations.size,
      lowerValues: lowerCased(decl.values),
      lastRaw: undefined,
      lastParsed: undefined,
      lastProblem: undefined,
      plain:
        key.startsWith(rubric.annotationPrefix) &&
        !key.startsWith(`${rubric.annotationPrefix}waiver.`),
      needsLower: decl.kind === 'boolean' || decl.kind === 'enum',
    });
  }
  const emptySlot = compiledAnnotations.size;
  const slotOf = (key: string) =>
    compiledAnnotations.get(key)?.slot ?? emptySlot;
  const checksById = new Map(checks.map(ch => [ch.id, ch]));
  const maxLevel = rubric.levels.length - 1;
  const firstWithId = new Map<string, number>();
  const idGroup = checks.map((ch, i) => {
    const first = firstWithId.get(ch.id);
    if (first !== undefined) return first;
    firstWithId.set(ch.id, i);
    return i;
  });
  const levelChecks: number[][] = [];
  for (let l = 0; l <= maxLevel; l++) {
    levelChecks.push([]);
    checks.forEach((ch, i) => {
      if (ch.level === l) levelChecks[l].push(i);
    });
  }
  const p = rubric.annotationPrefix;
  const keys = {
    target: `${p}target-level`,
    claimed: `${p}claimed-level`,
    regulated: `${p}regulated`,
    customerFacing: `${p}customer-facing`,
  };
  const checkIds = checks.map(ch => ch.id);
  c = {
    rubric,
    annotations,
    compiledAnnotations,
    slotCount: emptySlot + 1,
    checksById,
    checkIds,
    waiverNames: checkIds.map(id => `waiver.${id}`),
    checks,
    maxLevel,
    knownKeys: [...annotations.keys()],
    waiverPrefix: `${p}waiver.`,
    keys,
    slots: {
      target: slotOf(keys.target),
      claimed: slotOf(keys.claimed),
      regulated: slotOf(keys.regulated),
      customerFacing: slotOf(keys.customerFacing),
    },
    compiledChecks: checks.map(check => {
      const conds = check.conditions.map(cond =>
        compileCondition(cond, compiledAnnotations, emptySlot),
      );
      // Every field the assessment sets later is here from the start, so
      // that the compiled checks share one hidden class: the hot loop reads
      // them at one property offset instead of a megamorphic lookup.
      const compiledCheck: CompiledCheck = {
        check,
        conds,
        notSetResult: notSetResultOf(check, conds),
        notSetRecommendation: undefined,
        lastValue: undefined,
        lastMessage: undefined,
        lastPassed: undefined,
        lastResult: undefined,
        lastRecommendation: undefined,
        lastRecommendationOf: undefined,
      };
      return compiledCheck;
    }),
    uniqueIds: firstWithId.size === checks.length,
    idGroup,
    recommendedCheck: checks.map(ch => checksById.get(ch.id)!),
    levelChecks,
    unknownKeyMessages: new Map(),
    lastWaivers: new Map(),
    failingLists: new Map(),
  };
  numberKeys(c.compiledChecks);
  const lowerRead = (key: string) => {
    const a = compiledAnnotations.get(key);
    if (a) a.needsLower = true;
  };
  lowerRead(keys.regulated);
  lowerRead(keys.customerFacing);
  for (const { conds } of c.compiledChecks) {
    for (const cc of conds) if (cc.cond.type === 'equals') lowerRead(cc.key);
  }
  compiled.set(rubric, c);
  return c;
}

/** The shared result of a single-condition check whose annotation is not set. */
function notSetResultOf(
  check: RubricCheck,
  conds: CompiledCondition[],
): Readonly<CheckResult> | undefined {
  if (conds.length !== 1) return undefined;
  switch (conds[0].cond.type) {
    case 'present':
    case 'equals':
    case 'includesAll':
    case 'includesAny':
    case 'greaterThan':
      // Frozen: every entity that lacks the annotation gets this very object.
      return Object.freeze({
        id: check.id,
        level: check.level,
        passed: false,
        message: conds[0].notSetMessage,
        waived: false,
      });
    default:
      return undefined;
  }
}

/** Numbers the annotation keys of the conditions, and marks the keys list conditions read. */
function numberKeys(checks: CompiledCheck[]) {
  // A Map, so that keys compare as they did when proposals were kept in one.
  const index = new Map<string, number>();
  const listRead: boolean[] = [];
  for (const { conds } of checks) {
    for (const cc of conds) {
      if (cc.cond.type === 'sharedOwnership') continue;
      let k = index.get(cc.key);
      if (k === undefined) index.set(cc.key, (k = index.size));
      cc.keyIndex = k;
      if (cc.cond.type === 'includesAll' || cc.cond.type === 'includesAny') {
        listRead[k] = true;
      }
    }
  }
  for (const { conds } of checks) {
    for (const cc of conds)
      cc.listRead = cc.keyIndex >= 0 && !!listRead[cc.keyIndex];
  }
}

function kindOfValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `a ${typeof value}`;
}

/** Records that a value breaks its key's rules. */
function invalidValue(
  parsed: ParsedValue,
  key: string,
  message: string,
  problems: MaturityProblem[],
) {
  parsed.invalid = true;
  problems.push({ severity: 'error', annotation: key, message });
}

/** Length of the longest absence token. */
const ABSENCE_TOKEN_LENGTH = Math.max(
  ...[...ABSENCE_TOKENS].map(token => token.length),
);

function parseValue(
  key: string,
  raw: string,
  ca: CompiledAnnotation,
  maxLevel: number,
  problems: MaturityProblem[],
): ParsedValue {
  const decl = ca.decl;
  const trimmed = raw.trim();
  // Lower-casing never shortens a string, so a value longer than every
  // absence token needs it only when something reads it.
  const lower =
    ca.needsLower || trimmed.length <= ABSENCE_TOKEN_LENGTH
      ? trimmed.toLowerCase()
      : trimmed;
  const parsed: ParsedValue = {
    raw: trimmed,
    lower,
    // The length test first: a long value (a URL) is never a token, and
    // looking it up would hash the whole text.
    absent:
      !lower ||
      (lower.length <= ABSENCE_TOKEN_LENGTH && ABSENCE_TOKENS.has(lower)),
    invalid: false,
    list: undefined,
    num: undefined,
  };
  switch (decl.kind) {
    case 'boolean':
      // `false` is a real answer here, not "explicitly absent".
      if (lower === 'true' || lower === 'false') {
        parsed.absent = false;
      } else if (!parsed.absent) {
        invalidValue(
          parsed,
          key,
          `${key} is ${quote(trimmed)}; allowed values: true, false.`,
          problems,
        );
      }
      break;
    case 'enum':
      if (
        !parsed.absent &&
        !(ca.lowerValues
          ? ca.lowerValues.includes(lower)
          : decl.values!.some(v => v.toLowerCase() === lower))
      ) {
        invalidValue(
          parsed,
          key,
          `${key} is ${quote(trimmed)}; allowed values: ${decl.values!.join(
            ', ',
          )}.`,
          problems,
        );
      }
      break;
    case 'list':
      if (!parsed.absent) {
        const list = parseList(trimmed);
        parsed.list = list;
        if (decl.values) {
          const allowed =
            ca.lowerValues ?? decl.values.map(v => v.toLowerCase());
          let bad: string[] | undefined;
          for (const item of list) {
            if (!allowed.includes(item)) (bad ??= []).push(item);
          }
          if (bad) {
            invalidValue(
              parsed,
              key,
              `${key} lists ${listForMessage(
                bad,
                true,
              )}, not allowed; allowed items: ${decl.values.join(', ')}.`,
              problems,
            );
          }
        }
      }
      break;
    case 'percent':
      if (!parsed.absent) {
        const n = parsePercent(trimmed);
        const min = decl.min ?? 0;
        const max = decl.max ?? 100;
        if (n === undefined || n < min || n > max) {
          invalidValue(
            parsed,
            key,
            `${key} is ${quote(
              trimmed,
            )}; it must be a number from ${min} to ${max} (a trailing % is allowed).`,
            problems,
          );
        } else {
          parsed.num = n;
        }
      }
      break;
    case 'level':
      if (!parsed.absent) {
        const n = parseInteger(trimmed);
        if (n === undefined || n > maxLevel) {
          invalidValue(
            parsed,
            key,
            `${key} is ${quote(
              trimmed,
            )}; it must be a whole number from 0 to ${maxLevel}. The value is ignored.`,
            problems,
          );
        } else {
          parsed.num = n;
        }
      }
      break;
    default:
      break;
  }
  return parsed;
}

function parseWaiver(
  key: string,
  raw: string,
  problems: MaturityProblem[],
): CheckWaiver | undefined {
  const value = raw.trim();
  const format = `write it as "<reason>; until YYYY-MM-DD"`;
  const sep = value.lastIndexOf(';');
  let reason = (sep >= 0 ? value.slice(0, sep) : value).trim();
  let tail = sep >= 0 ? value.slice(sep + 1).trim() : '';
  if (sep < 0 && /^until\s/i.test(value)) {
    // "until 2027-01-31" alone is a waiver without a reason, not one without a date.
    reason = '';
    tail = value;
  }
  const m = /^until\s+(\S+)$/i.exec(tail);
  if (!m) {
    problems.push({
      severity: 'error',
      annotation: key,
      message: `${key} has no "until" date; ${format}. The waiver is ignored.`,
    });
    return undefined;
  }
  if (!reason) {
    problems.push({
      severity: 'error',
      annotation: key,
      message: `${key} gives no reason; ${format}. The waiver is ignored.`,
    });
    return undefined;
  }
  if (!isCalendarDate(m[1])) {
    problems.push({
      severity: 'error',
      annotation: key,
      message: `${key} has until ${quote(
        m[1],
      )}, which is not a calendar date (YYYY-MM-DD). The waiver is ignored.`,
    });
    return undefined;
  }
  return { reason, until: m[1] };
}

/** The message of a condition whose annotation is missing or explicitly absent. */
function notSet(cc: CompiledCondition, v: ParsedValue | undefined): string {
  if (!v) return cc.notSetMessage;
  if (!v.raw) return cc.emptyMessage;
  return cc.isHead + quote(v.raw) + cc.absentTail;
}

/**
 * Whether the last {@link evaluateCondition} passed. A module variable rather
 * than a result object: this runs once per condition of every entity.
 */
let lastPassed = false;

/** The message of a condition; whether it passed is left in `lastPassed`. */
function evaluateCondition(
  cc: CompiledCondition,
  values: ValueSlots,
  owner: ContextOwner,
  entity: MaturityEntity,
): string {
  const cond = cc.cond;
  if (cond.type === 'sharedOwnership') {
    return evaluateOwnership(cond.minGroupMembers, owner, entity);
  }
  const key = cc.key;
  const v = values[cc.slot];
  const usable = v !== undefined && !v.absent;
  lastPassed = false;
  switch (cond.type) {
    case 'present':
      if (!usable) return notSet(cc, v);
      lastPassed = true;
      return cc.setHead + quote(v.raw);
    case 'equals':
      if (!usable) return notSet(cc, v);
      if (v.lower === cc.lowerValue) {
        lastPassed = true;
        return cc.isHead + quote(v.raw);
      }
      return cc.isHead + quote(v.raw) + cc.mustTail;
    case 'includesAll': {
      if (!usable) return notSet(cc, v);
      const items = v.list ?? parseList(v.raw);
      let missing: string[] | undefined;
      for (let i = 0; i < cc.lowerValues.length; i++) {
        if (!items.includes(cc.lowerValues[i])) {
          (missing ??= []).push(cond.values[i]);
        }
      }
      if (!missing) {
        lastPassed = true;
        return cc.listsAllMessage;
      }
      return `${key} lacks ${missing.join(', ')} (it lists ${listForMessage(
        items,
      )}); ${cc.must}`;
    }
    case 'includesAny': {
      if (!usable) return notSet(cc, v);
      const items = v.list ?? parseList(v.raw);
      let found: string[] | undefined;
      for (let i = 0; i < cc.lowerValues.length; i++) {
        if (items.includes(cc.lowerValues[i]))
          (found ??= []).push(cond.values[i]);
      }
      if (found) {
        lastPassed = true;
        return `${key} includes ${found.join(', ')}`;
      }
      return `${key} lists ${listForMessage(items)}; ${cc.must}`;
    }
    case 'greaterThan': {
      if (!usable) return notSet(cc, v);
      if (v.num === undefined) {
        return `${key} is ${quote(v.raw)}, not a usable number; ${cc.must}`;
      }
      if (v.num > cond.value) {
        lastPassed = true;
        return cc.isHead + v.num + cc.aboveTail;
      }
      return cc.isHead + v.num + cc.mustTail;
    }
    default:
      return 'unknown condition';
  }
}

/** Whether a condition passes: {@link evaluateCondition} without the message. */
function conditionPasses(
  cc: CompiledCondition,
  values: ValueSlots,
  owner: string | undefined,
  entity: MaturityEntity,
  context: AssessmentContext,
): boolean {
  const cond = cc.cond;
  if (cond.type === 'sharedOwnership') {
    return ownershipPasses(cond.minGroupMembers, owner, entity, context);
  }
  const v = values[cc.slot];
  if (v === undefined || v.absent) return false;
  switch (cond.type) {
    case 'present':
      return true;
    case 'equals':
      return v.lower === cc.lowerValue;
    case 'includesAll': {
      const items = v.list ?? parseList(v.raw);
      for (const x of cc.lowerValues) if (!items.includes(x)) return false;
      return true;
    }
    case 'includesAny': {
      const items = v.list ?? parseList(v.raw);
      for (const x of cc.lowerValues) if (items.includes(x)) return true;
      return false;
    }
    case 'greaterThan':
      return v.num !== undefined && v.num > cond.value;
    default:
      return false;
  }
}

function hasOwnerText(entity: MaturityEntity): boolean {
  const raw = entity.spec?.owner;
  return typeof raw === 'string' && raw.trim() !== '';
}

function ownershipPasses(
  minMembers: number,
  owner: string | undefined,
  entity: MaturityEntity,
  context: AssessmentContext,
): boolean {
  if (!hasOwnerText(entity) || !owner || owner.startsWith('user:')) {
    return false;
  }
  if (!owner.startsWith('group:')) return true;
  const members = context.groupMemberCount(owner);
  return members === undefined || members >= minMembers;
}

function evaluateOwnership(
  minMembers: number,
  { ref: owner, groupMemberCount: members }: ContextOwner,
  entity: MaturityEntity,
): string {
  lastPassed = false;
  if (!hasOwnerText(entity)) {
    return 'spec.owner is not set; set it to a Group that can retrain and deploy this model';
  }
  if (!owner) {
    return `spec.owner ${quote(
      entity.spec!.owner as string,
    )} is not a valid entity reference`;
  }
  if (owner.startsWith('user:')) {
    return `spec.owner is the User ${owner}: one person owns this model; make a Group of at least ${minMembers} the owner`;
  }
  if (!owner.startsWith('group:')) {
    lastPassed = true;
    return `spec.owner is ${owner}, not a User`;
  }
  if (members === undefined) {
    lastPassed = true;
    return `spec.owner is the Group ${owner} (not in the catalog, so its size is not checked)`;
  }
  const plural = members === 1 ? 'member' : 'members';
  if (members >= minMembers) {
    lastPassed = true;
    return `spec.owner is the Group ${owner}, with ${members} ${plural}`;
  }
  return `spec.owner is the Group ${owner}, with ${members} ${plural}; it needs at least ${minMembers}`;
}

/** The failing conditions of an entity's checks, by check index (see `idGroup`). */
type FailedConditions = Array<CompiledCondition[] | undefined>;

/** What the annotations of an entity say, read once for every check. */
interface ReadAnnotations {
  values: ValueSlots;
  /** Active waivers by check id. */
  waivers: Map<string, CheckWaiver> | undefined;
  problems: MaturityProblem[];
  /** Whether any key is under the waiver prefix, whatever its value. */
  waiverKeys: boolean;
}

const EMPTY: Record<string, unknown> = Object.freeze({}) as Record<
  string,
  unknown
>;

/**
 * {@link parseWaiver}, remembering the last value of each waiver key: fleets
 * repeat their waivers, and the parse depends on the key and value alone.
 */
function parsedWaiver(
  c: CompiledRubric,
  key: string,
  raw: string,
  problems: MaturityProblem[],
): CheckWaiver | undefined {
  const last = c.lastWaivers.get(key);
  if (last && last.raw === raw) {
    if (last.waiver) {
      // A new object each time: the waiver is part of the result.
      return { reason: last.waiver.reason, until: last.waiver.until };
    }
    problems.push({
      severity: 'error',
      annotation: key,
      message: last.problem!,
    });
    return undefined;
  }
  const before = problems.length;
  const waiver = parseWaiver(key, raw, problems);
  c.lastWaivers.set(key, {
    raw,
    waiver: waiver && { reason: waiver.reason, until: waiver.until },
    problem: waiver ? undefined : problems[before].message,
  });
  return waiver;
}

/** {@link parseValue}, remembering the last value of the key. */
function parsedValue(
  ca: CompiledAnnotation,
  key: string,
  raw: string,
  maxLevel: number,
  problems: MaturityProblem[],
): ParsedValue {
  if (raw === ca.lastRaw) {
    if (ca.lastProblem !== undefined) {
      problems.push({
        severity: 'error',
        annotation: key,
        message: ca.lastProblem,
      });
    }
    return ca.lastParsed!;
  }
  const before = problems.length;
  const parsed = parseValue(key, raw, ca, maxLevel, problems);
  ca.lastRaw = raw;
  ca.lastParsed = parsed;
  ca.lastProblem =
    problems.length > before ? problems[before].message : undefined;
  return parsed;
}

/** Parses the rubric's annotations of an entity, reporting every problem. */
function readAnnotations(
  entity: MaturityEntity,
  c: CompiledRubric,
  today: string,
): ReadAnnotations {
  const problems: MaturityProblem[] = [];
  const values: ValueSlots = new Array(c.slotCount);
  let waivers: Map<string, CheckWaiver> | undefined;
  let waiverKeys = false;
  const prefix = c.rubric.annotationPrefix;

  const rawAnnotations = entity?.metadata?.annotations;
  const annotations =
    rawAnnotations &&
    typeof rawAnnotations === 'object' &&
    !Array.isArray(rawAnnotations)
      ? (rawAnnotations as Record<string, unknown>)
      : EMPTY;
  for (const key of Object.keys(annotations)) {
    // Most keys are the rubric's own: one lookup settles them, without the
    // prefix tests the other keys need.
    const ca = c.compiledAnnotations.get(key);
    let raw: unknown;
    if (ca?.plain) {
      raw = annotations[key];
      if (typeof raw === 'string') {
        values[ca.slot] = parsedValue(ca, key, raw, c.maxLevel, problems);
        continue;
      }
    } else {
      if (!key.startsWith(prefix)) continue;
      // A plain key is never a waiver's: only these keys are tested.
      if (key.startsWith(c.waiverPrefix)) waiverKeys = true;
      raw = annotations[key];
    }
    if (typeof raw !== 'string') {
      const shown =
        typeof raw === 'number' || typeof raw === 'boolean' ? ` "${raw}"` : '';
      problems.push({
        severity: 'error',
        annotation: key,
        message: `${key} is ${kindOfValue(
          raw,
        )}, but annotation values must be strings: quote the value in YAML (${key}:${
          shown || ' "..."'
        }). The value is ignored.`,
      });
      continue;
    }
    if (key.startsWith(c.waiverPrefix)) {
      const checkId = key.slice(c.waiverPrefix.length);
      if (!c.checksById.has(checkId)) {
        problems.push({
          severity: 'warning',
          annotation: key,
          message: unknownKeyMessage(c, key, prefix),
        });
        continue;
      }
      const waiver = parsedWaiver(c, key, raw, problems);
      if (!waiver) continue;
      if (waiver.until < today) {
        problems.push({
          severity: 'warning',
          annotation: key,
          message: `${key} expired on ${waiver.until}: the ${checkId} check is assessed as usual. Renew or remove the waiver.`,
        });
        continue;
      }
      (waivers ??= new Map()).set(checkId, waiver);
      continue;
    }
    if (ca) {
      values[ca.slot] = parsedValue(ca, key, raw, c.maxLevel, problems);
      continue;
    }
    problems.push({
      severity: 'warning',
      annotation: key,
      message: unknownKeyMessage(c, key, prefix),
    });
  }
  return { values, waivers, problems, waiverKeys };
}

/** Most unknown keys whose message is remembered; a catalog repeats its typos. */
const UNKNOWN_KEY_LIMIT = 1000;

/**
 * The problem message of an unknown key, or of a waiver of an unknown check.
 * It depends on the key alone, and the did-you-mean search is costly, so it
 * is remembered.
 */
function unknownKeyMessage(
  c: CompiledRubric,
  key: string,
  prefix: string,
): string {
  let message = c.unknownKeyMessages.get(key);
  if (message !== undefined) return message;
  if (key.startsWith(c.waiverPrefix)) {
    const checkId = key.slice(c.waiverPrefix.length);
    const suggestion = closestMatch(checkId, c.checkIds);
    message = `${key} waives ${quote(checkId)}, which is not a check.${
      suggestion ? ` Did you mean ${c.waiverPrefix}${suggestion}?` : ''
    }`;
  } else {
    const name = key.slice(prefix.length);
    const suggestion =
      closestMatch(key, c.knownKeys) ??
      closestMatch(name, c.waiverNames)?.replace(/^/, prefix);
    message = `${key} is not a known annotation and is ignored.${
      suggestion ? ` Did you mean ${suggestion}?` : ''
    }`;
  }
  if (c.unknownKeyMessages.size >= UNKNOWN_KEY_LIMIT) {
    c.unknownKeyMessages.clear();
  }
  c.unknownKeyMessages.set(key, message);
  return message;
}

/**
 * The `entityRef` that {@link assessEntity} and {@link scoreEntity} give an
 * entity, without assessing it: its full lower-case ref, or
 * `unknown:default/unknown` when its metadata is unusable. Lets a caller put
 * entities in the order of their assessments before making them.
 *
 * @public
 */
export function assessmentRefOf(entity: MaturityEntity): string {
  return entityRefOf(entity) ?? 'unknown:default/unknown';
}

/**
 * Assesses one entity against the rubric. Pure: it reads only its arguments,
 * never throws on malformed input, and reports bad annotations as problems.
 *
 * @remarks
 * The level is the highest level L for which every check of levels 1..L
 * passes; an active waiver counts as a pass.
 *
 * @public
 */
export function assessEntity(
  entity: MaturityEntity,
  options: AssessOptions = {},
): MaturityAssessment {
  const c = compileRubric(options.rubric ?? defaultRubric);
  const context = options.context ?? emptyAssessmentContext;
  const today = isoDate(options.now ?? new Date());
  // The owner first: in a large catalog its lookup misses the processor's
  // cache, and reading the annotations can proceed while it is fetched.
  const owner = contextOwnerOf(entity, context);
  const { values, waivers, problems } = readAnnotations(entity, c, today);

  const checks: CheckResult[] = [];
  // The level is one below the lowest level that has a failing check.
  let lowestFailing = c.maxLevel + 1;
  // The failing conditions by check, recorded under the first check with the
  // same id: recommendations look them up by id.
  const failed: FailedConditions = new Array(c.compiledChecks.length);
  for (let i = 0; i < c.compiledChecks.length; i++) {
    const compiledCheck = c.compiledChecks[i];
    const { check, conds, notSetResult } = compiledCheck;
    const w = waivers?.get(check.id);
    let passed = true;
    let message: string;
    if (conds.length === 1) {
      const cc = conds[0];
      // notSetResult marks a check on an annotation, whose outcome depends
      // only on the annotation's parsed value.
      const v = notSetResult ? values[cc.slot] : undefined;
      if (notSetResult && !w) {
        let shared: Readonly<CheckResult> | undefined;
        if (v === undefined) {
          shared = notSetResult;
        } else if (v === compiledCheck.lastValue) {
          shared = compiledCheck.lastResult ??= Object.freeze({
            id: check.id,
            level: check.level,
            passed: compiledCheck.lastPassed!,
            message: compiledCheck.lastMessage!,
            waived: false,
          });
        }
        if (shared) {
          checks.push(shared);
          if (!shared.passed) {
            failed[c.idGroup[i]] = c.uniqueIds ? cc.alone : [cc];
            if (check.level < lowestFailing) lowestFailing = check.level;
          }
          continue;
        }
      }
      message = evaluateCondition(cc, values, owner, entity);
      if (v !== undefined) {
        compiledCheck.lastValue = v;
        compiledCheck.lastMessage = message;
        compiledCheck.lastPassed = lastPassed;
        compiledCheck.lastResult = undefined;
      }
      if (!lastPassed) {
        passed = false;
        // Shared, never written to: no other check adds to a unique id's list.
        failed[c.idGroup[i]] = c.uniqueIds ? cc.alone : [cc];
      }
    } else {
      // The messages joined as they come, rather than collected and joined.
      let all = '';
      let failures = '';
      for (let k = 0; k < conds.length; k++) {
        const cc = conds[k];
        const m = evaluateCondition(cc, values, owner, entity);
        all = k === 0 ? m : `${all}; ${m}`;
        if (!lastPassed) {
          failures = passed ? m : `${failures}; ${m}`;
          passed = false;
          (failed[c.idGroup[i]] ??= []).push(cc);
        }
      }
      message = passed ? all : failures;
    }
    if (w) {
      checks.push({
        id: check.id,
        level: check.level,
        passed: true,
        message: `Waived until ${w.until}: ${w.reason} (without the waiver: ${message})`,
        waived: true,
        waiver: w,
      });
    } else {
      checks.push({
        id: check.id,
        level: check.level,
        passed,
        message,
        waived: false,
      });
      if (!passed && check.level < lowestFailing) lowestFailing = check.level;
    }
  }
  const level = lowestFailing - 1;

  const claimed = values[c.slots.claimed];
  const claimedLevel = claimed?.num ?? null;
  const target = chooseTarget(c, values, owner.mlComponentCount);

  return {
    entityRef: assessmentRefOf(entity),
    level,
    levelName: c.rubric.levels[level].name,
    targetLevel: target.targetLevel,
    targetReason: target.targetReason,
    claimedLevel,
    checks,
    problems,
    recommendations: buildRecommendations(
      c,
      checks,
      failed,
      level,
      target.targetLevel,
      values,
      entity,
    ),
  };
}

/**
 * The outcome of an assessment without its text: what a fleet view stores.
 *
 * @public
 */
export interface MaturityScore {
  entityRef: string;
  level: number;
  targetLevel: number;
  targetReason: TargetLevelReason;
  claimedLevel: number | null;
  /**
   * Ids of the checks that fail (an active waiver counts as a pass), in the
   * rubric's order. Scores with the same failing checks may share one
   * frozen list.
   */
  failingChecks: readonly string[];
  /** Ids of the checks that pass through an active waiver, in the rubric's order. */
  waivedChecks: readonly string[];
  /** Number of error problems. */
  errors: number;
  /** Number of warning problems. */
  warnings: number;
}

/**
 * What {@link scoreEntity} knows of an entity before it asks the context
 * (Group sizes, owner counts): enough to finish the score later with
 * {@link completeScore}, and much smaller than the entity. A fleet refresh
 * keeps these, not the entities, until it has read the whole catalog.
 *
 * @public
 */
export interface PartialScore {
  entityRef: string;
  /** The owner's full lower-case ref, the key the context is asked with. */
  owner: string | undefined;
  /** The level from the checks that failed without the context. */
  level: number;
  /** The target, unless it depends on the owner's count of ML components. */
  target?: { targetLevel: number; targetReason: TargetLevelReason };
  claimedLevel: number | null;
  /** Checks that fail without the context, in the rubric's order (may be shared, frozen). */
  failingChecks: readonly string[];
  waivedChecks: readonly string[];
  errors: number;
  warnings: number;
  /**
   * Checks that pass unless the owner Group is known and has fewer members
   * than `minMembers`, with their position in the rubric's check order.
   */
  groupSizeChecks?: Array<{ index: number; minMembers: number }>;
  /**
   * Whether the entity has an annotation under the rubric's waiver prefix,
   * whatever its value: then its score may change with the day alone.
   */
  waiverKeys?: boolean;
}

/** The most checks whose positions fit the bits of a failing mask. */
const MASK_CHECKS = 30;
/** Distinct failing lists kept per rubric: a bound, not a working size. */
const FAILING_LISTS_LIMIT = 4096;
const NO_CHECKS: readonly string[] = Object.freeze([]);

/** The ids of the checks in the mask's positions, in order, shared. */
function failingListOf(c: CompiledRubric, mask: number): readonly string[] {
  if (mask === 0) return NO_CHECKS;
  const known = c.failingLists.get(mask);
  if (known) return known;
  const ids: string[] = [];
  for (let index = 0; index < c.compiledChecks.length; index++) {
    if (mask & (1 << index)) ids.push(c.compiledChecks[index].check.id);
  }
  const list = Object.freeze(ids);
  if (c.failingLists.size < FAILING_LISTS_LIMIT) c.failingLists.set(mask, list);
  return list;
}

/**
 * The first half of {@link scoreEntity}: everything that does not need the
 * context.
 *
 * @public
 */
export function partialScoreOf(
  entity: MaturityEntity,
  options: Omit<AssessOptions, 'context'> = {},
): PartialScore {
  const c = compileRubric(options.rubric ?? defaultRubric);
  const today = isoDate(options.now ?? new Date());
  const { values, waivers, problems, waiverKeys } = readAnnotations(
    entity,
    c,
    today,
  );
  const owner = entity?.spec ? ownerRefOf(entity) : undefined;
  const ownerIsGroup = owner !== undefined && owner.startsWith('group:');

  let lowestFailing = c.maxLevel + 1;
  const checks = c.compiledChecks;
  const masked = checks.length <= MASK_CHECKS;
  let failingMask = 0;
  const failingChecks: string[] | undefined = masked ? undefined : [];
  let waivedChecks: string[] | undefined;
  let groupSizeChecks: PartialScore['groupSizeChecks'];
  for (let index = 0; index < checks.length; index++) {
    const { check, conds } = checks[index];
    if (waivers?.has(check.id)) {
      (waivedChecks ??= []).push(check.id);
      continue;
    }
    let minMembers: number | undefined;
    let failed = false;
    for (const cc of conds) {
      if (!conditionPasses(cc, values, owner, entity, emptyAssessmentContext)) {
        failed = true;
        break;
      }
      // It passed only because no Group size is known yet.
      if (cc.cond.type === 'sharedOwnership' && ownerIsGroup) {
        minMembers = Math.max(minMembers ?? 0, cc.cond.minGroupMembers);
      }
    }
    if (failed) {
      if (failingChecks) failingChecks.push(check.id);
      else failingMask |= 1 << index;
      if (check.level < lowestFailing) lowestFailing = check.level;
    } else if (minMembers !== undefined) {
      (groupSizeChecks ??= []).push({ index, minMembers });
    }
  }
  let errors = 0;
  for (const p of problems) if (p.severity === 'error') errors++;
  const target = chooseTarget(c, values, undefined);
  // Every field always set: one object shape for the whole fleet.
  return {
    entityRef: assessmentRefOf(entity),
    owner,
    level: lowestFailing - 1,
    target: target.targetReason === 'default' ? undefined : target,
    claimedLevel: values[c.slots.claimed]?.num ?? null,
    failingChecks: failingChecks ?? failingListOf(c, failingMask),
    waivedChecks: waivedChecks ?? NO_CHECKS,
    errors,
    warnings: problems.length - errors,
    groupSizeChecks,
    waiverKeys,
  };
}

/** The values of an entity without annotations: what is left to decide the target. */
const NO_VALUES: ValueSlots = [];

/**
 * The second half of {@link scoreEntity}: the score of a
 * {@link PartialScore} once the context is known.
 *
 * @public
 */
export function completeScore(
  partial: PartialScore,
  options: Pick<AssessOptions, 'rubric' | 'context'> = {},
): MaturityScore {
  const c = compileRubric(options.rubric ?? defaultRubric);
  const context = options.context ?? emptyAssessmentContext;
  const { owner } = partial;
  let level = partial.level;
  let failingChecks = partial.failingChecks;
  if (partial.groupSizeChecks && owner) {
    const members = context.groupMemberCount(owner);
    const failed =
      members === undefined
        ? []
        : partial.groupSizeChecks.filter(g => members < g.minMembers);
    if (failed.length > 0) {
      const failing = new Set(failingChecks);
      for (const { index } of failed) {
        const { check } = c.compiledChecks[index];
        failing.add(check.id);
        level = Math.min(level, check.level - 1);
      }
      failingChecks = c.compiledChecks
        .map(cc => cc.check.id)
        .filter(id => failing.has(id));
    }
  }
  const target =
    partial.target ??
    chooseTarget(
      c,
      NO_VALUES,
      owner ? context.ownedMlComponentCount(owner) : undefined,
    );
  return {
    entityRef: partial.entityRef,
    level,
    targetLevel: target.targetLevel,
    targetReason: target.targetReason,
    claimedLevel: partial.claimedLevel,
    failingChecks,
    waivedChecks: partial.waivedChecks,
    errors: partial.errors,
    warnings: partial.warnings,
  };
}

/**
 * What a reader of the catalog knows so far: lower bounds of the counts the
 * context will give once everything is read.
 *
 * @public
 */
export interface ContextSoFar {
  /** Members of the Group seen so far (0 when none, or not a Group). */
  membersSoFar(groupRef: string): number;
  /** ML components of the owner seen so far. */
  ownedSoFar(ownerRef: string): number;
}

/**
 * The context view of each reader's counts so far, made once: a refresh
 * settles a score per ML component.
 */
const soFarContexts = new WeakMap<ContextSoFar, AssessmentContext>();

/**
 * The score of a {@link PartialScore} when what is known so far already
 * decides it, whatever the rest of the catalog holds; `undefined` when more
 * could change it. Counts only grow as a catalog is read, so a Group with
 * enough members seen passes the ownership check, and an owner with enough
 * ML components seen gets the elevated target, for good. It then equals
 * {@link completeScore} with the context of the whole catalog.
 *
 * @public
 */
export function settledScore(
  partial: PartialScore,
  soFar: ContextSoFar,
  options: Pick<AssessOptions, 'rubric'> = {},
): MaturityScore | undefined {
  const rubric = options.rubric ?? defaultRubric;
  const { owner } = partial;
  if (owner !== undefined) {
    const needs = settlingNeeds(partial, options);
    if (
      soFar.membersSoFar(owner) < needs.members ||
      soFar.ownedSoFar(owner) < needs.owned
    ) {
      return undefined;
    }
  }
  let context = soFarContexts.get(soFar);
  if (!context) {
    context = {
      groupMemberCount: ref => soFar.membersSoFar(ref),
      ownedMlComponentCount: ref => soFar.ownedSoFar(ref),
    };
    soFarContexts.set(soFar, context);
  }
  return completeScore(partial, { rubric, context });
}

/**
 * What settles a {@link PartialScore} (see {@link settledScore}): the least
 * number of members of the owner Group, and of ML components of the owner,
 * seen so far. Both 0 when nothing more is needed.
 *
 * @public
 */
export function settlingNeeds(
  partial: PartialScore,
  options: Pick<AssessOptions, 'rubric'> = {},
): { members: number; owned: number } {
  const rubric = options.rubric ?? defaultRubric;
  let members = 0;
  for (const g of partial.groupSizeChecks ?? []) {
    members = Math.max(members, g.minMembers);
  }
  const owned =
    partial.target || partial.owner === undefined
      ? 0
      : rubric.targets.ownerComponentThreshold;
  return { members, owned };
}

/**
 * The fast path of {@link assessEntity} for whole fleets: the same level,
 * target, claimed level, failing and waived checks and problem counts,
 * without building check messages or recommendations. It always agrees with
 * `assessEntity` given the same arguments.
 *
 * @public
 */
export function scoreEntity(
  entity: MaturityEntity,
  options: AssessOptions = {},
): MaturityScore {
  return completeScore(partialScoreOf(entity, options), options);
}

function chooseTarget(
  c: CompiledRubric,
  values: ValueSlots,
  owned: number | undefined,
): { targetLevel: number; targetReason: TargetLevelReason } {
  const explicit = values[c.slots.target]?.num;
  if (explicit !== undefined) {
    return { targetLevel: explicit, targetReason: 'annotation' };
  }
  const { elevated, ownerComponentThreshold } = c.rubric.targets;
  if (values[c.slots.regulated]?.lower === 'true') {
    return { targetLevel: elevated, targetReason: 'regulated' };
  }
  if (values[c.slots.customerFacing]?.lower === 'true') {
    return { targetLevel: elevated, targetReason: 'customer-facing' };
  }
  if (owned !== undefined && owned >= ownerComponentThreshold) {
    return { targetLevel: elevated, targetReason: 'owner-components' };
  }
  return { targetLevel: c.rubric.targets.default, targetReason: 'default' };
}

export type { FailedConditions, ParsedValue, ValueSlots };
