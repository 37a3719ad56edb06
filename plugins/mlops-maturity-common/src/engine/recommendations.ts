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
  RubricCondition,
} from '../types';
import type { CompiledRubric, ParsedValue } from './assess';
import { jsonString, parseList } from './values';

/** One proposed annotation, with its YAML line rendered once. */
interface ProposedValue {
  value: string;
  comment?: string;
  line: string;
}

/** What the snippet proposes: annotation values, and the owner when ownership fails. */
interface Proposal {
  annotations: Map<string, ProposedValue>;
  owner?: string;
}

function listWith(current: string[], add: string[]): string[] {
  const out = [...current];
  for (const item of add) {
    if (!out.includes(item.toLowerCase())) out.push(item.toLowerCase());
  }
  return out;
}

function currentList(
  key: string,
  values: Map<string, ParsedValue>,
  proposal: Proposal,
  allowed: string[] | undefined,
): string[] {
  const proposed = proposal.annotations.get(key);
  if (proposed) return parseList(proposed.value);
  const v = values.get(key);
  if (!v || v.absent) return [];
  const items = v.list ?? parseList(v.raw);
  // Keep what the team already wrote, minus items the key does not allow.
  return allowed ? items.filter(i => allowed.includes(i)) : items;
}

function propose(
  cond: RubricCondition,
  c: CompiledRubric,
  values: Map<string, ParsedValue>,
  entity: MaturityEntity,
  proposal: Proposal,
  snippet: Proposal,
) {
  const name =
    typeof entity.metadata?.name === 'string' ? entity.metadata.name : 'model';
  const set = (key: string, value: string, comment?: string) => {
    const proposed: ProposedValue = {
      value,
      comment,
      line: `    ${key}: ${jsonString(value)}${
        comment ? `  # ${comment}` : ''
      }`,
    };
    proposal.annotations.set(key, proposed);
    snippet.annotations.set(key, proposed);
  };
  if (cond.type === 'sharedOwnership') {
    const ns =
      typeof entity.metadata?.namespace === 'string'
        ? entity.metadata.namespace
        : 'default';
    const owner = `group:${ns}/<team-of-${cond.minGroupMembers}-or-more>`;
    proposal.owner = owner;
    snippet.owner = owner;
    return;
  }
  const key = cond.annotation;
  const decl = c.annotations.get(key);
  const allowed = decl?.values?.map(v => v.toLowerCase());
  switch (cond.type) {
    case 'present':
      set(key, (decl?.example ?? '<value>').replace(/<model-name>/g, name));
      return;
    case 'equals':
      set(key, cond.value);
      return;
    case 'includesAll':
      set(
        key,
        listWith(currentList(key, values, proposal, allowed), cond.values).join(
          ', ',
        ),
      );
      return;
    case 'includesAny': {
      const items = currentList(key, values, proposal, allowed);
      if (!cond.values.some(v => items.includes(v.toLowerCase()))) {
        set(key, listWith(items, [cond.values[0]]).join(', '));
      }
      return;
    }
    case 'greaterThan': {
      const max = decl?.max ?? 100;
      const example = Math.min(max, Math.floor(cond.value) + 10);
      set(
        key,
        `${example}%`,
        `your measured average; it must be above ${cond.value}`,
      );
      return;
    }
    default:
      return;
  }
}

/** Renders a proposal as YAML to merge into `catalog-info.yaml`. */
function toYaml(p: Proposal): string {
  let yaml = '';
  if (p.annotations.size > 0) {
    yaml = 'metadata:\n  annotations:';
    for (const proposed of p.annotations.values()) yaml += `\n${proposed.line}`;
  }
  if (p.owner) {
    yaml += `${yaml ? '\n' : ''}spec:\n  owner: ${p.owner}`;
  }
  return yaml;
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
  failedConditions: Map<string, RubricCondition[]>,
  level: number,
  targetLevel: number,
  values: Map<string, ParsedValue>,
  entity: MaturityEntity,
): LevelRecommendation[] {
  const last = Math.min(c.maxLevel, Math.max(targetLevel, level + 1));
  const out: LevelRecommendation[] = [];
  const proposal: Proposal = { annotations: new Map() };
  for (let l = level + 1; l <= last; l++) {
    const def = c.rubric.levels[l];
    const snippet: Proposal = { annotations: new Map() };
    const recs: CheckRecommendation[] = [];
    for (const result of checks) {
      if (result.level !== l || result.passed) continue;
      const check = c.checksById.get(result.id)!;
      const own: Proposal = { annotations: new Map() };
      // Propose only what fails: a satisfied condition needs no YAML.
      for (const cond of failedConditions.get(check.id) ?? []) {
        propose(cond, c, values, entity, proposal, own);
      }
      for (const [k, v] of own.annotations) snippet.annotations.set(k, v);
      if (own.owner) snippet.owner = own.owner;
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
