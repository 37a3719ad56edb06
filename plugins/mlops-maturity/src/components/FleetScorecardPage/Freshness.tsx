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

import Alert from '@material-ui/lab/Alert';
import { Freshness } from '../../api/types';

/** "less than a minute", "1 minute", "5 minutes", "3 hours", "2 days". */
export function formatAge(seconds: number): string {
  const plural = (n: number, unit: string) =>
    `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (seconds < 60) return 'less than a minute';
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return plural(minutes, 'minute');
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return plural(hours, 'hour');
  return plural(Math.floor(hours / 24), 'day');
}

/** "2026-03-15 06:00 UTC". */
export function formatTimestamp(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().replace('T', ' ').slice(0, 16)} UTC`;
}

/**
 * How old the figures are, for the status line under the table: "data is
 * 5 minutes old (as of 2026-03-15 06:00 UTC)". Undefined before the first
 * snapshot.
 */
export function freshnessText(freshness: Freshness): string | undefined {
  const { generatedAt, dataAge } = freshness;
  if (!generatedAt) return undefined;
  const age =
    typeof dataAge === 'number' && dataAge >= 0
      ? dataAge
      : Math.max(0, (Date.now() - new Date(generatedAt).getTime()) / 1000);
  if (Number.isNaN(age)) return `data as of ${formatTimestamp(generatedAt)}`;
  return `data is ${formatAge(age)} old (as of ${formatTimestamp(
    generatedAt,
  )})`;
}

/** Whether the backend says the figures are out of date. */
export function isStale(freshness: Freshness): boolean {
  return freshness.stale === true || freshness.lastRefresh?.status === 'failed';
}

/**
 * A warning when the figures may be out of date: the latest assessment of
 * the catalog failed, or none has finished yet. Nothing when they are fresh.
 */
export function StaleDataWarning(props: { freshness: Freshness }) {
  const { freshness } = props;
  if (!isStale(freshness)) return null;
  const error = freshness.lastError ?? freshness.lastRefresh?.error ?? null;
  if (!freshness.generatedAt) {
    return (
      <Alert severity="info" role="status">
        No assessment of the catalog has finished yet
        {error ? ` (the last attempt failed: ${error})` : ''}. The figures
        appear after the first one.
      </Alert>
    );
  }
  const age = freshnessText(freshness);
  return (
    <Alert severity="warning" role="status">
      The figures may be out of date: the last assessment of the catalog failed
      {error ? ` (${error})` : ''}. They are from the last one that succeeded
      {age ? `; ${age.replace(/^data is/, 'that data is')}` : ''}.
    </Alert>
  );
}
