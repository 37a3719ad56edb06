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

/** Text gathered before one write: large enough that writes are few. */
const BATCH_CHARS = 1 << 20;

/**
 * Writes `items` as one JSON array, the text `JSON.stringify([...items],
 * null, indent)` gives, followed by a newline. Each item is serialized on its
 * own, as the iterator makes it, and the text goes out a batch at a time: the
 * array of a large fleet (50 MB for 10k components) was serialized into one
 * string that cost more time and memory than all its items did one by one. A
 * write that returns `false` (the reader has gone) ends it, leaving the rest
 * of the iterator unread: it would be serialized for nobody.
 */
export function writeJsonArray(
  write: (text: string) => unknown,
  items: Iterator<unknown>,
  indent?: number,
): void {
  // An item's own lines, shifted by one level: its strings hold no raw
  // newline (JSON escapes them), so every newline is a line break.
  const pad = indent ? `\n${' '.repeat(indent)}` : '';
  const separator = `,${pad}`;
  let batch = '';
  let first = true;
  for (let next = items.next(); !next.done; next = items.next()) {
    const text = JSON.stringify(next.value, null, indent);
    batch +=
      (first ? `[${pad}` : separator) + (pad ? text.replace(/\n/g, pad) : text);
    first = false;
    if (batch.length >= BATCH_CHARS) {
      if (write(batch) === false) return;
      batch = '';
    }
  }
  write(first ? '[]\n' : `${batch}${indent ? '\n' : ''}]\n`);
}
