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
 * The shape of the value an annotation holds, which decides what the engine
 * accepts for it and which problems it reports.
 *
 * - `text`: any string; "present" when non-empty and not an absence token.
 * - `list`: comma-separated items; `values`, when given, is the closed set of allowed items.
 * - `enum`: one of `values`.
 * - `boolean`: `true` or `false`.
 * - `percent`: a number from `min` to `max`, a trailing `%` allowed.
 * - `level`: an integer level of the rubric (0 to the highest level).
 *
 * @public
 */
export type AnnotationValueKind =
  | 'text'
  | 'list'
  | 'enum'
  | 'boolean'
  | 'percent'
  | 'level';

/**
 * One annotation of the rubric's vocabulary.
 *
 * @public
 */
export interface RubricAnnotation {
  /** Full key, for example `mlops/model-registry`. */
  key: string;
  kind: AnnotationValueKind;
  /** What the annotation records, in a sentence (shown in docs and editor hints). */
  description: string;
  /** Allowed values (`enum`) or allowed list items (`list`). */
  values?: string[];
  /** Bounds for `percent` values. */
  min?: number;
  max?: number;
  /** A realistic value, used in generated YAML snippets. */
  example: string;
}

/**
 * A condition that a check's evidence must meet. A check passes when all of
 * its conditions hold.
 *
 * @public
 */
export type RubricCondition =
  | { type: 'present'; annotation: string }
  | { type: 'equals'; annotation: string; value: string }
  | { type: 'includesAll'; annotation: string; values: string[] }
  | { type: 'includesAny'; annotation: string; values: string[] }
  | { type: 'greaterThan'; annotation: string; value: number }
  | { type: 'sharedOwnership'; minGroupMembers: number };

/**
 * One check of the rubric.
 *
 * @public
 */
export interface RubricCheck {
  /** Stable id, used in waivers (`mlops/waiver.<id>`), the API and the CLI. */
  id: string;
  /** The level this check belongs to (1 or higher). */
  level: number;
  /** The model's statement of what the check asks for. */
  statement: string;
  /** What passes the check, in words (for docs and the UI). */
  evidence: string;
  /** All must hold for the check to pass. */
  conditions: RubricCondition[];
}

/**
 * The advice for moving up to a level: the model's climb row.
 *
 * @public
 */
export interface RubricClimb {
  actions: string;
  effort: string;
  tools: string[];
}

/**
 * One level of the rubric.
 *
 * @public
 */
export interface RubricLevel {
  level: number;
  name: string;
  description: string;
  /** How to get here from the level below (absent on level 0). */
  climb?: RubricClimb;
}

/**
 * How the target level is chosen when `mlops/target-level` is not given.
 *
 * @public
 */
export interface RubricTargets {
  /** Target for components with no special needs. */
  default: number;
  /** Target for regulated or customer-facing components, and for owners of many ML components. */
  elevated: number;
  /** An owner owning at least this many ML components gets the elevated target. */
  ownerComponentThreshold: number;
}

/**
 * A complete maturity rubric: the default one ships as {@link defaultRubric};
 * organisations may replace it with their own, checked by {@link validateRubric}.
 *
 * @public
 */
export interface MaturityRubric {
  /** Annotation prefix that marks the vocabulary, `mlops/` by default. */
  annotationPrefix: string;
  /** `spec.type` values that make an entity an ML component. */
  mlTypes: string[];
  /** Levels 0..N in order; level 0 has no checks. */
  levels: RubricLevel[];
  checks: RubricCheck[];
  /** Every annotation the rubric knows: evidence and context. */
  annotations: RubricAnnotation[];
  targets: RubricTargets;
}

/**
 * The waiver of a check that an entity carries.
 *
 * @public
 */
export interface CheckWaiver {
  reason: string;
  /** Last day (inclusive, `YYYY-MM-DD`) on which the waiver counts. */
  until: string;
}

/**
 * The result of one check for one entity.
 *
 * @public
 */
export interface CheckResult {
  id: string;
  level: number;
  passed: boolean;
  /** Why it passed or failed, naming the annotation. */
  message: string;
  /** True when an active waiver made the check count as passed. */
  waived: boolean;
  waiver?: CheckWaiver;
}

/**
 * Something wrong with an entity's `mlops/` annotations.
 *
 * @public
 */
export interface MaturityProblem {
  severity: 'error' | 'warning';
  /** The annotation key the problem is about. */
  annotation: string;
  message: string;
}

/**
 * A failing check, with the YAML that would make it pass.
 *
 * @public
 */
export interface CheckRecommendation {
  id: string;
  statement: string;
  message: string;
  /** YAML to merge into the entity's `catalog-info.yaml`. */
  yaml: string;
}

/**
 * What it takes to reach one level above the current one.
 *
 * @public
 */
export interface LevelRecommendation {
  /** The level this step reaches. */
  level: number;
  levelName: string;
  /** The level the step starts from (`level - 1`). */
  fromLevel: number;
  /** The model's climb row for `fromLevel → level`. */
  actions: string;
  effort: string;
  tools: string[];
  /** Checks of this level that fail now. */
  checks: CheckRecommendation[];
  /** All YAML of this level's failing checks, merged into one snippet. */
  yaml: string;
}

/**
 * Why the target level is what it is.
 *
 * @public
 */
export type TargetLevelReason =
  | 'annotation'
  | 'regulated'
  | 'customer-facing'
  | 'owner-components'
  | 'default';

/**
 * The assessment of one ML component.
 *
 * @public
 */
export interface MaturityAssessment {
  entityRef: string;
  level: number;
  levelName: string;
  targetLevel: number;
  targetReason: TargetLevelReason;
  claimedLevel: number | null;
  checks: CheckResult[];
  problems: MaturityProblem[];
  recommendations: LevelRecommendation[];
}

/**
 * The minimal entity shape the engine reads; any Backstage `Entity` fits.
 *
 * @public
 */
export interface MaturityEntity {
  apiVersion?: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    title?: string;
    annotations?: Record<string, unknown>;
    [key: string]: unknown;
  };
  spec?: Record<string, unknown>;
  relations?: Array<{ type: string; targetRef: string }>;
}
