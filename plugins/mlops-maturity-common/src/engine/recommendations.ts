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
  LevelRecommendation,
  MaturityEntity,
} from '../types';
import type {
  CompiledCheck,
  CompiledCondition,
  CompiledRubric,
  FailedConditions,
  PreparedProposal,
  ValueSlots,
} from './assess';
import { jsonString, needsEscape, parseList } from './values';

/** One proposed annotation, with its YAML line rendered once. */
interface ProposedValue {
  value: string;
  comment?: string;
  line: string;
}

/**
 * The YAML lines a snippet proposes, by annotation key (numbered as
 * `keyIndex`), in the order the keys were first proposed, and the owner when
 * ownership fails. Parallel arrays rather than a map: a snippet holds a
 * handful of keys, and several are made for every entity.
 */
interface Snippet {
  keys: number[];
  lines: string[];
  owner?: string;
}

/** What one entity's recommendations share while they are built. */
interface Climb {
  entity: MaturityEntity;
  values: ValueSlots;
  /**
   * The latest proposal for each key that a list condition reads, by
   * `keyIndex`: a list grows from one level to the next.
   */
  proposals: Array<ProposedValue | undefined> | undefined;
  /** The name that replaces `<model-name>`; read on first use. */
  name: string | undefined;
  /** Whether the name can be spliced into a YAML line as it is. */
  plainName: boolean;
}

const YAML_HEAD = 'metadata:\n  annotations:';

/** Map#set: a new key goes last, a known key keeps its place. */
function put(s: Snippet, key: number, line: string) {
  const i = s.keys.indexOf(key);
  if (i < 0) {
    s.keys.push(key);
    s.lines.push(line);
  } else {
    s.lines[i] = line;
  }
}

function proposedValue(
  key: string,
  value: string,
  comment?: string,
): ProposedValue {
  return {
    value,
    comment,
    line: `    ${key}: ${jsonString(value)}${comment ? `  # ${comment}` : ''}`,
  };
}

function listWith(current: string[], add: string[]): string[] {
  const out = [...current];
  for (const item of add) {
    if (!out.includes(item.toLowerCase())) out.push(item.toLowerCase());
  }
  return out;
}

function currentList(
  cc: CompiledCondition,
  climb: Climb,
  allowed: string[] | undefined,
): string[] {
  const proposed = climb.proposals?.[cc.keyIndex];
  if (proposed) return parseList(proposed.value);
  const v = climb.values[cc.slot];
  if (!v || v.absent) return [];
  const items = v.list ?? parseList(v.raw);
  // Keep what the team already wrote, minus items the key does not allow.
  return allowed ? items.filter(item => allowed.includes(item)) : items;
}

/** Renders a snippet as YAML to merge into `catalog-info.yaml`. */
function toYaml(s: Snippet): string {
  let yaml = '';
  if (s.keys.length > 0) {
    yaml = YAML_HEAD;
    for (const line of s.lines) yaml += `\n${line}`;
  }
  if (s.owner) {
    yaml += `${yaml ? '\n' : ''}spec:\n  owner: ${s.owner}`;
  }
  return yaml;
}

/**
 * What a condition proposes regardless of the entity, prepared on first use:
 * the same value for every entity (`equals`, `greaterThan`, and `present`
 * whose example does not name the model) is rendered once.
 */
function prepare(cc: CompiledCondition): PreparedProposal {
  if (cc.proposal) return cc.proposal;
  const cond = cc.cond;
  const decl = cc.decl;
  let allowed: string[] | undefined | null;
  let fixed: ProposedValue | undefined;
  let named: string[] | undefined;
  let fresh: ProposedValue | undefined;
  try {
    allowed = decl?.values?.map(v => v.toLowerCase());
  } catch {
    allowed = null;
  }
  try {
    // When the allowed items cannot be prepared, propose() reads them each
    // time and fails as before.
    if (allowed !== null) {
      switch (cond.type) {
        case 'present': {
          const example = decl?.example ?? '<value>';
          if (typeof example !== 'string') break;
          if (!example.includes('<model-name>')) {
            fixed = proposedValue(cc.key, example);
          } else {
            const pieces = example.split('<model-name>');
            if (!pieces.some(needsEscape)) named = pieces;
          }
          break;
        }
        case 'equals':
          fixed = proposedValue(cc.key, cond.value);
          break;
        case 'greaterThan': {
          const max = decl?.max ?? 100;
          const example = Math.min(max, Math.floor(cond.value) + 10);
          fixed = proposedValue(
            cc.key,
            `${example}%`,
            `your measured average; it must be above ${cond.value}`,
          );
          break;
        }
        case 'includesAll':
          fresh = proposedValue(cc.key, listWith([], cond.values).join(', '));
          break;
        case 'includesAny':
          // An empty list includes none of the values, so the first is
          // proposed. propose() lower-cases every value on the way, and fails
          // on no values at all: those rubrics keep taking that path.
          if (cond.values.map(v => v.toLowerCase()).length > 0) {
            fresh = proposedValue(
              cc.key,
              listWith([], [cond.values[0]]).join(', '),
            );
          }
          break;
        default:
          break;
      }
    }
  } catch {
    // A malformed rubric: propose() computes it each time, failing as before.
    fixed = undefined;
    named = undefined;
    fresh = undefined;
  }
  const prepared: PreparedProposal = {
    allowed,
    fixed,
    fixedYaml: fixed ? `${YAML_HEAD}\n${fixed.line}` : undefined,
    named,
    lineHead: `    ${cc.key}: "`,
    fresh,
    defaultOwner:
      cond.type === 'sharedOwnership'
        ? `group:default/<team-of-${cond.minGroupMembers}-or-more>`
        : undefined,
    lastSource: undefined,
    lastProposal: undefined,
  };
  cc.proposal = prepared;
  return prepared;
}

/** The name `<model-name>` stands for, as propose() reads it. */
function nameOf(climb: Climb): string {
  if (climb.name === undefined) {
    const entity = climb.entity;
    climb.name =
      typeof entity.metadata?.name === 'string'
        ? entity.metadata.name
        : 'model';
    // `$` would be a replacement pattern in String#replace; an escape would
    // change the quoting of the whole line.
    climb.plainName = !climb.name.includes('$') && !needsEscape(climb.name);
  }
  return climb.name;
}

/** Records a proposal that a later list condition may build on. */
function remember(climb: Climb, cc: CompiledCondition, p: ProposedValue) {
  if (!cc.listRead) return;
  (climb.proposals ??= [])[cc.keyIndex] = p;
}

/**
 * The YAML line a failing condition proposes when it can be had without the
 * general path: fixed, or the example with the model's name spliced in.
 */
function quickLine(
  cc: CompiledCondition,
  prepared: PreparedProposal,
  climb: Climb,
): string | undefined {
  if (prepared.fixed) {
    remember(climb, cc, prepared.fixed);
    return prepared.fixed.line;
  }
  if (prepared.fresh) {
    // Only when propose() would start from an empty list.
    if (climb.proposals?.[cc.keyIndex]) return undefined;
    const v = climb.values[cc.slot];
    if (v && !v.absent) return undefined;
    remember(climb, cc, prepared.fresh);
    return prepared.fresh.line;
  }
  const pieces = prepared.named;
  if (!pieces) return undefined;
  const name = nameOf(climb);
  if (!climb.plainName) return undefined;
  let value = pieces[0];
  for (let k = 1; k < pieces.length; k++) value += name + pieces[k];
  const line = `${prepared.lineHead}${value}"`;
  if (cc.listRead) remember(climb, cc, { value, line });
  return line;
}

function propose(
  cc: CompiledCondition,
  prepared: PreparedProposal,
  climb: Climb,
  own: Snippet,
) {
  const cond = cc.cond;
  const entity = climb.entity;
  const name =
    typeof entity.metadata?.name === 'string' ? entity.metadata.name : 'model';
  if (cond.type === 'sharedOwnership') {
    const ns =
      typeof entity.metadata?.namespace === 'string'
        ? entity.metadata.namespace
        : 'default';
    own.owner = `group:${ns}/<team-of-${cond.minGroupMembers}-or-more>`;
    return;
  }
  if (prepared.fixed) {
    remember(climb, cc, prepared.fixed);
    put(own, cc.keyIndex, prepared.fixed.line);
    return;
  }
  const decl = cc.decl;
  // A list proposal is a function of the list it starts from.
  const source =
    cond.type === 'includesAll' || cond.type === 'includesAny'
      ? climb.proposals?.[cc.keyIndex] ?? climb.values[cc.slot]
      : undefined;
  if (source !== undefined && source === prepared.lastSource) {
    const last = prepared.lastProposal;
    if (last) {
      remember(climb, cc, last);
      put(own, cc.keyIndex, last.line);
    }
    return;
  }
  const allowed =
    prepared.allowed === null
      ? decl?.values?.map(v => v.toLowerCase())
      : prepared.allowed;
  if (source !== undefined) {
    prepared.lastSource = undefined;
    prepared.lastProposal = null;
  }
  const set = (value: string, comment?: string) => {
    const proposed = proposedValue(cc.key, value, comment);
    remember(climb, cc, proposed);
    put(own, cc.keyIndex, proposed.line);
    if (source !== undefined) prepared.lastProposal = proposed;
  };
  switch (cond.type) {
    case 'present':
      set((decl?.example ?? '<value>').replace(/<model-name>/g, name));
      return;
    case 'equals':
      set(cond.value);
      return;
    case 'includesAll':
      set(listWith(currentList(cc, climb, allowed), cond.values).join(', '));
      break;
    case 'includesAny': {
      const items = currentList(cc, climb, allowed);
      if (!cond.values.some(v => items.includes(v.toLowerCase()))) {
        set(listWith(items, [cond.values[0]]).join(', '));
      }
      break;
    }
    case 'greaterThan': {
      const max = decl?.max ?? 100;
      const example = Math.min(max, Math.floor(cond.value) + 10);
      set(
        `${example}%`,
        `your measured average; it must be above ${cond.value}`,
      );
      return;
    }
    default:
      return;
  }
  // Remembered only once computed: a throw above leaves no memo behind.
  if (source !== undefined) prepared.lastSource = source;
}

const NO_CONDITIONS: CompiledCondition[] = [];

/**
 * The recommendation of a check whose annotation is not set, when its YAML is
 * the same for every entity: made once, frozen and shared like the result.
 */
function notSetRecommendation(
  c: CompiledRubric,
  compiledCheck: CompiledCheck,
): Readonly<CheckRecommendation> | null {
  if (compiledCheck.notSetRecommendation !== undefined) {
    return compiledCheck.notSetRecommendation;
  }
  const result = compiledCheck.notSetResult;
  const prepared = prepare(compiledCheck.conds[0]);
  // With duplicate ids, the recommendation may describe another check.
  compiledCheck.notSetRecommendation =
    c.uniqueIds && result && prepared.fixed
      ? Object.freeze({
          id: compiledCheck.check.id,
          statement: compiledCheck.check.statement,
          message: result.message,
          yaml: prepared.fixedYaml!,
        })
      : null;
  return compiledCheck.notSetRecommendation;
}

/**
 * For each level from the one above the current level up to the target (at
 * least the next level), the failing checks with the YAML that would make
 * them pass and the climb row. Proposals accumulate as the levels go up, so a
 * list annotation grows from one level to the next rather than being
 * rewritten.
 */
export function buildRecommendations(
  c: CompiledRubric,
  checks: CheckResult[],
  failed: FailedConditions,
  level: number,
  targetLevel: number,
  values: ValueSlots,
  entity: MaturityEntity,
): LevelRecommendation[] {
  const last = Math.min(c.maxLevel, Math.max(targetLevel, level + 1));
  const out: LevelRecommendation[] = [];
  const climb: Climb = {
    entity,
    values,
    proposals: undefined,
    name: undefined,
    plainName: false,
  };
  // propose() reads the entity's metadata, which throws on no entity at all:
  // the quick paths, which may not read it, are for real entities only.
  const quick = entity !== null && entity !== undefined;
  for (let l = level + 1; l <= last; l++) {
    const def = c.rubric.levels[l];
    const snippet: Snippet = { keys: [], lines: [] };
    const recs: CheckRecommendation[] = [];
    for (const i of c.levelChecks[l]) {
      const result = checks[i];
      if (result.passed) continue;
      const conds = failed[c.idGroup[i]] ?? NO_CONDITIONS;
      if (quick && conds.length === 1) {
        // The common case: one failing condition, whose YAML is one line.
        const cc = conds[0];
        const prepared = prepare(cc);
        if (prepared.defaultOwner && entity.metadata?.namespace === undefined) {
          snippet.owner = prepared.defaultOwner;
          const check = c.recommendedCheck[i];
          recs.push({
            id: check.id,
            statement: check.statement,
            message: result.message,
            yaml: `spec:\n  owner: ${prepared.defaultOwner}`,
          });
          continue;
        }
        const line = quickLine(cc, prepared, climb);
        if (line !== undefined) {
          put(snippet, cc.keyIndex, line);
          const compiledCheck = c.compiledChecks[i];
          let shared: Readonly<CheckRecommendation> | null = null;
          if (result === compiledCheck.notSetResult) {
            shared = notSetRecommendation(c, compiledCheck);
          } else if (
            result === compiledCheck.lastResult &&
            notSetRecommendation(c, compiledCheck)
          ) {
            // A repeated value: the result is shared, and so is its advice.
            if (compiledCheck.lastRecommendationOf !== result) {
              compiledCheck.lastRecommendationOf = result;
              compiledCheck.lastRecommendation = Object.freeze({
                id: compiledCheck.check.id,
                statement: compiledCheck.check.statement,
                message: result.message,
                yaml: prepared.fixedYaml!,
              });
            }
            shared = compiledCheck.lastRecommendation!;
          }
          if (shared) {
            recs.push(shared);
          } else {
            const check = c.recommendedCheck[i];
            recs.push({
              id: check.id,
              statement: check.statement,
              message: result.message,
              yaml: `${YAML_HEAD}\n${line}`,
            });
          }
          continue;
        }
      }
      const own: Snippet = { keys: [], lines: [] };
      // Propose only what fails: a satisfied condition needs no YAML.
      for (const cc of conds) {
        const prepared = prepare(cc);
        const line = quick ? quickLine(cc, prepared, climb) : undefined;
        if (line !== undefined) put(own, cc.keyIndex, line);
        else propose(cc, prepared, climb, own);
      }
      for (let k = 0; k < own.keys.length; k++) {
        put(snippet, own.keys[k], own.lines[k]);
      }
      if (own.owner) snippet.owner = own.owner;
      const check = c.recommendedCheck[i];
      recs.push({
        id: check.id,
        statement: check.statement,
        message: result.message,
        yaml: toYaml(own),
      });
    }
    out.push({
      level: l,
      levelName: def.name,
      fromLevel: l - 1,
      actions: def.climb?.actions ?? '',
      effort: def.climb?.effort ?? '',
      tools: def.climb?.tools ?? [],
      checks: recs,
      yaml: toYaml(snippet),
    });
  }
  return out;
}
