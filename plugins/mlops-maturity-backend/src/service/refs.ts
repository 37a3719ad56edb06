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

import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';

/**
 * An entity ref as the catalog reads one, `[<kind>:][<namespace>/]<name>`,
 * made full (`team-a` and `group:team-a` are `group:default/team-a` when
 * the kind defaults to group); undefined when it is not a ref.
 */
export function fullEntityRef(
  value: string,
  defaultKind: string,
): string | undefined {
  try {
    return stringifyEntityRef(
      parseEntityRef(value, { defaultKind, defaultNamespace: 'default' }),
    );
  } catch {
    return undefined;
  }
}

/** What a malformed ref is told, for a value whose kind defaults to `defaultKind`. */
export function entityRefExpected(defaultKind: string, example: string) {
  return `must be an entity ref, [<kind>:][<namespace>/]<name>, such as ${example} (a bare name means ${defaultKind}:default/<name>)`;
}

/** Refs one ref filter accepts at most, comma-separated. */
export const MAX_FILTER_REFS = 100;

/**
 * One entity ref, or several separated by commas (any of them matches: a
 * team and its sub-teams), each made full as the catalog reads refs; commas
 * cannot occur in a ref. Returns the refs, or what is wrong with the value.
 */
export function fullEntityRefs(
  value: string,
  defaultKind: string,
  example: string,
): { refs: string | string[] } | { error: string } {
  const parts = value.split(',').map(part => part.trim());
  if (parts.length > MAX_FILTER_REFS) {
    return {
      error: `lists ${parts.length} entity refs; at most ${MAX_FILTER_REFS}, separated by commas`,
    };
  }
  const refs: string[] = [];
  for (const part of parts) {
    if (part.length > 255) {
      return {
        error: `${
          parts.length === 1 ? 'is' : `has "${part.slice(0, 80)}…", which is`
        } too long: an entity ref has at most 255 characters`,
      };
    }
    const ref = part ? fullEntityRef(part, defaultKind) : undefined;
    if (ref === undefined) {
      const expected = entityRefExpected(defaultKind, example);
      return {
        error:
          parts.length === 1
            ? expected
            : `"${part.slice(
                0,
                80,
              )}" ${expected}; several refs are separated by commas`,
      };
    }
    if (!refs.includes(ref)) refs.push(ref);
  }
  return { refs: refs.length === 1 ? refs[0] : refs };
}
