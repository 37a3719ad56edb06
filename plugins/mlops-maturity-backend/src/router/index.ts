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

import express from 'express';
import Router from 'express-promise-router';
import { assessmentRoutes } from './assessmentRoutes';
import { badgeRoutes } from './badgeRoutes';
import { fleetRoutes } from './fleetRoutes';
import { historyRoutes } from './historyRoutes';
import { RouterOptions } from './params';
import { rubricRoutes } from './rubricRoutes';

export type { RouterOptions } from './params';

/**
 * The plugin's HTTP API. Errors are `@backstage/errors` classes; the
 * httpRouter service turns them into responses.
 *
 * @public
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const router = Router();
  router.use(express.json());
  router.use(assessmentRoutes(options));
  router.use(fleetRoutes(options));
  router.use(historyRoutes(options));
  router.use(badgeRoutes(options));
  router.use(rubricRoutes(options));
  return router;
}
