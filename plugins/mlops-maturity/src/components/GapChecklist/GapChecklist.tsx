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

/*
 * Accessible names (stable: the end-to-end tests use them):
 * - region "Gap checklist": the whole checklist;
 * - region "Annotation problems": the problems, when there are some;
 * - region "Level <n> <name> checks" per level, each check a list item named
 *   "<check-id>: Passed|Failed|Waived" whose text contains the check id;
 * - YAML of a failing check: labelled "YAML for <check-id>", its copy button
 *   "Copy YAML for <check-id>".
 */

import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { Theme, makeStyles } from '@material-ui/core/styles';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import CancelIcon from '@material-ui/icons/Cancel';
import PauseCircleFilledIcon from '@material-ui/icons/PauseCircleFilled';
import Alert from '@material-ui/lab/Alert';
import type {
  CheckRecommendation,
  CheckResult,
} from '@mlops-maturity/plugin-mlops-maturity-common';
import { EntityAssessmentResponse, RubricResponse } from '../../api/types';
import {
  GRAPHIC_CONTRAST,
  PaletteShades,
  TEXT_CONTRAST,
  readableShade,
} from '../common/colors';
import { YamlSnippet } from '../common/YamlSnippet';

/** Text needs 4.5:1 on the card, icons 3:1; else the theme's text colour. */
function statusColor(
  theme: Theme,
  color: PaletteShades | undefined,
  minContrast = TEXT_CONTRAST,
): string {
  return readableShade(theme, color, minContrast) ?? theme.palette.text.primary;
}

const useStyles = makeStyles(theme => ({
  level: { marginTop: theme.spacing(2) },
  list: { listStyle: 'none', margin: 0, padding: 0 },
  item: {
    display: 'flex',
    gap: theme.spacing(1.5),
    padding: theme.spacing(1, 0),
    borderBottom: `1px solid ${theme.palette.divider}`,
  },
  body: { flex: 1, minWidth: 0 },
  // Status colours come from the theme palette, in the shade that keeps
  // enough contrast on the card in light and dark themes (the status is also
  // said in words, so colour is never the only cue).
  passed: { color: statusColor(theme, theme.palette.success) },
  failed: { color: statusColor(theme, theme.palette.error) },
  waived: { color: statusColor(theme, theme.palette.info) },
  passedIcon: {
    color: statusColor(theme, theme.palette.success, GRAPHIC_CONTRAST),
  },
  failedIcon: {
    color: statusColor(theme, theme.palette.error, GRAPHIC_CONTRAST),
  },
  waivedIcon: {
    color: statusColor(theme, theme.palette.info, GRAPHIC_CONTRAST),
  },
  status: { fontWeight: theme.typography.fontWeightBold as number },
  problems: { listStyle: 'none', margin: 0, padding: 0 },
  problem: { marginBottom: theme.spacing(1) },
}));

type Status = 'passed' | 'failed' | 'waived';

function statusOf(check: CheckResult): Status {
  if (check.waived) return 'waived';
  return check.passed ? 'passed' : 'failed';
}

const STATUS_TEXT: Record<Status, string> = {
  passed: 'Passed',
  failed: 'Failed',
  waived: 'Waived',
};

function StatusIcon(props: { status: Status; className: string }) {
  const { status, className } = props;
  const Icon = {
    passed: CheckCircleIcon,
    failed: CancelIcon,
    waived: PauseCircleFilledIcon,
  }[status];
  return <Icon className={className} aria-hidden="true" />;
}

/** Props of {@link GapChecklist}. */
export interface GapChecklistProps {
  assessment: EntityAssessmentResponse;
  rubric: RubricResponse;
}

/**
 * Every check of the rubric, grouped by level, with its result; failing checks
 * carry the YAML that would make them pass, waived ones their reason and expiry.
 */
export function GapChecklist(props: GapChecklistProps) {
  const { assessment, rubric } = props;
  const classes = useStyles();
  const yamlByCheck = new Map<string, CheckRecommendation>();
  for (const rec of assessment.recommendations) {
    for (const check of rec.checks) yamlByCheck.set(check.id, check);
  }
  const statements = new Map(rubric.checks.map(c => [c.id, c.statement]));
  const levels = [...new Set(assessment.checks.map(c => c.level))].sort(
    (a, b) => a - b,
  );
  const failing = assessment.checks.filter(c => !c.passed).length;

  return (
    <section aria-label="Gap checklist">
      <InfoCard
        title="Gap checklist"
        subheader={
          failing === 0
            ? 'Every check passes.'
            : `${failing} of ${assessment.checks.length} checks fail.`
        }
      >
        {assessment.problems.length > 0 && (
          <section aria-label="Annotation problems">
            <Typography variant="h6" component="h3">
              Problems with the annotations
            </Typography>
            <ul className={classes.problems}>
              {assessment.problems.map((p, i) => (
                <li key={`${p.annotation}-${i}`} className={classes.problem}>
                  <Alert
                    severity={p.severity === 'error' ? 'error' : 'warning'}
                  >
                    <strong>{p.annotation}</strong>: {p.message}
                  </Alert>
                </li>
              ))}
            </ul>
          </section>
        )}
        {levels.map(level => {
          const name =
            rubric.levels.find(l => l.level === level)?.name ??
            `Level ${level}`;
          const checks = assessment.checks.filter(c => c.level === level);
          return (
            <section
              key={level}
              className={classes.level}
              aria-label={`Level ${level} ${name} checks`}
            >
              <Typography variant="h6" component="h3">
                Level {level} · {name}
              </Typography>
              <ul className={classes.list}>
                {checks.map(check => {
                  const status = statusOf(check);
                  const rec = yamlByCheck.get(check.id);
                  return (
                    <li
                      key={check.id}
                      className={classes.item}
                      aria-label={`${check.id}: ${STATUS_TEXT[status]}`}
                    >
                      <StatusIcon
                        status={status}
                        className={classes[`${status}Icon`]}
                      />
                      <Box className={classes.body}>
                        <Typography variant="body1">
                          <span
                            className={`${classes.status} ${classes[status]}`}
                          >
                            {STATUS_TEXT[status]}
                          </span>{' '}
                          —{' '}
                          {statements.get(check.id) ??
                            rec?.statement ??
                            check.id}
                        </Typography>
                        <Typography variant="body2" color="textSecondary">
                          <code>{check.id}</code> · {check.message}
                        </Typography>
                        {status === 'waived' && check.waiver && (
                          <Typography variant="body2">
                            Waived until {check.waiver.until}:{' '}
                            {check.waiver.reason}
                          </Typography>
                        )}
                        {status === 'failed' && rec?.yaml && (
                          <YamlSnippet
                            yaml={rec.yaml}
                            label={`YAML for ${check.id}`}
                          />
                        )}
                      </Box>
                    </li>
                  );
                })}
              </ul>
            </section>
          );
        })}
      </InfoCard>
    </section>
  );
}
