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

import { FleetRow } from './fleet';

const CSV_COLUMNS: Array<[string, (row: FleetRow) => string | number | null]> =
  [
    ['entityRef', r => r.entityRef],
    ['title', r => r.title],
    ['owner', r => r.owner],
    ['system', r => r.system],
    ['domain', r => r.domain],
    ['kind', r => r.kind],
    ['type', r => r.type],
    ['lifecycle', r => r.lifecycle],
    ['level', r => r.level],
    ['levelName', r => r.levelName],
    ['targetLevel', r => r.targetLevel],
    ['claimedLevel', r => r.claimedLevel],
    ['gap', r => r.gap],
    ['failingChecks', r => r.failingChecks.count],
    ['failingCheckIds', r => r.failingChecks.ids.join(' ')],
    ['waived', r => String(r.waived)],
    ['problems', r => r.problems],
    ['lastChangedAt', r => r.lastChangedAt],
  ];

/**
 * One CSV cell: text that a spreadsheet would run as a formula gets a
 * leading quote, and cells with separators, quotes or line breaks are quoted.
 */
export function csvCell(value: string | number | null): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) {
    text = `'${text}`;
  }
  if (/[",\r\n]/.test(text)) {
    text = `"${text.replace(/"/g, '""')}"`;
  }
  return text;
}

/** The CSV header line, with its CRLF. */
export function fleetCsvHeader(): string {
  return `${CSV_COLUMNS.map(([name]) => name).join(',')}\r\n`;
}

/** CSV lines of fleet rows, each ending in CRLF. */
export function fleetCsvLines(rows: FleetRow[]): string {
  return rows
    .map(
      row => `${CSV_COLUMNS.map(([, get]) => csvCell(get(row))).join(',')}\r\n`,
    )
    .join('');
}

/** The fleet as CSV, a header line first, CRLF line ends (RFC 4180). */
export function fleetCsv(rows: FleetRow[]): string {
  return fleetCsvHeader() + fleetCsvLines(rows);
}

const LEVEL_COLORS = ['#e05d44', '#fe7d37', '#dfb317', '#97ca00', '#44cc11'];

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, c => `&#${c.charCodeAt(0)};`);
}

/** Approximate width of text in 11px Verdana, as badge services size it. */
function textWidth(text: string): number {
  return Math.round(text.length * 6.5 + 10);
}

/** A flat SVG badge: "MLOps maturity | L2 Automated". */
export function levelBadge(
  level: number | undefined,
  levelName: string,
): string {
  const label = 'MLOps maturity';
  const value = level === undefined ? levelName : `L${level} ${levelName}`;
  const color =
    level === undefined
      ? '#9f9f9f'
      : LEVEL_COLORS[Math.min(level, LEVEL_COLORS.length - 1)];
  const lw = textWidth(label);
  const vw = textWidth(value);
  const width = lw + vw;
  const title = escapeXml(`${label}: ${value}`);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="20" role="img" aria-label="${title}">`,
    `<title>${title}</title>`,
    `<rect width="${lw}" height="20" fill="#555"/>`,
    `<rect x="${lw}" width="${vw}" height="20" fill="${color}"/>`,
    `<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">`,
    `<text x="${lw / 2}" y="14">${escapeXml(label)}</text>`,
    `<text x="${lw + vw / 2}" y="14">${escapeXml(value)}</text>`,
    `</g>`,
    `</svg>`,
  ].join('');
}
