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

import { Response } from 'express';
import { cached } from '../service/cached';

/** The JSON text of each shared value, made once per value. */
const texts = new WeakMap<object, string>();

function textOf(value: object): string {
  return cached(texts, value, v => JSON.stringify(v));
}

/**
 * Sends `body` as JSON, with the `shared` fields and the `sharedLists`
 * fields added. A shared value is one the services hand out again,
 * unchanged, for every request that asks for the same snapshot and filter
 * (the facets of a fleet page, a roll-up, the row of one component): its
 * text is made once and reused, never per response. A shared list is a new
 * array of shared values (a page of rows). Shared values must never be
 * changed once sent.
 *
 * Under load, serializing the responses was the fleet routes' largest cost:
 * at 10k components the owners facet is about half of a fleet page, and a
 * roll-up by owner lists every owner.
 */
export function sendJson(
  res: Response,
  body: Record<string, unknown>,
  shared: Record<string, object>,
  sharedLists: Record<string, object[]> = {},
): void {
  let text = JSON.stringify(body);
  const add = (key: string, json: string) => {
    const field = `${JSON.stringify(key)}:${json}`;
    text = text === '{}' ? `{${field}}` : `${text.slice(0, -1)},${field}}`;
  };
  for (const [key, value] of Object.entries(shared)) add(key, textOf(value));
  for (const [key, list] of Object.entries(sharedLists)) {
    add(key, `[${list.map(textOf).join(',')}]`);
  }
  res.type('application/json').send(text);
}
