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

/** Whether an API error says the entity is not an ML component (HTTP 404). */
export function isNotFound(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const e = error as {
    name?: string;
    statusCode?: number;
    response?: { status?: number };
  };
  return (
    e.statusCode === 404 ||
    e.response?.status === 404 ||
    e.name === 'NotFoundError'
  );
}

/** The message an API error carries, without the HTTP decoration. */
export function errorMessage(error: unknown): string {
  if (!error || typeof error !== 'object') return String(error);
  const e = error as {
    message?: string;
    body?: { error?: { message?: string } };
  };
  return e.body?.error?.message ?? e.message ?? String(error);
}
