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

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { blockingOutput } from './output';

const TRANSFORM = require.resolve(
  '@backstage/cli-node/config/nodeTransform.cjs',
);
const OUTPUT = path.resolve(__dirname, 'output.ts');
/** Several times what a pipe holds, with characters of 1 to 4 bytes. */
const UNIT = 'plain é € 𝄞\n';
const TEXT = UNIT.repeat(200_000);
/** The same text, built in the child. */
const MAKE_TEXT = `const text = ${JSON.stringify(UNIT)}.repeat(200000);`;

/** Runs `script` in a Node process with `write` bound to blockingOutput(1). */
function child(script: string) {
  return spawn(
    process.execPath,
    [
      '-r',
      TRANSFORM,
      '-e',
      `const write = t => require(${JSON.stringify(
        OUTPUT,
      )}).blockingOutput(1).write(t); ${script}`,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
}

function finished(p: ReturnType<typeof spawn>) {
  let stderr = '';
  p.stderr!.on('data', d => {
    stderr += d;
  });
  return new Promise<{ code: number | null; stderr: string }>(resolve =>
    p.on('close', code => resolve({ code, stderr })),
  );
}

describe('blockingOutput', () => {
  it('writes all of the text to a file, byte for byte', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mm-output-'));
    const file = path.join(dir, 'out.txt');
    const fd = fs.openSync(file, 'w');
    try {
      const out = blockingOutput(fd);
      expect(out.isTTY).toBe(false);
      expect(out.write(TEXT)).toBe(true);
      expect(out.write('end\n')).toBe(true);
    } finally {
      fs.closeSync(fd);
    }
    expect(fs.readFileSync(file, 'utf8')).toBe(`${TEXT}end\n`);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('waits for a slow reader of a pipe made non-blocking, losing nothing', async () => {
    // Opening process.stdout makes the pipe non-blocking: writes then meet
    // EAGAIN whenever the pipe is full.
    const p = child(`process.stdout; ${MAKE_TEXT} write(text); write(text);`);
    const chunks: Buffer[] = [];
    p.stdout!.pause();
    setTimeout(() => {
      p.stdout!.on('data', d => chunks.push(d));
      p.stdout!.resume();
    }, 300);
    const { code, stderr } = await finished(p);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(Buffer.concat(chunks).toString('utf8')).toBe(TEXT + TEXT);
  });

  it('drops the rest quietly once the reader has gone', async () => {
    const p = child(
      `${MAKE_TEXT} const first = write(text); const second = write('more');
      process.stderr.write(JSON.stringify([first, second]));`,
    );
    p.stdout!.destroy();
    const { code, stderr } = await finished(p);
    expect(code).toBe(0);
    expect(stderr).toBe('[false,false]');
  });
});
