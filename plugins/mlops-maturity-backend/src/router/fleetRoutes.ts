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

import { once } from 'node:events';
import Router from 'express-promise-router';
import { z } from 'zod';
import { fleetCsvHeader, fleetCsvLines } from '../service/render';
import { sendJson } from './json';
import {
  RouterOptions,
  cursorParam,
  filterShape,
  limitParam,
  parseQuery,
  sortParam,
} from './params';

/** Resolves when the response can take more data, or is closed. */
async function drained(res: NodeJS.EventEmitter): Promise<void> {
  const abort = new AbortController();
  try {
    await Promise.race([
      once(res, 'drain', { signal: abort.signal }),
      once(res, 'close', { signal: abort.signal }),
    ]);
  } finally {
    abort.abort();
  }
}

/** `GET /fleet`, `GET /fleet.csv` and `GET /rollups`. */
export function fleetRoutes(options: RouterOptions) {
  const { httpAuth, fleet, rubric } = options;
  const filters = filterShape(rubric);
  const listSchema = z
    .object({
      ...filters,
      sort: sortParam.optional(),
      limit: limitParam(500).optional(),
      cursor: cursorParam.optional(),
    })
    .strict();
  const csvSchema = z
    .object({ ...filters, sort: sortParam.optional() })
    .strict();
  const rollupSchema = z
    .object({
      ...filters,
      by: z.enum(['owner', 'system', 'domain'], {
        errorMap: () => ({ message: 'must be one of owner, system, domain' }),
      }),
    })
    .strict();

  const router = Router();

  router.get('/fleet', async (req, res) => {
    const {
      sort = 'entityRef',
      limit = 50,
      cursor,
      ...filter
    } = parseQuery(listSchema, req.query);
    const credentials = await httpAuth.credentials(req);
    const page = await fleet.list(credentials, filter, {
      sort,
      limit,
      cursor,
    });
    sendJson(
      res,
      {
        totalItems: page.totalItems,
        nextCursor: page.nextCursor ?? null,
        ...(await fleet.freshness()),
      },
      { facets: page.facets },
      { items: page.items },
    );
  });

  // Streams the export one database page at a time. The first page is read
  // before the headers go out, so that errors still get a proper response.
  router.get('/fleet.csv', async (req, res) => {
    const { sort = 'entityRef', ...filter } = parseQuery(csvSchema, req.query);
    const credentials = await httpAuth.credentials(req);
    const pages = fleet.pages(credentials, filter, sort);
    let next = await pages.next();
    const { generatedAt, dataAge, stale } = await fleet.freshness();
    res
      .status(200)
      .type('text/csv; charset=utf-8')
      .set(
        'Content-Disposition',
        'attachment; filename="mlops-maturity-fleet.csv"',
      )
      .set('X-Generated-At', generatedAt ?? '')
      .set('X-Data-Age', dataAge === null ? '' : String(dataAge))
      .set('X-Stale', String(stale));
    res.write(fleetCsvHeader());
    while (!next.done && !res.destroyed) {
      if (!res.write(fleetCsvLines(next.value))) await drained(res);
      next = await pages.next();
    }
    if (!next.done) await pages.return(undefined);
    res.end();
  });

  router.get('/rollups', async (req, res) => {
    const { by, ...filter } = parseQuery(rollupSchema, req.query);
    const credentials = await httpAuth.credentials(req);
    const items = await fleet.rollups(credentials, filter, by);
    sendJson(res, { by, ...(await fleet.freshness()) }, { items });
  });

  return router;
}
