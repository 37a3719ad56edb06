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

// End-to-end: the real dev portal (`yarn start`) in Debian's Chromium, used
// as a person would. Expected levels come from the command line run on the
// same example files — nothing here is hard-coded.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import {
  APP_URL,
  BACKEND_URL,
  ROOT,
  startPortal,
  type Portal,
} from './portal.ts';
import { launchBrowser } from './browser.ts';
import {
  assessExamples,
  guestToken,
  openAsGuest,
  waitForFleet,
} from './examples.ts';

interface Assessed {
  entityRef: string;
  level: number;
  levelName: string;
  targetLevel: number;
  claimedLevel: number | null;
  checks: Array<{
    id: string;
    level: number;
    passed: boolean;
    waived?: boolean;
  }>;
  recommendations: Array<{
    level: number;
    levelName: string;
    actions: string;
    yaml: string;
  }>;
}

// Screenshots go to tests/e2e/output; MM_UPDATE_SCREENSHOTS=1 refreshes the
// README's copies in docs/images instead.
const SHOTS =
  process.env.MM_UPDATE_SCREENSHOTS === '1'
    ? path.join(ROOT, 'docs/images')
    : path.join(ROOT, 'tests/e2e/output/screenshots');

const nameOf = (ref: string) => ref.slice(ref.indexOf('/') + 1);
/** Links to an entity's page, wherever its title is shown. */
const entityLinkSelector = (ref: string) =>
  `a[href$="/catalog/default/component/${nameOf(ref)}"]`;

let portal: Portal;
let browser: { browser: Browser; close(): Promise<void> };
let page: Page;
const expected = assessExamples<Assessed>();

const open = (url: string) => openAsGuest(page, `${APP_URL}${url}`);

describe('the dev portal', { timeout: 900_000 }, () => {
  before(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    portal = await startPortal();
    console.log(`portal started in ${portal.startupSeconds.toFixed(0)} s`);
    browser = await launchBrowser();
    page = await browser.browser.newPage({
      viewport: { width: 1440, height: 1000 },
    });
    page.setDefaultTimeout(60_000);
    await open('/catalog');
    await waitForFleet(expected.length);
  });

  after(async () => {
    await browser?.close();
    await portal?.stop();
  });

  it('shows an ML component at each level with its level, failing checks, YAML and next step', async () => {
    for (let level = 0; level <= 4; level++) {
      const a =
        expected.find(e => e.level === level && e.level < e.targetLevel) ??
        expected.find(e => e.level === level);
      assert.ok(a, `the examples hold a component at level ${level}`);
      await open(
        `/catalog/default/component/${nameOf(a.entityRef)}/mlops-maturity`,
      );

      const ladder = page.getByRole('list', { name: 'Maturity levels' });
      await ladder.waitFor();
      const current = ladder.locator('[aria-current]');
      assert.match(
        await current.innerText(),
        new RegExp(`\\b${a.levelName}\\b`),
      );
      assert.match(await current.innerText(), /current/i);

      const checklist = page.getByRole('region', { name: 'Gap checklist' });
      const failing = a.checks.filter(c => !c.passed);
      for (const check of failing.slice(0, 3)) {
        assert.ok(
          await checklist
            .getByText(check.id, { exact: true })
            .first()
            .isVisible(),
          `${a.entityRef}: failing check ${check.id} is listed`,
        );
      }

      const climb = page.getByRole('region', { name: 'How to climb' });
      const next = a.recommendations[0];
      if (next) {
        await climb.getByText(next.actions).first().waitFor();
        const firstYamlLine = next.yaml
          .split('\n')
          .find(l => l.includes('mlops/') || l.includes('owner'));
        if (firstYamlLine) {
          await page
            .getByText(firstYamlLine.trim(), { exact: false })
            .first()
            .waitFor();
        }
      } else {
        assert.equal(a.level, 4);
      }
      if (level === 1) {
        await page.screenshot({
          path: path.join(SHOTS, 'entity-tab.png'),
          fullPage: true,
        });
      }
    }
  });

  it('shows the overview card on an ML component, and no maturity tab on other components', async () => {
    const a = expected.find(e => e.level < e.targetLevel)!;
    await open(`/catalog/default/component/${nameOf(a.entityRef)}`);
    const card = page.getByText('MLOps maturity', { exact: true }).first();
    await card.waitFor();
    await page.getByRole('tab', { name: /mlops maturity/i }).waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'overview-card.png') });

    const mlRefs = new Set(expected.map(e => e.entityRef));
    const res = await page.request.get(
      `${BACKEND_URL}/api/catalog/entities/by-query?filter=kind=component&fields=metadata.name,kind,metadata.namespace`,
      {
        headers: { authorization: `Bearer ${await guestToken()}` },
      },
    );
    const { items } = await res.json();
    const plain = items.find(
      (e: any) => !mlRefs.has(`component:default/${e.metadata.name}`),
    );
    assert.ok(
      plain,
      'the examples hold a component that is not an ML component',
    );
    await open(`/catalog/default/component/${plain.metadata.name}`);
    await page.getByRole('tab', { name: /overview/i }).waitFor();
    assert.equal(
      await page.getByRole('tab', { name: /mlops maturity/i }).count(),
      0,
    );
  });

  it('filters the fleet by level and by below target, in the URL, and downloads the CSV', async () => {
    await open('/mlops-maturity');
    const table = page.getByRole('table', { name: 'ML components' });
    await table.waitFor();
    await page.screenshot({
      path: path.join(SHOTS, 'fleet-page.png'),
      fullPage: true,
    });

    const atTwo = expected.filter(e => e.level === 2);
    await page
      .getByLabel('Level', { exact: true })
      .selectOption({ label: `L2 ${atTwo[0].levelName}` });
    await page.waitForURL(/level=2/);
    for (const a of atTwo) {
      await table.locator(entityLinkSelector(a.entityRef)).first().waitFor();
    }
    const notTwo = expected.find(e => e.level !== 2)!;
    assert.equal(
      await table.locator(entityLinkSelector(notTwo.entityRef)).count(),
      0,
    );

    await open('/mlops-maturity');
    await page.getByLabel('Below target only').check();
    await page.waitForURL(/belowTarget=true/);
    const below = expected.filter(e => e.level < e.targetLevel);
    for (const a of below.slice(0, 5)) {
      await table.locator(entityLinkSelector(a.entityRef)).first().waitFor();
    }
    const atTarget = expected.find(e => e.level >= e.targetLevel)!;
    assert.equal(
      await table.locator(entityLinkSelector(atTarget.entityRef)).count(),
      0,
    );

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page
        .getByRole('link', { name: 'Download CSV' })
        .or(page.getByRole('button', { name: 'Download CSV' }))
        .first()
        .click(),
    ]);
    const csv = fs
      .readFileSync((await download.path())!, 'utf8')
      .trim()
      .split(/\r?\n/);
    assert.equal(
      csv.length - 1,
      below.length,
      'one CSV row per component below target',
    );
    for (const a of below) {
      assert.ok(
        csv.some(line => line.includes(a.entityRef)),
        `${a.entityRef} in the CSV`,
      );
    }
  });

  it('filters the catalog list by maturity level', async () => {
    await open('/catalog');
    const level = 3;
    const rows = expected.filter(e => e.level === level);
    await page
      .getByRole('checkbox', { name: `L${level} ${rows[0].levelName}` })
      .check();
    const link = (ref: string) => page.locator(entityLinkSelector(ref));
    for (const a of rows) {
      await link(a.entityRef).first().waitFor();
    }
    for (const other of expected.filter(e => e.level !== level)) {
      assert.equal(
        await link(other.entityRef).count(),
        0,
        `${other.entityRef} is filtered out`,
      );
    }
    // The maturity column: a short chip per row, named for screen readers.
    const chips = page
      .getByRole('table')
      .getByLabel(`Level ${level} ${rows[0].levelName}`, { exact: true });
    assert.equal(await chips.count(), rows.length);
    assert.equal((await chips.first().textContent())?.trim(), `L${level}`);
    // Backstage scrolls its content pane, not the window.
    await page.evaluate(() => {
      for (const el of document.querySelectorAll('*'))
        if (el.scrollTop > 0) el.scrollTop = 0;
    });
    // Tall enough for the level filter at the foot of the sidebar.
    const viewport = page.viewportSize()!;
    await page.setViewportSize({ width: 1680, height: 1400 });
    await page.screenshot({ path: path.join(SHOTS, 'catalog-filter.png') });
    await page.setViewportSize(viewport);
  });

  it('rolls up a team’s ML components on its page, linked to the fleet filtered by owner', async () => {
    // Owners from the catalog, levels from the command line.
    const res = await page.request.get(
      `${BACKEND_URL}/api/catalog/entities/by-query?filter=kind=component&fields=metadata.name,spec.owner&limit=500`,
      { headers: { authorization: `Bearer ${await guestToken()}` } },
    );
    const byOwner = new Map<string, Assessed[]>();
    for (const e of (await res.json()).items) {
      const a = expected.find(
        x => x.entityRef === `component:default/${e.metadata.name}`,
      );
      if (!a || typeof e.spec?.owner !== 'string') continue;
      let owner = e.spec.owner.toLowerCase();
      if (!owner.includes(':')) owner = `group:${owner}`;
      if (!owner.includes('/')) owner = owner.replace(':', ':default/');
      byOwner.set(owner, [...(byOwner.get(owner) ?? []), a]);
    }
    const [owner, owned] = [...byOwner]
      .filter(([ref]) => ref.startsWith('group:'))
      .sort((x, y) => y[1].length - x[1].length)[0];
    const atTarget = owned.filter(a => a.level >= a.targetLevel);
    const below = owned
      .filter(a => a.level < a.targetLevel)
      .sort((x, y) => y.targetLevel - y.level - (x.targetLevel - x.level));
    assert.ok(below.length > 0, `${owner} has a component below target`);

    await open(`/catalog/default/group/${nameOf(owner)}`);
    const card = page.getByRole('region', {
      name: 'MLOps maturity of ML components',
    });
    await card
      .getByText(`${owned.length} ML components owned by this group`)
      .waitFor();
    await card
      .getByText(`${atTarget.length} of ${owned.length} at or above target`)
      .waitFor();
    for (let level = 0; level <= 4; level++) {
      const count = owned.filter(a => a.level === level).length;
      const name = expected.find(a => a.level === level)!.levelName;
      await card.getByLabel(`Level ${level} ${name}: ${count}`).waitFor();
    }
    const rows = card
      .getByRole('table', { name: 'Furthest below target' })
      .getByRole('row');
    assert.equal(await rows.count(), 1 + Math.min(5, below.length));
    const first = rows.nth(1).getByRole('cell');
    assert.equal(
      (await first.nth(3).textContent())?.trim(),
      String(below[0].targetLevel - below[0].level),
      'the largest gap first',
    );
    await card.scrollIntoViewIfNeeded();
    await card.screenshot({ path: path.join(SHOTS, 'group-summary.png') });

    await card
      .getByRole('link', {
        name:
          owned.length === 1
            ? 'See it in the fleet scorecard'
            : `See all ${owned.length} in the fleet scorecard`,
      })
      .click();
    await page.waitForURL(
      new RegExp(`/mlops-maturity\\?owner=${encodeURIComponent(owner)}`),
    );
    const table = page.getByRole('table', { name: 'ML components' });
    for (const a of owned) {
      await table.locator(entityLinkSelector(a.entityRef)).first().waitFor();
    }
    const others = expected.filter(a => !owned.includes(a));
    assert.equal(
      await table.locator(entityLinkSelector(others[0].entityRef)).count(),
      0,
    );
    // A department owns nothing itself; with its sub-groups, its teams' all.
    const teams = [
      'group:default/team-credit-risk',
      'group:default/team-fraud',
    ];
    const ofTeams = teams.flatMap(team => byOwner.get(team) ?? []);
    await open('/catalog/default/group/dept-risk');
    const deptCard = page.getByRole('region', {
      name: 'MLOps maturity of ML components',
    });
    await deptCard.getByText('0 ML components owned by this group').waitFor();
    await deptCard.getByLabel('Include sub-groups').check();
    await deptCard
      .getByText(
        `${ofTeams.length} ML components owned by this group and its sub-groups`,
      )
      .waitFor();
    const deptAtTarget = ofTeams.filter(a => a.level >= a.targetLevel).length;
    await deptCard
      .getByText(`${deptAtTarget} of ${ofTeams.length} at or above target`)
      .waitFor();
    // A person's page counts their teams' components from the start.
    const userRes = await page.request.get(
      `${BACKEND_URL}/api/catalog/entities/by-name/user/default/alice`,
      { headers: { authorization: `Bearer ${await guestToken()}` } },
    );
    const aliceGroups: string[] = (await userRes.json()).relations
      .filter((r: any) => r.type === 'memberOf')
      .map((r: any) => r.targetRef);
    const ofAlice = ['user:default/alice', ...aliceGroups].flatMap(
      owner => byOwner.get(owner) ?? [],
    );
    assert.ok(ofAlice.length > 0, "alice's teams own ML components");
    await open('/catalog/default/user/alice');
    const userCard = page.getByRole('region', {
      name: 'MLOps maturity of ML components',
    });
    await userCard
      .getByText(
        `${ofAlice.length} ML component${
          ofAlice.length === 1 ? '' : 's'
        } owned by this user or their groups`,
      )
      .waitFor();
    assert.equal(
      await userCard.getByLabel('Include their groups').isChecked(),
      true,
    );
  });

  it('answers an AI client over MCP with the same assessment as the command line', async () => {
    // What an MCP client sends (streamable HTTP), with a user's token.
    const token = await guestToken();
    let id = 0;
    const call = async (method: string, params: object) => {
      const res = await fetch(`${BACKEND_URL}/api/mcp-actions/v1`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
        },
        body: JSON.stringify({ jsonrpc: '2.0', id: ++id, method, params }),
      });
      assert.equal(res.status, 200, await res.clone().text());
      const text = await res.text();
      const data = text.startsWith('{')
        ? text
        : text
            .split('\n')
            .find(l => l.startsWith('data: '))!
            .slice('data: '.length);
      return JSON.parse(data).result;
    };
    const { tools } = await call('tools/list', {});
    const names = tools.map((t: { name: string }) => t.name);
    for (const name of [
      'mlops-maturity.get-entity-maturity',
      'mlops-maturity.list-ml-components-by-maturity',
      'mlops-maturity.get-maturity-rubric',
    ]) {
      assert.ok(names.includes(name), `${name} in ${names.join(', ')}`);
    }

    const a = expected.find(e => e.recommendations.length > 0)!;
    const got = await call('tools/call', {
      name: 'mlops-maturity.get-entity-maturity',
      arguments: { entityRef: nameOf(a.entityRef) },
    });
    assert.notEqual(got.isError, true, JSON.stringify(got));
    const { targetReason, ...assessment } = JSON.parse(got.content[0].text);
    assert.deepEqual(assessment, a);
    assert.equal(typeof targetReason, 'string');

    const below = await call('tools/call', {
      name: 'mlops-maturity.list-ml-components-by-maturity',
      arguments: { belowTarget: true, limit: 100 },
    });
    const listed = JSON.parse(below.content[0].text);
    assert.deepEqual(
      listed.items.map((r: { entityRef: string }) => r.entityRef).sort(),
      expected
        .filter(e => e.level < e.targetLevel)
        .map(e => e.entityRef)
        .sort(),
    );
  });
});
