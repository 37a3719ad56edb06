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
 * - list "Maturity levels": the ladder, highest level first; each item is
 *   named "Level <n> <name>" plus its markers in brackets, e.g.
 *   "Level 1 Managed (current)", "Level 3 Governed (target)",
 *   "Level 2 Automated (claimed)", "Level 2 Automated (current, target)";
 *   the markers are also shown as text ("current", "target", "claimed"), and
 *   the current level has aria-current="step".
 */

import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { TargetLevelReason } from '@mlops-maturity/plugin-mlops-maturity-common';
import { EntityAssessmentResponse, RubricResponse } from '../../api/types';
import { readableShade } from '../common/colors';
import { levelName } from '../common/rubric';

const useStyles = makeStyles(theme => ({
  ladder: {
    listStyle: 'none',
    margin: 0,
    padding: 0,
  },
  rung: {
    display: 'flex',
    alignItems: 'flex-start',
    gap: theme.spacing(1.5),
    padding: theme.spacing(1, 1.5),
    marginBottom: theme.spacing(0.5),
    borderLeft: `4px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
  },
  reached: {
    borderLeftColor: theme.palette.primary.main,
  },
  current: {
    backgroundColor: theme.palette.action.selected,
    borderLeftColor: theme.palette.primary.main,
  },
  number: {
    minWidth: theme.spacing(4),
    fontWeight: theme.typography.fontWeightBold as number,
    color: theme.palette.text.primary,
  },
  body: { flex: 1 },
  marks: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(0.5),
  },
  claim: {
    marginTop: theme.spacing(1),
    color:
      readableShade(theme, theme.palette.warning) ?? theme.palette.text.primary,
    fontWeight: theme.typography.fontWeightMedium as number,
  },
  rule: {
    marginTop: theme.spacing(2),
    color: theme.palette.text.secondary,
  },
}));

const TARGET_REASONS: Record<TargetLevelReason, string> = {
  annotation: 'set by the mlops/target-level annotation',
  regulated: 'elevated because the component is regulated',
  'customer-facing': 'elevated because the component is customer-facing',
  'owner-components': 'elevated because its owner runs several ML components',
  default: 'the default target',
};

/**
 * The claim line shown when the team's claimed level differs from the evidence,
 * for example "claims 2 — evidence says 1".
 */
export function claimText(assessment: {
  level: number;
  claimedLevel: number | null;
}): string | undefined {
  const { level, claimedLevel } = assessment;
  if (claimedLevel === null || claimedLevel === undefined) return undefined;
  if (claimedLevel === level) return undefined;
  return `claims ${claimedLevel} — evidence says ${level}`;
}

/** Props of {@link LevelCard}. */
export interface LevelCardProps {
  assessment: EntityAssessmentResponse;
  rubric: RubricResponse;
}

/**
 * The five levels as a ladder, highest first, with the current, target and
 * claimed levels marked in words (not by colour alone).
 */
export function LevelCard(props: LevelCardProps) {
  const { assessment, rubric } = props;
  const classes = useStyles();
  const levels = [...rubric.levels].sort((a, b) => b.level - a.level);
  const claim = claimText(assessment);
  const current = rubric.levels.find(l => l.level === assessment.level);

  return (
    <InfoCard
      title="Maturity level"
      subheader={`Level ${assessment.level} · ${
        assessment.levelName || levelName(rubric, assessment.level)
      } — target ${assessment.targetLevel} (${
        TARGET_REASONS[assessment.targetReason] ?? assessment.targetReason
      })`}
    >
      {current && (
        <Typography variant="body1" paragraph>
          {current.description}
        </Typography>
      )}
      {claim && (
        <Typography className={classes.claim} paragraph>
          The team {claim}.
        </Typography>
      )}
      <ol className={classes.ladder} aria-label="Maturity levels">
        {levels.map(l => {
          const isCurrent = l.level === assessment.level;
          const isTarget = l.level === assessment.targetLevel;
          const isClaimed = l.level === assessment.claimedLevel;
          const marks = [
            isCurrent && 'current',
            isTarget && 'target',
            isClaimed && 'claimed',
          ].filter((m): m is string => Boolean(m));
          const className = [
            classes.rung,
            l.level <= assessment.level ? classes.reached : '',
            isCurrent ? classes.current : '',
          ].join(' ');
          return (
            <li
              key={l.level}
              className={className}
              aria-current={isCurrent ? 'step' : undefined}
              aria-label={`Level ${l.level} ${l.name}${
                marks.length ? ` (${marks.join(', ')})` : ''
              }`}
            >
              <Typography className={classes.number} component="span">
                L{l.level}
              </Typography>
              <Box className={classes.body}>
                <Typography variant="subtitle2" component="span">
                  {l.name}
                </Typography>
                <Typography variant="body2" color="textSecondary">
                  {l.description}
                </Typography>
              </Box>
              {marks.length > 0 && (
                <Box className={classes.marks}>
                  {marks.map(m => (
                    <Chip
                      key={m}
                      size="small"
                      label={m}
                      variant={m === 'current' ? 'default' : 'outlined'}
                      color={m === 'current' ? 'primary' : 'default'}
                    />
                  ))}
                </Box>
              )}
            </li>
          );
        })}
      </ol>
      <Typography variant="body2" className={classes.rule}>
        {rubric.levelRule}
      </Typography>
    </InfoCard>
  );
}
