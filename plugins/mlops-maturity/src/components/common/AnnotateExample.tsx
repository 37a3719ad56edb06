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

import Typography from '@material-ui/core/Typography';
import { YamlSnippet } from './YamlSnippet';

/** A catalog-info.yaml that makes an entity an ML component at level 1. */
export const ANNOTATE_EXAMPLE_YAML = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: churn-model
  annotations:
    mlops/model-registry: https://mlflow.example.com/#/models/churn
    mlops/experiment-tracking: https://mlflow.example.com/#/experiments/7
    mlops/health-metrics: uptime, latency, errors
    mlops/retraining-runbook: https://docs.example.com/runbooks/churn
spec:
  type: ml-model
  lifecycle: production
  owner: group:default/ml-team
`;

/** How to make an entity an ML component, with a YAML example. */
export function AnnotateExample(props: { mlTypes?: string[] }) {
  const types = props.mlTypes ?? ['ml-model', 'ml-service', 'ml-pipeline'];
  return (
    <>
      <Typography variant="body2" paragraph>
        An entity is assessed when its <code>spec.type</code> is one of{' '}
        {types.map((t, i) => (
          <span key={t}>
            {i > 0 && ', '}
            <code>{t}</code>
          </span>
        ))}
        , or when it carries at least one <code>mlops/</code> annotation. For
        example, this component would be assessed, and would reach level 1 with
        a group of two or more people as its owner:
      </Typography>
      <YamlSnippet
        yaml={ANNOTATE_EXAMPLE_YAML}
        label="Example catalog-info.yaml"
      />
    </>
  );
}
