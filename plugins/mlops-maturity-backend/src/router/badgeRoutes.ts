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
import { NotFoundError } from '@backstage/errors';
import Router from 'express-promise-router';
import { parseRefParts } from '../service/AssessmentService';
import { levelBadge } from '../service/render';
import { RouterOptions, callerKeyOf, noQuery, parseQuery } from './params';

/**
 * `GET /badge/:kind/:namespace/:name`: an SVG badge of the level in the
 * snapshot (or assessed live when the snapshot does not hold it yet).
 */
export function badgeRoutes(options: RouterOptions) {
  const { httpAuth, assessments, store, rubric, badgesPublic } = options;
  const router = Router();
  router.get('/badge/:kind/:namespace/:name', async (req, res) => {
    parseQuery(noQuery, req.query);
    const ref = parseRefParts(
      req.params.kind,
      req.params.namespace,
      req.params.name,
    );
    const entityRef = stringifyEntityRef(ref);
    const credentials = await httpAuth.credentials(req, {
      allow: badgesPublic ? ['user', 'service', 'none'] : ['user', 'service'],
    });
    let level: number | undefined;
    if (credentials.principal.type === 'none') {
      // Only reachable when mlopsMaturity.badges.public is true.
      const row = await store.getSnapshotEntry(entityRef);
      if (!row) {
        throw new NotFoundError(
          `Entity ${entityRef} is not an ML component, or it has not been assessed yet`,
        );
      }
      level = row.level;
    } else {
      const callerKey = callerKeyOf(req);
      await assessments.requireMlEntity(ref, credentials, callerKey);
      const row = await store.getSnapshotEntry(entityRef);
      level = row
        ? row.level
        : (await assessments.assess(ref, credentials, callerKey)).assessment
            .level;
    }
    const name = rubric.levels[level]?.name ?? '';
    res
      .status(200)
      .type('image/svg+xml')
      .set(
        'Cache-Control',
        `${badgesPublic ? 'public' : 'private'}, max-age=300`,
      )
      .send(levelBadge(level, name));
  });
  return router;
}
