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

/**
 * The MLOps maturity rubric and the pure assessment engine, shared by the
 * MLOps Maturity backend, frontend, catalog module and command line.
 *
 * @packageDocumentation
 */

export * from './types';
export { defaultRubric } from './rubric/defaultRubric';
export { validateRubric, RubricValidationError } from './rubric/validateRubric';
export { rubricFromConfig } from './rubric/rubricFromConfig';
export type { RubricConfigSource } from './rubric/rubricFromConfig';
export { renderRubricMarkdown } from './rubric/renderRubricMarkdown';
export { toRubricResponse } from './rubric/rubricResponse';
export type { RubricResponse } from './rubric/rubricResponse';
export { rubricJsonSchema } from './rubric/jsonSchema';
export type {
  JsonSchemaObject,
  RubricJsonSchemaOptions,
} from './rubric/jsonSchema';
export {
  assessEntity,
  assessmentRefOf,
  completeScore,
  partialScoreOf,
  scoreEntity,
  settledScore,
  settlingNeeds,
} from './engine/assess';
export type {
  AssessOptions,
  ContextSoFar,
  MaturityScore,
  PartialScore,
} from './engine/assess';
export {
  AssessmentContextBuilder,
  buildAssessmentContext,
  contextFromOwnerFacts,
  emptyAssessmentContext,
  isMlComponent,
  ownerFactsOf,
  ownerRefOf,
  resolveRef,
  resolveRefCached,
} from './engine/context';
export type {
  AssessmentContext,
  ContextOwner,
  OwnerFacts,
} from './engine/context';
export { toContractJson, LEVEL_RULE } from './engine/contract';
export { closestMatch } from './engine/values';
export type { ContractAssessment } from './engine/contract';
export type * from './api/types';
export { combineRollups, medianFromCounts } from './api/rollups';
export {
  MATURITY_LEVEL_LABEL,
  MATURITY_TARGET_LEVEL_LABEL,
  MATURITY_LEVEL_BASIS_ANNOTATION,
} from './catalogLabels';
