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
  /** Trimmed, lower-cased. */
  lower: string;
  /** Empty or an absence token: "explicitly absent". */
  absent: boolean;
  /** The value breaks the key's rules (a problem was reported). */
  invalid: boolean;
  list?: string[];
  num?: number;
}

/** The rubric, pre-processed once so that assessing an entity does no set-up work. */
export interface CompiledRubric {
  rubric: MaturityRubric;
  annotations: Map<string, RubricAnnotation>;
  checksById: Map<string, RubricCheck>;
  checkIds: string[];
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
  /** The checks in the same order, with every condition's constant text prepared. */
  compiledChecks: CompiledCheck[];
}

/** A condition with what does not depend on the entity computed once. */
interface CompiledCondition {
  cond: RubricCondition;
  /** The annotation read ('' for sharedOwnership). */
  key: string;
  /** `equals`: the value, lower-cased. */
  lowerValue: string;
  /** `includesAll`/`includesAny`: the values, lower-cased (same order as `cond.values`). */
  lowerValues: string[];
  /** `includesAll`/`includesAny`: the values joined for messages. */
  need: string;
  /** What the condition asks for, as the tail of a failure message. */
  must: string;
}

interface CompiledCheck {
  check: RubricCheck;
  conds: CompiledCondition[];
}

function compileCondition(cond: RubricCondition): CompiledCondition {
  const out: CompiledCondition = {
    cond,
    key: cond.type === 'sharedOwnership' ? '' : cond.annotation,
    lowerValue: '',
    lowerValues: [],
    need: '',
    must: '',
  };
  switch (cond.type) {
    case 'equals':
      out.lowerValue = cond.value.toLowerCase();
      out.must = `it must be "${cond.value}"`;
      break;
    case 'includesAll':
      out.lowerValues = cond.values.map(v => v.toLowerCase());
      out.need = cond.values.join(', ');
      out.must = `it must list ${out.need}`;
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
      break;
    default:
      break;
  }
  return out;
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
  const p = rubric.annotationPrefix;
  c = {
    rubric,
    annotations,
    checksById: new Map(checks.map(ch => [ch.id, ch])),
    checkIds: checks.map(ch => ch.id),
    checks,
    maxLevel: rubric.levels.length - 1,
    knownKeys: [...annotations.keys()],
    waiverPrefix: `${p}waiver.`,
    keys: {
      target: `${p}target-level`,
      claimed: `${p}claimed-level`,
      regulated: `${p}regulated`,
      customerFacing: `${p}customer-facing`,
    },
    compiledChecks: checks.map(check => ({
      check,
      conds: check.conditions.map(compileCondition),
    })),
  };
  compiled.set(rubric, c);
  return c;
}

function kindOfValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `a ${typeof value}`;
}

function parseValue(
  key: string,
  raw: string,
  decl: RubricAnnotation,
  maxLevel: number,
  problems: MaturityProblem[],
): ParsedValue {
  const trimmed = raw.trim();
  const lower = trimmed.toLowerCase();
  const parsed: ParsedValue = {
    raw: trimmed,
    lower,
    absent: !lower || ABSENCE_TOKENS.has(lower),
    invalid: false,
  };
  const error = (message: string) => {
    parsed.invalid = true;
    problems.push({ severity: 'error', annotation: key, message });
  };
  switch (decl.kind) {
    case 'boolean':
      // `false` is a real answer here, not "explicitly absent".
      if (lower === 'true' || lower === 'false') {
        parsed.absent = false;
      } else if (!parsed.absent) {
        error(`${key} is ${quote(trimmed)}; allowed values: true, false.`);
      }
      break;
    case 'enum':
      if (
        !parsed.absent &&
        !decl.values!.some(v => v.toLowerCase() === lower)
      ) {
        error(
          `${key} is ${quote(trimmed)}; allowed values: ${decl.values!.join(
            ', ',
          )}.`,
        );
      }
      break;
    case 'list':
      if (!parsed.absent) {
        parsed.list = parseList(trimmed);
        if (decl.values) {
          const allowed = decl.values.map(v => v.toLowerCase());
          const bad = parsed.list.filter(item => !allowed.includes(item));
          if (bad.length > 0) {
            error(
              `${key} lists ${listForMessage(
                bad,
                true,
              )}, not allowed; allowed items: ${decl.values.join(', ')}.`,
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
          error(
            `${key} is ${quote(
              trimmed,
            )}; it must be a number from ${min} to ${max} (a trailing % is allowed).`,
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
          error(
            `${key} is ${quote(
              trimmed,
            )}; it must be a whole number from 0 to ${maxLevel}. The value is ignored.`,
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

function notSet(key: string, v: ParsedValue | undefined, need?: string) {
  const tail = need ? `; ${need}` : '';
  if (!v) return `${key} is not set${tail}`;
  if (!v.raw) return `${key} is empty${tail}`;
  return `${key} is ${quote(v.raw)}, which marks it explicitly absent${tail}`;
}

/**
 * Whether the last {@link evaluateCondition} passed. A module variable rather
 * than a result object: this runs once per condition of every entity.
 */
let lastPassed = false;

/** The message of a condition; whether it passed is left in `lastPassed`. */
function evaluateCondition(
  cc: CompiledCondition,
  values: Map<string, ParsedValue>,
  owner: string | undefined,
  entity: MaturityEntity,
  context: AssessmentContext,
): string {
  const cond = cc.cond;
  if (cond.type === 'sharedOwnership') {
    return evaluateOwnership(cond.minGroupMembers, owner, entity, context);
  }
  const key = cc.key;
  const v = values.get(key);
  const usable = v !== undefined && !v.absent;
  lastPassed = false;
  switch (cond.type) {
    case 'present':
      if (!usable) return notSet(key, v);
      lastPassed = true;
      return `${key} is set to ${quote(v.raw)}`;
    case 'equals':
      if (!usable) return notSet(key, v, cc.must);
      if (v.lower === cc.lowerValue) {
        lastPassed = true;
        return `${key} is ${quote(v.raw)}`;
      }
      return `${key} is ${quote(v.raw)}; ${cc.must}`;
    case 'includesAll': {
      if (!usable) return notSet(key, v, cc.must);
      const items = v.list ?? parseList(v.raw);
      let missing: string[] | undefined;
      for (let i = 0; i < cc.lowerValues.length; i++) {
        if (!items.includes(cc.lowerValues[i])) {
          (missing ??= []).push(cond.values[i]);
        }
      }
      if (!missing) {
        lastPassed = true;
        return `${key} lists ${cc.need}`;
      }
      return `${key} lacks ${missing.join(', ')} (it lists ${listForMessage(
        items,
      )}); ${cc.must}`;
    }
    case 'includesAny': {
      if (!usable) return notSet(key, v, cc.must);
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
      if (!usable) return notSet(key, v, cc.must);
      if (v.num === undefined) {
        return `${key} is ${quote(v.raw)}, not a usable number; ${cc.must}`;
      }
      if (v.num > cond.value) {
        lastPassed = true;
        return `${key} is ${v.num}, above ${cond.value}`;
      }
      return `${key} is ${v.num}; ${cc.must}`;
    }
    default:
      return 'unknown condition';
  }
}

/** Whether a condition passes: {@link evaluateCondition} without the message. */
function conditionPasses(
  cc: CompiledCondition,
  values: Map<string, ParsedValue>,
  owner: string | undefined,
  entity: MaturityEntity,
  context: AssessmentContext,
): boolean {
  const cond = cc.cond;
  if (cond.type === 'sharedOwnership') {
    return ownershipPasses(cond.minGroupMembers, owner, entity, context);
  }
  const v = values.get(cc.key);
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
  owner: string | undefined,
  entity: MaturityEntity,
  context: AssessmentContext,
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
  const members = context.groupMemberCount(owner);
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

/** What the annotations of an entity say, read once for every check. */
interface ReadAnnotations {
  values: Map<string, ParsedValue>;
  /** Active waivers by check id. */
  waivers: Map<string, CheckWaiver> | undefined;
  problems: MaturityProblem[];
}

const EMPTY: Record<string, unknown> = Object.freeze({}) as Record<
  string,
  unknown
>;

/** Parses the rubric's annotations of an entity, reporting every problem. */
function readAnnotations(
  entity: MaturityEntity,
  c: CompiledRubric,
  today: string,
): ReadAnnotations {
  const problems: MaturityProblem[] = [];
  const values = new Map<string, ParsedValue>();
  let waivers: Map<string, CheckWaiver> | undefined;
  const prefix = c.rubric.annotationPrefix;

  const rawAnnotations = entity?.metadata?.annotations;
  const annotations =
    rawAnnotations &&
    typeof rawAnnotations === 'object' &&
    !Array.isArray(rawAnnotations)
      ? (rawAnnotations as Record<string, unknown>)
      : EMPTY;
  for (const key of Object.keys(annotations)) {
    if (!key.startsWith(prefix)) continue;
    const raw = annotations[key];
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
        const suggestion = closestMatch(checkId, c.checkIds);
        problems.push({
          severity: 'warning',
          annotation: key,
          message: `${key} waives ${quote(checkId)}, which is not a check.${
            suggestion ? ` Did you mean ${c.waiverPrefix}${suggestion}?` : ''
          }`,
        });
        continue;
      }
      const waiver = parseWaiver(key, raw, problems);
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
    const decl = c.annotations.get(key);
    if (decl) {
      values.set(key, parseValue(key, raw, decl, c.maxLevel, problems));
      continue;
    }
    const name = key.slice(prefix.length);
    const suggestion =
      closestMatch(key, c.knownKeys) ??
      closestMatch(
        name,
        c.checkIds.map(id => `waiver.${id}`),
      )?.replace(/^/, prefix);
    problems.push({
      severity: 'warning',
      annotation: key,
      message: `${key} is not a known annotation and is ignored.${
        suggestion ? ` Did you mean ${suggestion}?` : ''
      }`,
    });
  }
  return { values, waivers, problems };
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
  const { values, waivers, problems } = readAnnotations(entity, c, today);
  const owner = entity?.spec ? ownerRefOf(entity) : undefined;

  const checks: CheckResult[] = [];
  // The level is one below the lowest level that has a failing check.
  let lowestFailing = c.maxLevel + 1;
  const failedConditions = new Map<string, RubricCondition[]>();
  for (const { check, conds } of c.compiledChecks) {
    let passed = true;
    let message: string;
    if (conds.length === 1) {
      message = evaluateCondition(conds[0], values, owner, entity, context);
      if (!lastPassed) {
        passed = false;
        failedConditions.set(check.id, [conds[0].cond]);
      }
    } else {
      const messages: string[] = [];
      const failures: string[] = [];
      for (const cc of conds) {
        const m = evaluateCondition(cc, values, owner, entity, context);
        messages.push(m);
        if (!lastPassed) {
          passed = false;
          failures.push(m);
          let failed = failedConditions.get(check.id);
          if (!failed) failedConditions.set(check.id, (failed = []));
          failed.push(cc.cond);
        }
      }
      message = (passed ? messages : failures).join('; ');
    }
    const w = waivers?.get(check.id);
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

  const claimed = values.get(c.keys.claimed);
  const claimedLevel = claimed?.num ?? null;
  const target = chooseTarget(c, values, owner, context);

  return {
    entityRef: entityRefOf(entity) ?? 'unknown:default/unknown',
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
      failedConditions,
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
  /** Ids of the checks that fail (an active waiver counts as a pass), in the rubric's order. */
  failingChecks: string[];
  /** Ids of the checks that pass through an active waiver, in the rubric's order. */
  waivedChecks: string[];
  /** Number of error problems. */
  errors: number;
  /** Number of warning problems. */
  warnings: number;
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
  const c = compileRubric(options.rubric ?? defaultRubric);
  const context = options.context ?? emptyAssessmentContext;
  const today = isoDate(options.now ?? new Date());
  const { values, waivers, problems } = readAnnotations(entity, c, today);
  const owner = entity?.spec ? ownerRefOf(entity) : undefined;

  let lowestFailing = c.maxLevel + 1;
  const failingChecks: string[] = [];
  const waivedChecks: string[] = [];
  for (const { check, conds } of c.compiledChecks) {
    if (waivers?.has(check.id)) {
      waivedChecks.push(check.id);
      continue;
    }
    for (const cc of conds) {
      if (!conditionPasses(cc, values, owner, entity, context)) {
        failingChecks.push(check.id);
        if (check.level < lowestFailing) lowestFailing = check.level;
        break;
      }
    }
  }
  let errors = 0;
  for (const p of problems) if (p.severity === 'error') errors++;
  const target = chooseTarget(c, values, owner, context);
  return {
    entityRef: entityRefOf(entity) ?? 'unknown:default/unknown',
    level: lowestFailing - 1,
    targetLevel: target.targetLevel,
    targetReason: target.targetReason,
    claimedLevel: values.get(c.keys.claimed)?.num ?? null,
    failingChecks,
    waivedChecks,
    errors,
    warnings: problems.length - errors,
  };
}

function chooseTarget(
  c: CompiledRubric,
  values: Map<string, ParsedValue>,
  owner: string | undefined,
  context: AssessmentContext,
): { targetLevel: number; targetReason: TargetLevelReason } {
  const explicit = values.get(c.keys.target)?.num;
  if (explicit !== undefined) {
    return { targetLevel: explicit, targetReason: 'annotation' };
  }
  const { elevated, ownerComponentThreshold } = c.rubric.targets;
  if (values.get(c.keys.regulated)?.lower === 'true') {
    return { targetLevel: elevated, targetReason: 'regulated' };
  }
  if (values.get(c.keys.customerFacing)?.lower === 'true') {
    return { targetLevel: elevated, targetReason: 'customer-facing' };
  }
  const owned = owner ? context.ownedMlComponentCount(owner) : undefined;
  if (owned !== undefined && owned >= ownerComponentThreshold) {
    return { targetLevel: elevated, targetReason: 'owner-components' };
  }
  return { targetLevel: c.rubric.targets.default, targetReason: 'default' };
}

export type { ParsedValue };
