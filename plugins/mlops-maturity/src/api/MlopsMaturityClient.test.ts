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

import { ResponseError } from '@backstage/errors';
import { mockApis, registerMswTestHooks } from '@backstage/test-utils';
import { rest } from 'msw';
import { setupServer } from 'msw/node';
import {
  churnAssessment,
  churnEntity,
  fleetRowOf,
  rubricResponse,
} from '../__testUtils__/fixtures';
import { MlopsMaturityClient } from './MlopsMaturityClient';

const baseUrl = 'http://localhost:7007/api/mlops-maturity';
const server = setupServer();

describe('MlopsMaturityClient', () => {
  registerMswTestHooks(server);

  const client = new MlopsMaturityClient({
    discoveryApi: mockApis.discovery({ baseUrl: 'http://localhost:7007' }),
    fetchApi: { fetch: (input, init) => fetch(input, init) },
  });

  /** Answers GET `path` with `body` and records the requested URLs. */
  function answer(path: string, body: object, status = 200) {
    const seen: URL[] = [];
    server.use(
      rest.get(`${baseUrl}${path}`, (req, res, ctx) => {
        seen.push(req.url);
        return res(ctx.status(status), ctx.json(body));
      }),
    );
    return seen;
  }

  it('gets the assessment of an entity by ref', async () => {
    const seen = answer(
      '/entities/component/default/churn-model/assessment',
      churnAssessment,
    );
    const result = await client.getAssessment('component:default/churn-model');
    expect(result.level).toBe(1);
    expect(seen).toHaveLength(1);
  });

  it('turns an error response into a ResponseError naming the cause', async () => {
    answer(
      '/entities/component/default/web/assessment',
      {
        error: {
          name: 'NotFoundError',
          message: 'Entity component:default/web is not an ML component',
        },
        request: { method: 'GET', url: '/' },
        response: { statusCode: 404 },
      },
      404,
    );
    const promise = client.getAssessment({
      kind: 'component',
      namespace: 'default',
      name: 'web',
    });
    await expect(promise).rejects.toBeInstanceOf(ResponseError);
    await expect(promise).rejects.toMatchObject({
      statusCode: 404,
      body: {
        error: {
          name: 'NotFoundError',
          message: expect.stringContaining('not an ML component'),
        },
      },
    });
  });

  it('sends the fleet filter, sort, limit and cursor as query parameters', async () => {
    const seen = answer('/fleet', {
      items: [fleetRowOf(churnEntity, churnAssessment)],
      totalItems: 1,
      nextCursor: null,
      facets: { levels: { '1': 1 }, owners: [] },
      generatedAt: null,
      dataAge: null,
      lastRefresh: null,
    });
    const result = await client.getFleet({
      level: 1,
      belowTarget: true,
      owner: 'group:default/ml-team',
      failingCheck: 'quality-gate',
      q: 'churn model',
      sort: '-gap',
      limit: 25,
      cursor: 'abc',
      system: '',
    });
    expect(result.items[0].entityRef).toBe('component:default/churn-model');
    const params = Object.fromEntries(seen[0].searchParams);
    expect(params).toEqual({
      level: '1',
      belowTarget: 'true',
      owner: 'group:default/ml-team',
      failingCheck: 'quality-gate',
      q: 'churn model',
      sort: '-gap',
      limit: '25',
      cursor: 'abc',
    });
  });

  it('builds the CSV URL from the filter, without paging, and fetches the CSV', async () => {
    const url = await client.getFleetCsvUrl({
      level: 2,
      lifecycle: 'production',
    });
    expect(url).toBe(`${baseUrl}/fleet.csv?level=2&lifecycle=production`);
    server.use(
      rest.get(`${baseUrl}/fleet.csv`, (req, res, ctx) =>
        res(
          ctx.set('Content-Type', 'text/csv'),
          ctx.body(`entityRef,level\n${req.url.searchParams.get('level')}`),
        ),
      ),
    );
    await expect(client.getFleetCsv({ level: 2 })).resolves.toBe(
      'entityRef,level\n2',
    );
  });

  it('gets roll-ups by owner with the filter', async () => {
    const seen = answer('/rollups', { by: 'owner', items: [] });
    await client.getRollups('owner', { belowTarget: true });
    expect(Object.fromEntries(seen[0].searchParams)).toEqual({
      belowTarget: 'true',
      by: 'owner',
    });
    const seen2 = answer('/rollups', { by: 'system', items: [] });
    await client.getRollups('system');
    expect(seen2[0].search).toBe('?by=system');
  });

  it('gets the history of an entity and of the fleet', async () => {
    const seen = answer('/history/entity/component/default/churn-model', {
      entityRef: 'component:default/churn-model',
      levels: [],
      changes: [],
    });
    await client.getEntityHistory('component:default/churn-model');
    expect(seen).toHaveLength(1);
    const fleet = answer('/history/fleet', { days: [] });
    await expect(client.getFleetHistory()).resolves.toEqual({ days: [] });
    expect(fleet).toHaveLength(1);
  });

  it('pages through the change log', async () => {
    const seen = answer('/changes', { items: [], nextCursor: null });
    await client.getChanges({ limit: 10, cursor: 'next' });
    await client.getChanges();
    expect(seen[0].search).toBe('?limit=10&cursor=next');
    expect(seen[1].search).toBe('');
  });

  it('gets the rubric, and builds badge URLs', async () => {
    answer('/rubric', rubricResponse);
    const rubric = await client.getRubric();
    expect(rubric.levels).toHaveLength(5);
    await expect(
      client.getBadgeUrl('component:default/churn-model'),
    ).resolves.toBe(`${baseUrl}/badge/component/default/churn-model`);
  });

  it('fails every method with a ResponseError on a server error', async () => {
    server.use(
      rest.get(`${baseUrl}/*`, (_req, res, ctx) =>
        res(ctx.status(500), ctx.text('boom')),
      ),
    );
    for (const call of [
      () => client.getFleet(),
      () => client.getRollups('owner'),
      () => client.getEntityHistory('component:default/x'),
      () => client.getFleetHistory(),
      () => client.getChanges(),
      () => client.getRubric(),
      () => client.getFleetCsv(),
    ]) {
      await expect(call()).rejects.toBeInstanceOf(ResponseError);
    }
  });
});
