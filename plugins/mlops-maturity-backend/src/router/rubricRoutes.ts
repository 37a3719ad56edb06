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

import { ServiceUnavailableError } from '@backstage/errors';
import Router from 'express-promise-router';
import { toRubricResponse } from '@mlops-maturity/plugin-mlops-maturity-common';
import { RouterOptions, noQuery, parseQuery } from './params';

/** `GET /rubric`, `GET /health` and `POST /refresh`. */
export function rubricRoutes(options: RouterOptions) {
  const { httpAuth, rubric, fleet, refresh } = options;
  const router = Router();

  router.get('/rubric', async (req, res) => {
    parseQuery(noQuery, req.query);
    res.json(toRubricResponse(rubric));
  });

  router.get('/health', async (req, res) => {
    parseQuery(noQuery, req.query);
    res.json({ status: 'ok', ...(await fleet.freshness()) });
  });

  // Runs an assessment of the whole catalog now. Only other backends (and
  // tests) may ask for it: the schedule is what keeps the snapshot current.
  router.post('/refresh', async (req, res) => {
    parseQuery(noQuery, req.query);
    await httpAuth.credentials(req, { allow: ['service'] });
    const result = await refresh.refresh();
    if (result.status === 'failed') {
      throw new ServiceUnavailableError(
        `The refresh failed; the last snapshot is kept: ${result.error}`,
      );
    }
    res.json(result);
  });

  return router;
}
