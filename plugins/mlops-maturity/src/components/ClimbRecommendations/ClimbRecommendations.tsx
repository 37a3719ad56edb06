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
 * - region "How to climb": the whole card;
 * - region "Climb to level <n>" per level to climb;
 * - status: the "at its target level" message;
 * - YAML of a step: labelled "YAML to reach level <n>", its copy button
 *   "Copy YAML to reach level <n>".
 */

import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import { EntityAssessmentResponse } from '../../api/types';
import { YamlSnippet } from '../common/YamlSnippet';

const useStyles = makeStyles(theme => ({
  step: {
    marginBottom: theme.spacing(3),
  },
  tools: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(0.5),
    margin: theme.spacing(1, 0),
  },
  checks: { margin: theme.spacing(1, 0), paddingLeft: theme.spacing(3) },
}));

function levelsToGo(n: number): string {
  return n === 1 ? '1 level' : `${n} levels`;
}

/** Props of {@link ClimbRecommendations}. */
export interface ClimbRecommendationsProps {
  assessment: EntityAssessmentResponse;
}

/**
 * The way up: for each level from the next one up to the target, what to do,
 * the effort, the tools and the YAML to add.
 */
export function ClimbRecommendations(props: ClimbRecommendationsProps) {
  const { assessment } = props;
  const classes = useStyles();
  const atTarget = assessment.level >= assessment.targetLevel;
  const steps = assessment.recommendations;

  return (
    <section aria-label="How to climb">
      <InfoCard
        title="How to climb"
        subheader={
          atTarget
            ? `At target (level ${assessment.targetLevel}).`
            : `${levelsToGo(
                assessment.targetLevel - assessment.level,
              )} to the target, level ${assessment.targetLevel}.`
        }
      >
        {atTarget && (
          <Alert severity="success" role="status">
            This component is at its target level ({assessment.targetLevel})
            {assessment.level > assessment.targetLevel
              ? ` and above it (level ${assessment.level})`
              : ''}
            . No climb is needed
            {steps.length > 0
              ? '; the next level is shown below if you want it'
              : ''}
            .
          </Alert>
        )}
        {steps.map(step => (
          <Box
            key={step.level}
            component="section"
            className={classes.step}
            aria-label={`Climb to level ${step.level}`}
          >
            <Typography variant="h6" component="h3">
              Level {step.fromLevel} → {step.level} · {step.levelName}
            </Typography>
            <Typography variant="body1">{step.actions}</Typography>
            <Typography variant="body2" color="textSecondary">
              Effort: {step.effort}
            </Typography>
            <Box className={classes.tools} aria-label="Tools">
              {step.tools.map(tool => (
                <Chip key={tool} size="small" variant="outlined" label={tool} />
              ))}
            </Box>
            {step.checks.length > 0 && (
              <>
                <Typography variant="body2">
                  Failing checks of this level:
                </Typography>
                <ul className={classes.checks}>
                  {step.checks.map(c => (
                    <li key={c.id}>
                      <Typography variant="body2">
                        <code>{c.id}</code> — {c.statement}
                      </Typography>
                    </li>
                  ))}
                </ul>
              </>
            )}
            {step.yaml && (
              <YamlSnippet
                yaml={step.yaml}
                label={`YAML to reach level ${step.level}`}
              />
            )}
          </Box>
        ))}
      </InfoCard>
    </section>
  );
}
