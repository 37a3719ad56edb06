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
 * - region "MLOps maturity": the card, titled "MLOps maturity";
 * - the level chip: "Level <n> <name>", plus ", below target";
 * - region "Next step": the single most important next step, as a link to the
 *   MLOps Maturity tab whose text starts with "Next:" (or "Fix", "At target",
 *   "Above target"); its YAML is labelled "YAML for the next step" and the
 *   copy button "Copy YAML for the next step";
 * - link "See all checks": the MLOps Maturity tab.
 */

import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  entityRouteParams,
  entityRouteRef,
  useEntity,
} from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  RubricAnnotation,
  defaultRubric,
} from '@mlops-maturity/plugin-mlops-maturity-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { mlopsMaturityApiRef } from '../../api/MlopsMaturityApi';
import { EntityAssessmentResponse } from '../../api/types';
import { errorMessage, isNotFound } from '../common/errors';
import { LevelChip } from '../common/LevelChip';
import { useRubric } from '../common/useRubric';
import { YamlSnippet } from '../common/YamlSnippet';
import { claimText } from '../LevelCard';

/** The single most important next step of an assessment. */
export type NextStep =
  | { kind: 'problem'; text: string; annotation: string }
  | {
      kind: 'check';
      text: string;
      checkId: string;
      statement: string;
      detail: string;
      yaml: string;
      level: number;
    }
  | { kind: 'done'; text: string };

/** What a recommendation's YAML proposes: annotations and an owner. */
function parseProposal(yaml: string): {
  annotations: Array<{ key: string; value: string; comment?: string }>;
  owner?: string;
} {
  const annotations: Array<{ key: string; value: string; comment?: string }> =
    [];
  let owner: string | undefined;
  for (const line of yaml.split('\n')) {
    const annotation = /^ {4}([^\s:]+): (.*?)(?: {2}# (.*))?$/.exec(line);
    if (annotation) {
      const [, key, raw, comment] = annotation;
      let value = raw;
      if (raw.startsWith('"')) {
        try {
          value = JSON.parse(raw);
        } catch {
          value = raw;
        }
      }
      annotations.push({ key, value, comment });
      continue;
    }
    const ownerLine = /^ {2}owner: (.+)$/.exec(line);
    if (ownerLine) owner = ownerLine[1].trim();
  }
  return { annotations, owner };
}

/**
 * What to do, in a few words: "set mlops/deploy-decision to pipeline",
 * "add mlops/model-registry", "make a group of at least 2 people its owner".
 * Undefined when the YAML proposes nothing this can phrase.
 */
export function describeAction(
  yaml: string,
  annotations: RubricAnnotation[] = defaultRubric.annotations,
): string | undefined {
  const proposal = parseProposal(yaml);
  const kinds = new Map(annotations.map(a => [a.key, a.kind]));
  const added: string[] = [];
  const parts: string[] = [];
  for (const { key, value, comment } of proposal.annotations) {
    switch (kinds.get(key)) {
      case 'enum':
      case 'boolean':
      case 'list':
      case 'level':
        parts.push(`set ${key} to ${value}`);
        break;
      case 'percent':
        parts.push(comment ? `set ${key} (${comment})` : `set ${key}`);
        break;
      default:
        added.push(key);
    }
  }
  if (added.length > 0) parts.unshift(`add ${added.join(' and ')}`);
  if (proposal.owner) {
    const size = /<team-of-(\d+)-or-more>/.exec(proposal.owner);
    parts.push(
      size
        ? `make a group of at least ${size[1]} people its owner`
        : `make ${proposal.owner} its owner`,
    );
  }
  return parts.length > 0 ? parts.join(' and ') : undefined;
}

/**
 * The single most important next step of an assessment: an annotation error
 * first (it hides evidence), then the first failing check of the next level,
 * for example "Next: set mlops/deploy-decision to pipeline (level 2 Automated)".
 */
export function nextStep(
  assessment: EntityAssessmentResponse,
  annotations: RubricAnnotation[] = defaultRubric.annotations,
): NextStep {
  const error = assessment.problems.find(p => p.severity === 'error');
  if (error) {
    return {
      kind: 'problem',
      annotation: error.annotation,
      // The engine's messages mostly start with the key; naming it twice
      // would only make the step longer.
      text: error.message.startsWith(error.annotation)
        ? `Fix: ${error.message}`
        : `Fix ${error.annotation}: ${error.message}`,
    };
  }
  const next = assessment.recommendations[0];
  const check = next?.checks[0];
  if (next && check && assessment.level < assessment.targetLevel) {
    const action =
      describeAction(check.yaml, annotations) ??
      `${check.statement.charAt(0).toLocaleLowerCase('en-US')}${check.statement
        .slice(1)
        .replace(/\.$/, '')}`;
    return {
      kind: 'check',
      text: `Next: ${action} (level ${next.level} ${next.levelName})`,
      checkId: check.id,
      statement: check.statement,
      detail: check.message,
      yaml: check.yaml,
      level: next.level,
    };
  }
  const name = assessment.levelName ? ` ${assessment.levelName}` : '';
  if (assessment.level > assessment.targetLevel) {
    return {
      kind: 'done',
      text: `Above target: level ${assessment.level}${name}, target ${assessment.targetLevel}. Nothing to do.`,
    };
  }
  return {
    kind: 'done',
    text: `At target: level ${assessment.level}${name}. Nothing to do.`,
  };
}

/**
 * The link to an entity's MLOps Maturity tab: absolute when the catalog's
 * entity route is known, else relative to the entity page.
 */
function useTabLink(entity: Entity, tabPath: string): string {
  const path = tabPath.replace(/^\/+/, '');
  let base: string | undefined;
  try {
    // Throws when the catalog's entity route is not mounted (some tests, and
    // apps that render the card outside the catalog).
    const entityRoute = useRouteRef(entityRouteRef);
    base = entityRoute(entityRouteParams(entity, { encodeParams: true }));
  } catch {
    base = undefined;
  }
  return base ? `${base.replace(/\/+$/, '')}/${path}` : path;
}

/**
 * Props of the entity maturity card.
 *
 * @public
 */
export interface EntityMaturityCardProps {
  /** The path of the MLOps Maturity tab on the entity page; `mlops-maturity` by default. */
  tabPath?: string;
}

/**
 * An overview card: the level, the target and the next step.
 *
 * @public
 */
export function EntityMaturityCard(props: EntityMaturityCardProps = {}) {
  const { tabPath = 'mlops-maturity' } = props;
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const api = useApi(mlopsMaturityApiRef);
  const { rubric } = useRubric();
  const tabLink = useTabLink(entity, tabPath);
  const { value, loading, error } = useAsyncRetry(
    () => api.getAssessment(entityRef),
    [api, entityRef],
  );

  let content: JSX.Element | null;
  if (loading) {
    content = (
      <InfoCard title="MLOps maturity">
        <Progress />
      </InfoCard>
    );
  } else if (error && isNotFound(error)) {
    content = (
      <InfoCard title="MLOps maturity">
        <Typography variant="body2">{errorMessage(error)}</Typography>
      </InfoCard>
    );
  } else if (error) {
    content = (
      <ResponseErrorPanel
        title={`Could not load the maturity of ${entityRef}`}
        error={error}
      />
    );
  } else if (value) {
    const step = nextStep(value, rubric.annotations);
    const claim = claimText(value);
    content = (
      <InfoCard
        title="MLOps maturity"
        deepLink={{ title: 'See all checks', link: tabLink }}
      >
        <Box
          display="flex"
          alignItems="center"
          flexWrap="wrap"
          gridGap={8}
          mb={2}
        >
          <LevelChip
            size="medium"
            level={value.level}
            name={value.levelName}
            belowTarget={value.level < value.targetLevel}
          />
          <Typography variant="body1">
            Target: level {value.targetLevel}
          </Typography>
          {claim && (
            <Typography variant="body2" color="textSecondary">
              ({claim})
            </Typography>
          )}
        </Box>
        <section aria-label="Next step">
          <Typography variant="subtitle2" component="h3">
            Next step
          </Typography>
          <Typography variant="body1">
            {step.kind === 'done' ? (
              step.text
            ) : (
              <Link to={tabLink}>{step.text}</Link>
            )}
          </Typography>
          {step.kind === 'check' && (
            <>
              <Typography variant="body2" color="textSecondary">
                Check <code>{step.checkId}</code>: {step.statement} Now:{' '}
                {step.detail.replace(/\.?$/, '.')}
              </Typography>
              <YamlSnippet yaml={step.yaml} label="YAML for the next step" />
            </>
          )}
        </section>
      </InfoCard>
    );
  } else {
    content = null;
  }

  return <section aria-label="MLOps maturity">{content}</section>;
}
