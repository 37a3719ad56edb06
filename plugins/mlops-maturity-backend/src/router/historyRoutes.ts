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

import { stringifyEntityRef } from '@backstage/catalog-model';
import Router from 'express-promise-router';
import { z } from 'zod';
import { HistoryEntry } from '../database/MaturityStore';
import { parseRefParts } from '../service/AssessmentService';
import {
  RouterOptions,
  callerKeyOf,
  cursorParam,
  limitParam,
  noQuery,
  parseQuery,
} from './params';

function change(entry: HistoryEntry) {
  return {
    entityRef: entry.entityRef,
    changedAt: entry.changedAt.toISOString(),
    oldLevel: entry.oldLevel,
    newLevel: entry.newLevel,
    flippedChecks: entry.flippedChecks,
  };
}

/** `GET /history/entity/...`, `GET /history/fleet` and `GET /changes`. */
export function historyRoutes(options: RouterOptions) {
  const { httpAuth, assessments, fleet, store } = options;
  const changesSchema = z
    .object({
      limit: limitParam(200).optional(),
      cursor: cursorParam.optional(),
    })
    .strict();
  const router = Router();

  router.get('/history/entity/:kind/:namespace/:name', async (req, res) => {
    parseQuery(noQuery, req.query);
    const ref = parseRefParts(
      req.params.kind,
      req.params.namespace,
      req.params.name,
    );
    const credentials = await httpAuth.credentials(req);
    await assessments.requireMlEntity(ref, credentials, callerKeyOf(req));
    const entityRef = stringifyEntityRef(ref);
    const history = await store.getHistory({ entityRefs: [entityRef] });
    res.json({
      entityRef,
      levels: history.map(h => ({
        at: h.changedAt.toISOString(),
        level: h.newLevel,
      })),
      changes: history.map(change).reverse(),
      ...(await fleet.freshness()),
    });
  });

  router.get('/history/fleet', async (req, res) => {
    parseQuery(noQuery, req.query);
    const credentials = await httpAuth.credentials(req);
    res.json({
      days: await fleet.fleetHistory(credentials),
      ...(await fleet.freshness()),
    });
  });

  router.get('/changes', async (req, res) => {
    const { limit = 50, cursor } = parseQuery(changesSchema, req.query);
    const credentials = await httpAuth.credentials(req);
    const page = await fleet.changes(credentials, limit, cursor);
    res.json({
      items: page.items.map(change),
      nextCursor: page.nextCursor ?? null,
      ...(await fleet.freshness()),
    });
  });

  return router;
}
