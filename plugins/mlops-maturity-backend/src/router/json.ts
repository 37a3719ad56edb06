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
  return createHash('sha256').update(text).digest('base64');
}

function pieceOf(value: object): Piece {
  return cached(pieces, value, v => {
    const text = JSON.stringify(v);
    return { text, digest: digestOf(text) };
  });
}

/**
 * Bytes of recent responses kept, by tag: a few pages of a large fleet (a
 * fleet page with the owners facet of 100k components is about 0.5 MB).
 */
const RECENT_BYTES = 8 * 1024 * 1024;

/**
 * Recently sent response bodies by their tag, oldest first. The same page
 * asked for again has the same text until its data or its age (in whole
 * seconds) changes, and under load it is asked for many times a second.
 */
const recent = new Map<string, Buffer>();
let recentBytes = 0;

function keep(tag: string, bytes: Buffer) {
  // A body larger than a quarter of the budget would push out the rest.
  if (bytes.length > RECENT_BYTES / 4) return;
  while (recentBytes + bytes.length > RECENT_BYTES) {
    const [oldest, kept] = recent.entries().next().value!;
    recent.delete(oldest);
    recentBytes -= kept.length;
  }
  recent.set(tag, bytes);
  recentBytes += bytes.length;
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
 * response whole for its ETag, and then the collector, for the text of every
 * response built anew. The ETag is therefore set here, from the body's own
 * text and the digest each shared value got once: responses with the same
 * text get the same tag, and any other text another one, as Express's own
 * tags (Express then answers a matching If-None-Match with a 304). A
 * response whose tag was sent recently is the same text, and is sent from
 * the bytes kept for it.
 */
export function sendJson(
  res: Response,
  body: Record<string, unknown>,
  shared: Record<string, object>,
  sharedLists: Record<string, object[]> = {},
): void {
  const head = JSON.stringify(body);
  // What the tag is made from: JSON text has no raw control characters, so
  // "\n" separates its parts unambiguously.
  let tagged = head;
  const fields: Array<[string, Piece | Piece[]]> = [];
  for (const [key, value] of Object.entries(shared)) {
    const piece = pieceOf(value);
    fields.push([key, piece]);
    tagged += `\n${JSON.stringify(key)}\n${piece.digest}`;
  }
  for (const [key, list] of Object.entries(sharedLists)) {
    const listed = list.map(pieceOf);
    fields.push([key, listed]);
    tagged += `\n${JSON.stringify(key)}\n[${listed
      .map(p => p.digest)
      .join(',')}]`;
  }
  const tag = `W/"${digestOf(tagged).slice(0, 43)}"`;
  let bytes = recent.get(tag);
  if (!bytes) {
    let text = head;
    for (const [key, value] of fields) {
      const json = Array.isArray(value)
        ? `[${value.map(p => p.text).join(',')}]`
        : value.text;
      const field = `${JSON.stringify(key)}:${json}`;
      text = text === '{}' ? `{${field}}` : `${text.slice(0, -1)},${field}}`;
    }
    bytes = Buffer.from(text, 'utf8');
    keep(tag, bytes);
  }
  res
    .set('Content-Type', 'application/json; charset=utf-8')
    .set('ETag', tag)
    .send(bytes);
}
