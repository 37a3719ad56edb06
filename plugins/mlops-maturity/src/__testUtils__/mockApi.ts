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

import { MlopsMaturityApi } from '../api/MlopsMaturityApi';
import { EntityHistoryResponse, FleetResponse } from '../api/types';
import { rubricResponse } from './fixtures';

/** An {@link MlopsMaturityApi} of jest mocks; every method rejects unless set. */
export function mockMaturityApi(
  overrides: Partial<MlopsMaturityApi> = {},
): jest.Mocked<MlopsMaturityApi> {
  const unset = (name: string) =>
    jest.fn(() => Promise.reject(new Error(`${name} was not mocked`)));
  return {
    getAssessment: unset('getAssessment'),
    getFleet: unset('getFleet'),
    getFleetCsvUrl: jest.fn(async filter => {
      const params = new URLSearchParams(
        Object.entries(filter ?? {})
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => [k, String(v)]),
      ).toString();
      return `http://localhost:7007/api/mlops-maturity/fleet.csv${
        params ? `?${params}` : ''
      }`;
    }),
    getFleetCsv: unset('getFleetCsv'),
    getRollups: jest.fn(async by => ({
      by,
      items: [],
      generatedAt: null,
      dataAge: null,
      lastRefresh: null,
    })),
    getEntityHistory: unset('getEntityHistory'),
    getFleetHistory: unset('getFleetHistory'),
    getChanges: unset('getChanges'),
    getBadgeUrl: unset('getBadgeUrl'),
    getRubric: jest.fn(async () => rubricResponse),
    ...overrides,
  } as jest.Mocked<MlopsMaturityApi>;
}

/** A fleet page of a backend that has assessed nothing yet. */
export function emptyFleet(): FleetResponse {
  return {
    items: [],
    totalItems: 0,
    nextCursor: null,
    facets: { levels: {}, owners: [] },
    generatedAt: null,
    dataAge: null,
    lastRefresh: null,
  };
}

/** The history of an entity that has none yet. */
export function emptyHistory(entityRef: string): EntityHistoryResponse {
  return {
    entityRef,
    levels: [],
    changes: [],
    generatedAt: null,
    dataAge: null,
    lastRefresh: null,
  };
}
