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

// What the end-to-end tests share beyond starting the portal: the expected
// results (the command line's, on the same example files: nothing is
// hard-coded), the guest's sign-in and token, and the wait for the first
// scheduled assessment.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { BACKEND_URL, ROOT } from './portal.ts';

/** The command line's JSON for every ML component of examples/. */
export function assessExamples<T>(): T[] {
  return JSON.parse(
    execFileSync(
      process.execPath,
      [
        path.join(ROOT, 'plugins/mlops-maturity-cli/bin/mlops-maturity'),
        'assess',
        'examples',
        '--format',
        'json',
      ],
      { cwd: ROOT, encoding: 'utf8', env: { ...process.env, INIT_CWD: ROOT } },
    ),
  );
}

/** Opens a URL, signing in as the guest when the sign-in page shows. */
export async function openAsGuest(page: Page, url: string) {
  await page.goto(url);
  const enter = page.getByRole('button', { name: /^enter$/i });
  const ready = page.locator('main, [role="main"], article').first();
  await Promise.race([
    enter.waitFor({ timeout: 60_000 }).then(() => enter.click()),
    ready.waitFor({ timeout: 60_000 }),
  ]);
}

/** A Backstage token of the guest, as the app gets one. */
export async function guestToken(): Promise<string> {
  const res = await fetch(`${BACKEND_URL}/api/auth/guest/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  return (await res.json()).backstageIdentity.token;
}

/** Waits until the backend's scheduled refresh has assessed `count` components. */
export async function waitForFleet(count: number) {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const res = await fetch(`${BACKEND_URL}/api/mlops-maturity/fleet?limit=1`, {
      headers: { authorization: `Bearer ${await guestToken()}` },
    });
    if (res.ok && (await res.json()).totalItems === count) return;
    await new Promise(r => setTimeout(r, 2000));
  }
  throw new Error(`the fleet never reached ${count} ML components`);
}
