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

interface ConditionOutcome {
  passed: boolean;
  message: string;
}

function notSet(key: string, v: ParsedValue | undefined, need?: string) {
  const tail = need ? `; ${need}` : '';
  if (!v) return `${key} is not set${tail}`;
  if (!v.raw) return `${key} is empty${tail}`;
  return `${key} is ${quote(v.raw)}, which marks it explicitly absent${tail}`;
}

function evaluateCondition(
  cond: RubricCondition,
  values: Map<string, ParsedValue>,
  entity: MaturityEntity,
  context: AssessmentContext,
): ConditionOutcome {
  if (cond.type === 'sharedOwnership') {
    return evaluateOwnership(cond.minGroupMembers, entity, context);
  }
  const key = cond.annotation;
  const v = values.get(key);
  const usable = v && !v.absent;
  switch (cond.type) {
    case 'present':
      return usable
        ? { passed: true, message: `${key} is set to ${quote(v.raw)}` }
        : { passed: false, message: notSet(key, v) };
    case 'equals':
      if (!usable) {
        return {
          passed: false,
          message: notSet(key, v, `it must be "${cond.value}"`),
        };
      }
      if (v.lower === cond.value.toLowerCase()) {
        return { passed: true, message: `${key} is ${quote(v.raw)}` };
      }
      return {
        passed: false,
        message: `${key} is ${quote(v.raw)}; it must be "${cond.value}"`,
      };
    case 'includesAll': {
      const need = cond.values.join(', ');
      if (!usable) {
        return {
          passed: false,
          message: notSet(key, v, `it must list ${need}`),
        };
      }
      const items = v.list ?? parseList(v.raw);
      const missing = cond.values.filter(x => !items.includes(x.toLowerCase()));
      return missing.length === 0
        ? { passed: true, message: `${key} lists ${need}` }
        : {
            passed: false,
            message: `${key} lacks ${missing.join(
              ', ',
            )} (it lists ${listForMessage(items)}); it must list ${need}`,
          };
    }
    case 'includesAny': {
      const need = cond.values.join(', ');
      const must =
        cond.values.length === 1
          ? `it must include ${need}`
          : `it must include one of ${need}`;
      if (!usable) {
        return { passed: false, message: notSet(key, v, must) };
      }
      const items = v.list ?? parseList(v.raw);
      const found = cond.values.filter(x => items.includes(x.toLowerCase()));
      return found.length > 0
        ? { passed: true, message: `${key} includes ${found.join(', ')}` }
        : {
            passed: false,
            message: `${key} lists ${listForMessage(items)}; ${must}`,
          };
    }
    case 'greaterThan': {
      const need = `it must be above ${cond.value}`;
      if (!usable) {
        return { passed: false, message: notSet(key, v, need) };
      }
      if (v.num === undefined) {
        return {
          passed: false,
          message: `${key} is ${quote(v.raw)}, not a usable number; ${need}`,
        };
      }
      return v.num > cond.value
        ? { passed: true, message: `${key} is ${v.num}, above ${cond.value}` }
        : {
            passed: false,
            message: `${key} is ${v.num}; ${need}`,
          };
    }
    default:
      return { passed: false, message: 'unknown condition' };
  }
}

function evaluateOwnership(
  minMembers: number,
  entity: MaturityEntity,
  context: AssessmentContext,
): ConditionOutcome {
  const raw = entity.spec?.owner;
  if (typeof raw !== 'string' || !raw.trim()) {
    return {
      passed: false,
      message:
        'spec.owner is not set; set it to a Group that can retrain and deploy this model',
    };
  }
  const owner = ownerRefOf(entity);
  if (!owner) {
    return {
      passed: false,
      message: `spec.owner ${quote(raw)} is not a valid entity reference`,
    };
  }
  if (owner.startsWith('user:')) {
    return {
      passed: false,
      message: `spec.owner is the User ${owner}: one person owns this model; make a Group of at least ${minMembers} the owner`,
    };
  }
  if (!owner.startsWith('group:')) {
    return {
      passed: true,
      message: `spec.owner is ${owner}, not a User`,
    };
  }
  const members = context.groupMemberCount(owner);
  if (members === undefined) {
    return {
      passed: true,
      message: `spec.owner is the Group ${owner} (not in the catalog, so its size is not checked)`,
    };
  }
  const plural = members === 1 ? 'member' : 'members';
  return members >= minMembers
    ? {
        passed: true,
        message: `spec.owner is the Group ${owner}, with ${members} ${plural}`,
      }
    : {
        passed: false,
        message: `spec.owner is the Group ${owner}, with ${members} ${plural}; it needs at least ${minMembers}`,
      };
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
  const problems: MaturityProblem[] = [];
  const values = new Map<string, ParsedValue>();
  const waivers = new Map<string, { key: string; waiver: CheckWaiver }>();
  const prefix = c.rubric.annotationPrefix;

  const rawAnnotations = entity?.metadata?.annotations;
  const annotations =
    rawAnnotations &&
    typeof rawAnnotations === 'object' &&
    !Array.isArray(rawAnnotations)
      ? rawAnnotations
      : {};
  for (const key of Object.keys(annotations)) {
    if (!key.startsWith(prefix)) continue;
    const raw = (annotations as Record<string, unknown>)[key];
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
      waivers.set(checkId, { key, waiver });
      continue;
    }
    const decl = c.annotations.get(key);
    if (!decl) {
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
      continue;
    }
    values.set(key, parseValue(key, raw, decl, c.maxLevel, problems));
  }

  const checks: CheckResult[] = [];
  // The level is one below the lowest level that has a failing check.
  let lowestFailing = c.maxLevel + 1;
  const failedConditions = new Map<string, RubricCondition[]>();
  for (const check of c.checks) {
    let passed = true;
    const messages: string[] = [];
    const failures: string[] = [];
    for (const cond of check.conditions) {
      const outcome = evaluateCondition(cond, values, entity, context);
      messages.push(outcome.message);
      if (!outcome.passed) {
        passed = false;
        failures.push(outcome.message);
        let failed = failedConditions.get(check.id);
        if (!failed) failedConditions.set(check.id, (failed = []));
        failed.push(cond);
      }
    }
    const message = (passed ? messages : failures).join('; ');
    const w = waivers.get(check.id);
    if (w) {
      checks.push({
        id: check.id,
        level: check.level,
        passed: true,
        message: `Waived until ${w.waiver.until}: ${w.waiver.reason} (without the waiver: ${message})`,
        waived: true,
        waiver: w.waiver,
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
  const { targetLevel, targetReason } = chooseTarget(
    c,
    values,
    entity,
    context,
  );

  return {
    entityRef: entityRefOf(entity) ?? 'unknown:default/unknown',
    level,
    levelName: c.rubric.levels[level].name,
    targetLevel,
    targetReason,
    claimedLevel,
    checks,
    problems,
    recommendations: buildRecommendations(
      c,
      checks,
      failedConditions,
      level,
      targetLevel,
      values,
      entity,
    ),
  };
}

function chooseTarget(
  c: CompiledRubric,
  values: Map<string, ParsedValue>,
  entity: MaturityEntity,
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
  const owner = ownerRefOf(entity);
  const owned = owner ? context.ownedMlComponentCount(owner) : undefined;
  if (owned !== undefined && owned >= ownerComponentThreshold) {
    return { targetLevel: elevated, targetReason: 'owner-components' };
  }
  return { targetLevel: c.rubric.targets.default, targetReason: 'default' };
}

export type { ParsedValue };
