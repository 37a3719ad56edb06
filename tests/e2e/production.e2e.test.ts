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

// End-to-end: the portal as it is deployed. The app is built for production
// (minified bundle, lazily loaded chunks) and served by the backend's app
// plugin, which injects only the configuration the schemas mark as visible
// to the frontend; no dev server is involved. Chromium then uses the
// plugin's pages there.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { BACKEND_URL, ROOT, startPortal, type Portal } from './portal.ts';
import { launchBrowser } from './browser.ts';
import { assessExamples, openAsGuest, waitForFleet } from './examples.ts';

const APP_DIST = path.join(ROOT, 'packages/app/dist');

interface Assessed {
  entityRef: string;
  level: number;
  levelName: string;
  checks: Array<{ id: string; passed: boolean }>;
}

const nameOf = (ref: string) => ref.slice(ref.indexOf('/') + 1);

let portal: Portal;
let browser: { browser: Browser; close(): Promise<void> };
let page: Page;
const pageErrors: string[] = [];
const expected = assessExamples<Assessed>();

const open = (url: string) => openAsGuest(page, `${BACKEND_URL}${url}`);

describe('the portal built for production', { timeout: 900_000 }, () => {
  before(async () => {
    execFileSync('yarn', ['build'], {
      cwd: path.join(ROOT, 'packages/app'),
      stdio: 'pipe',
      // The bundle is made for the address the backend serves it from.
      env: { ...process.env, APP_CONFIG_app_baseUrl: BACKEND_URL },
    });
    assert.ok(fs.existsSync(path.join(APP_DIST, 'index.html')));
    portal = await startPortal({
      shell: 'yarn workspace backend start',
      env: { APP_CONFIG_app_baseUrl: BACKEND_URL },
      frontend: false,
      logName: 'production.log',
    });
    browser = await launchBrowser();
    page = await browser.browser.newPage({
      viewport: { width: 1440, height: 1000 },
    });
    page.setDefaultTimeout(60_000);
    page.on('pageerror', e => pageErrors.push(e.message));
  });

  after(async () => {
    await browser?.close();
    await portal?.stop();
    fs.rmSync(APP_DIST, { recursive: true, force: true });
  });

  it('serves the built app from the backend, with the plugin in its own chunk', async () => {
    const res = await fetch(`${BACKEND_URL}/mlops-maturity`);
    assert.equal(res.status, 200);
    assert.match(await res.text(), /<div id="root">/);
    // Loaded lazily: the plugin's pages are in chunks of their own, which
    // index.html does not load up front.
    const html = fs.readFileSync(path.join(APP_DIST, 'index.html'), 'utf8');
    const upFront = new Set(
      [...html.matchAll(/src="\/static\/([^"]+)"/g)].map(m => m[1]),
    );
    assert.ok(upFront.size > 0);
    const holding = (text: string) =>
      fs
        .readdirSync(path.join(APP_DIST, 'static'))
        .filter(
          f =>
            f.endsWith('.js') &&
            fs
              .readFileSync(path.join(APP_DIST, 'static', f), 'utf8')
              .includes(text),
        );
    for (const text of ['Below target only', 'Gap checklist']) {
      const chunks = holding(text);
      assert.ok(chunks.length > 0, `a chunk holds "${text}"`);
      for (const chunk of chunks) {
        assert.ok(
          !upFront.has(chunk),
          `"${text}" is in ${chunk}, loaded up front`,
        );
      }
    }
  });

  it('shows the fleet scorecard with every ML component, and an entity tab', async () => {
    await waitForFleet(expected.length);
    await open('/mlops-maturity');
    const table = page.getByRole('table', { name: 'ML components' });
    await table.waitFor();
    for (const a of expected) {
      await table
        .locator(`a[href$="/catalog/default/component/${nameOf(a.entityRef)}"]`)
        .first()
        .waitFor();
    }

    const a = expected.find(e => e.checks.some(c => !c.passed))!;
    await open(
      `/catalog/default/component/${nameOf(a.entityRef)}/mlops-maturity`,
    );
    const current = page
      .getByRole('list', { name: 'Maturity levels' })
      .locator('[aria-current]');
    await current.waitFor();
    assert.match(await current.innerText(), new RegExp(`\\b${a.levelName}\\b`));
    const failing = a.checks.find(c => !c.passed)!;
    await page
      .getByRole('region', { name: 'Gap checklist' })
      .getByText(failing.id, { exact: true })
      .first()
      .waitFor();
    assert.deepEqual(pageErrors, [], 'no uncaught error in the page');
  });
});
