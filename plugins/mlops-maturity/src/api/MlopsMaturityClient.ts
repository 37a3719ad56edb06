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

import { parseEntityRef } from '@backstage/catalog-model';
import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { MaturityEntityRef, MlopsMaturityApi } from './MlopsMaturityApi';
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

const FILTER_KEYS: Array<keyof FleetQuery> = [
  'level',
  'minLevel',
  'maxLevel',
  'belowTarget',
  'owner',
  'system',
  'domain',
  'kind',
  'type',
  'lifecycle',
  'failingCheck',
  'waived',
  'q',
  'sort',
  'limit',
  'cursor',
];

/**
 * The query string of a fleet filter: only the fields that are set, in a
 * stable order, so that equal filters give equal URLs.
 *
 * @public
 */
export function fleetQueryString(query: FleetQuery = {}): string {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = query[key];
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

function refPath(entityRef: MaturityEntityRef): string {
  const ref = parseEntityRef(entityRef);
  return [ref.kind, ref.namespace, ref.name]
    .map(part => encodeURIComponent(part))
    .join('/');
}

/**
 * The default {@link MlopsMaturityApi}: talks to the `mlops-maturity` backend
 * plugin through the discovery and fetch APIs.
 *
 * @public
 */
export class MlopsMaturityClient implements MlopsMaturityApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getAssessment(
    entityRef: MaturityEntityRef,
  ): Promise<EntityAssessmentResponse> {
    return this.get(`/entities/${refPath(entityRef)}/assessment`);
  }

  async getFleet(query: FleetQuery = {}): Promise<FleetResponse> {
    return this.get(`/fleet${fleetQueryString(query)}`);
  }

  async getFleetCsvUrl(
    filter: FleetFilter & { sort?: FleetSort } = {},
  ): Promise<string> {
    const { sort } = filter;
    const baseUrl = await this.discoveryApi.getBaseUrl('mlops-maturity');
    return `${baseUrl}/fleet.csv${fleetQueryString({
      ...pickFilter(filter),
      sort,
    })}`;
  }

  async getFleetCsv(
    filter: FleetFilter & { sort?: FleetSort } = {},
  ): Promise<string> {
    const response = await this.fetchApi.fetch(
      await this.getFleetCsvUrl(filter),
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return await response.text();
  }

  async getRollups(
    by: RollupBy,
    filter: FleetFilter = {},
  ): Promise<RollupsResponse> {
    const query = fleetQueryString(pickFilter(filter));
    const byParam = `by=${encodeURIComponent(by)}`;
    return this.get(`/rollups${query ? `${query}&${byParam}` : `?${byParam}`}`);
  }

  async getEntityHistory(
    entityRef: MaturityEntityRef,
  ): Promise<EntityHistoryResponse> {
    return this.get(`/history/entity/${refPath(entityRef)}`);
  }

  async getFleetHistory(): Promise<FleetHistoryResponse> {
    return this.get('/history/fleet');
  }

  async getChanges(query: ChangesQuery = {}): Promise<ChangesResponse> {
    const params = new URLSearchParams();
    if (query.limit !== undefined) params.set('limit', String(query.limit));
    if (query.cursor) params.set('cursor', query.cursor);
    const text = params.toString();
    return this.get(`/changes${text ? `?${text}` : ''}`);
  }

  async getBadgeUrl(entityRef: MaturityEntityRef): Promise<string> {
    const baseUrl = await this.discoveryApi.getBaseUrl('mlops-maturity');
    return `${baseUrl}/badge/${refPath(entityRef)}`;
  }

  async getRubric(): Promise<RubricResponse> {
    return this.get('/rubric');
  }

  private async get<T>(path: string): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('mlops-maturity');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}

function pickFilter(filter: FleetFilter): FleetFilter {
  const {
    level,
    minLevel,
    maxLevel,
    belowTarget,
    owner,
    system,
    domain,
    kind,
    type,
    lifecycle,
    failingCheck,
    waived,
    q,
  } = filter;
  return {
    level,
    minLevel,
    maxLevel,
    belowTarget,
    owner,
    system,
    domain,
    kind,
    type,
    lifecycle,
    failingCheck,
    waived,
    q,
  };
}
