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
 * Accessible names (stable: the end-to-end tests use them), from the cards it
 * lays out: list "Maturity levels" (LevelCard), region "How to climb"
 * (ClimbRecommendations), region "Gap checklist" (GapChecklist), region
 * "Maturity history" (MaturityHistory). Not an ML component: the empty state
 * "Not an ML component" with "Example catalog-info.yaml".
 */

import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import Grid from '@material-ui/core/Grid';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { mlopsMaturityApiRef } from '../../api/MlopsMaturityApi';
import { AnnotateExample } from '../common/AnnotateExample';
import { errorMessage, isNotFound } from '../common/errors';
import { useRubric } from '../common/useRubric';
import { ClimbRecommendations } from '../ClimbRecommendations';
import { GapChecklist } from '../GapChecklist';
import { LevelCard } from '../LevelCard';
import { MaturityHistory } from '../MaturityHistory';

/** The history section: loads on its own, so that its failure leaves the rest. */
function HistorySection(props: { entityRef: string; maxLevel: number }) {
  const { entityRef, maxLevel } = props;
  const api = useApi(mlopsMaturityApiRef);
  const { value, loading, error } = useAsyncRetry(
    () => api.getEntityHistory(entityRef),
    [api, entityRef],
  );
  if (loading) {
    return (
      <section aria-label="Maturity history">
        <InfoCard title="Maturity history">
          <Progress />
        </InfoCard>
      </section>
    );
  }
  if (error) {
    return (
      <ResponseErrorPanel
        title={`Could not load the maturity history of ${entityRef}`}
        error={error}
      />
    );
  }
  if (!value) return null;
  return <MaturityHistory history={value} maxLevel={maxLevel} />;
}

/**
 * The "MLOps Maturity" tab of an entity page: the level ladder, the
 * checklist, the way up and the history.
 *
 * @public
 */
export function EntityMaturityContent() {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const api = useApi(mlopsMaturityApiRef);
  const { rubric } = useRubric();
  const { value, loading, error } = useAsyncRetry(
    () => api.getAssessment(entityRef),
    [api, entityRef],
  );

  if (loading) return <Progress />;
  if (error && isNotFound(error)) {
    return (
      <EmptyState
        missing="info"
        title="Not an ML component"
        description={`${errorMessage(error)}. Here is how to make it one.`}
        action={<AnnotateExample mlTypes={rubric.mlTypes} />}
      />
    );
  }
  if (error) {
    return (
      <ResponseErrorPanel
        title={`Could not load the maturity assessment of ${entityRef}`}
        error={error}
      />
    );
  }
  if (!value) return null;

  const maxLevel = Math.max(...rubric.levels.map(l => l.level));
  return (
    <Grid container spacing={3} alignItems="stretch">
      <Grid item xs={12} md={5}>
        <LevelCard assessment={value} rubric={rubric} />
      </Grid>
      <Grid item xs={12} md={7}>
        <ClimbRecommendations assessment={value} />
      </Grid>
      <Grid item xs={12} md={7}>
        <GapChecklist assessment={value} rubric={rubric} />
      </Grid>
      <Grid item xs={12} md={5}>
        <HistorySection entityRef={entityRef} maxLevel={maxLevel} />
      </Grid>
    </Grid>
  );
}
