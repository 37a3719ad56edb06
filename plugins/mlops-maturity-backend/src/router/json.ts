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

import { createHash } from 'node:crypto';
import { Response } from 'express';
import { cached } from '../service/cached';

/** A shared value's JSON text, and a digest of that text. */
interface Piece {
  text: string;
  digest: string;
}

/** The text and digest of each shared value, made once per value. */
const pieces = new WeakMap<object, Piece>();

function digestOf(text: string): string {
  return createHash('sha1').update(text).digest('base64');
}

function pieceOf(value: object): Piece {
  return cached(pieces, value, v => {
    const text = JSON.stringify(v);
    return { text, digest: digestOf(text) };
  });
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
 * roll-up by owner lists every owner. The next was Express hashing every
 * response whole for its ETag. The ETag is therefore set here, from the
 * body's own text and the digest each shared value got once: responses
 * with the same text get the same tag, and any other text another one, as
 * Express's own tags; Express then answers a matching If-None-Match with a
 * 304 as before.
 */
export function sendJson(
  res: Response,
  body: Record<string, unknown>,
  shared: Record<string, object>,
  sharedLists: Record<string, object[]> = {},
): void {
  let text = JSON.stringify(body);
  // What the tag is made from: JSON text has no raw control characters, so
  // "\n" separates its parts unambiguously.
  let tagged = text;
  const add = (key: string, json: string) => {
    const field = `${JSON.stringify(key)}:${json}`;
    text = text === '{}' ? `{${field}}` : `${text.slice(0, -1)},${field}}`;
  };
  for (const [key, value] of Object.entries(shared)) {
    const piece = pieceOf(value);
    add(key, piece.text);
    tagged += `\n${JSON.stringify(key)}\n${piece.digest}`;
  }
  for (const [key, list] of Object.entries(sharedLists)) {
    const listed = list.map(pieceOf);
    add(key, `[${listed.map(p => p.text).join(',')}]`);
    tagged += `\n${JSON.stringify(key)}\n[${listed
      .map(p => p.digest)
      .join(',')}]`;
  }
  res
    .type('application/json')
    .set('ETag', `W/"${digestOf(tagged).slice(0, 27)}"`)
    .send(text);
}
