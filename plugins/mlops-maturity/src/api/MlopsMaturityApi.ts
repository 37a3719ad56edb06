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

import { createApiRef } from '@backstage/core-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import {
  ChangesQuery,
  ChangesResponse,
  EntityAssessmentResponse,
  EntityHistoryResponse,
  FleetFilter,
  FleetHistoryResponse,
  FleetQuery,
  FleetResponse,
  FleetSort,
  RollupBy,
  RollupsResponse,
  RubricResponse,
} from './types';

/**
 * An entity, named by its ref string (`component:default/churn-model`) or its parts.
 *
 * @public
 */
export type MaturityEntityRef = string | CompoundEntityRef;

/**
 * The MLOps Maturity backend, as the frontend uses it.
 *
 * @public
 */
export interface MlopsMaturityApi {
  /** The live assessment of one ML component; a `NotFoundError` when it is not one. */
  getAssessment(
    entityRef: MaturityEntityRef,
  ): Promise<EntityAssessmentResponse>;
  /** One page of the fleet's ML components that match the filter. */
  getFleet(query?: FleetQuery): Promise<FleetResponse>;
  /** The URL of the CSV export of the fleet matching the filter. */
  getFleetCsvUrl(filter?: FleetFilter & { sort?: FleetSort }): Promise<string>;
  /** The CSV export of the fleet matching the filter, fetched with the user's credentials. */
  getFleetCsv(filter?: FleetFilter & { sort?: FleetSort }): Promise<string>;
  /** The maturity of each owner, System or Domain. */
  getRollups(by: RollupBy, filter?: FleetFilter): Promise<RollupsResponse>;
  /** The recorded level changes of one ML component. */
  getEntityHistory(
    entityRef: MaturityEntityRef,
  ): Promise<EntityHistoryResponse>;
  /** Components per level, per day, over the whole fleet. */
  getFleetHistory(): Promise<FleetHistoryResponse>;
  /** The change log of the fleet, newest first. */
  getChanges(query?: ChangesQuery): Promise<ChangesResponse>;
  /** The URL of the SVG level badge of one ML component. */
  getBadgeUrl(entityRef: MaturityEntityRef): Promise<string>;
  /** The rubric in force. */
  getRubric(): Promise<RubricResponse>;
}

/**
 * The API reference of {@link MlopsMaturityApi}.
 *
 * @public
 */
export const mlopsMaturityApiRef = createApiRef<MlopsMaturityApi>({
  id: 'plugin.mlops-maturity.service',
});
