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

import { LoggerService } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { MaturityRubric } from '@mlops-maturity/plugin-mlops-maturity-common';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { HistoryEntry, MaturityStore } from '../database/MaturityStore';

/** History entries read per page while looking for a refresh's changes. */
const PAGE = 500;

/**
 * Tells the owners of an ML component, through Backstage's notifications,
 * when a refresh finds its level lower than before: a check that passed now
 * fails (an expired waiver, an annotation removed, a rubric change). The
 * notification goes to the component; the notifications backend delivers it
 * to the members of its owner. Its scope is the component, so a later drop
 * replaces the earlier notification rather than adding one.
 */
export class LevelDropNotifier {
  constructor(
    private readonly options: {
      store: MaturityStore;
      notifications: NotificationService;
      rubric: MaturityRubric;
      logger: LoggerService;
    },
  ) {}

  /**
   * Notifies every drop of the refresh that assessed the fleet at
   * `assessedAt`; returns the number of notifications sent. A notification
   * that cannot be sent is logged, and the others are still sent.
   */
  async notify(assessedAt: Date): Promise<number> {
    const { store, notifications, logger } = this.options;
    let sent = 0;
    for (const drop of await this.dropsOf(assessedAt)) {
      try {
        await notifications.send({
          recipients: { type: 'entity', entityRef: drop.entityRef },
          payload: await this.payloadOf(drop, store),
        });
        sent++;
      } catch (error) {
        logger.warn(
          `Could not notify the owners of ${
            drop.entityRef
          } of its level drop: ${(error as Error)?.message ?? error}`,
        );
      }
    }
    return sent;
  }

  /** The drops among the changes written at `assessedAt`, newest first. */
  private async dropsOf(assessedAt: Date): Promise<HistoryEntry[]> {
    const at = assessedAt.getTime();
    const drops: HistoryEntry[] = [];
    let before: { changedAt: Date; id: number } | undefined;
    for (;;) {
      const page = await this.options.store.listChanges({
        limit: PAGE,
        before,
      });
      for (const entry of page) {
        const time = entry.changedAt.getTime();
        // A later refresh wrote meanwhile: its changes are its own.
        if (time > at) continue;
        if (time < at) return drops;
        if (
          entry.oldLevel !== null &&
          entry.newLevel !== null &&
          entry.newLevel < entry.oldLevel
        ) {
          drops.push(entry);
        }
      }
      if (page.length < PAGE) return drops;
      const last = page[page.length - 1];
      before = { changedAt: last.changedAt, id: last.id };
    }
  }

  private async payloadOf(drop: HistoryEntry, store: MaturityStore) {
    const { rubric } = this.options;
    const row = await store.getSnapshotEntry(drop.entityRef);
    const ref = parseEntityRef(drop.entityRef);
    const name = row?.title ?? ref.name;
    const level = (n: number) =>
      `level ${n} ${rubric.levels[n]?.name ?? ''}`.trim();
    const failing = drop.flippedChecks.filter(f => f.from && !f.to);
    const below = row !== undefined && drop.newLevel! < row.targetLevel;
    return {
      title: `${name} dropped to ${level(drop.newLevel!)}`,
      description: `${drop.entityRef} was at ${level(drop.oldLevel!)}.${
        failing.length > 0
          ? ` Now failing: ${failing.map(f => f.id).join(', ')}.`
          : ''
      }${
        below ? ` Its target is level ${row.targetLevel}.` : ''
      } The MLOps Maturity tab has the YAML to add.`,
      link: `/catalog/${ref.namespace}/${ref.kind.toLocaleLowerCase('en-US')}/${
        ref.name
      }/mlops-maturity`,
      severity: below ? ('high' as const) : ('normal' as const),
      topic: 'MLOps maturity',
      scope: `mlops-maturity:level:${drop.entityRef}`,
    };
  }
}
