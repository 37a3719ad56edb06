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

// What the catalog module writes on each ML component during processing, and
// the catalog list's column and filter read: one definition for both sides.

/**
 * Label with the assessed level, `"0"` to `"4"`, stamped by the catalog
 * module.
 *
 * @public
 */
export const MATURITY_LEVEL_LABEL = 'mlops-maturity/level';

/**
 * Label with the target level, `"0"` to `"4"`, stamped by the catalog module.
 *
 * @public
 */
export const MATURITY_TARGET_LEVEL_LABEL = 'mlops-maturity/target-level';

/**
 * Annotation telling what the labels were computed from: `catalog` (Group
 * sizes and owner counts read from the catalog) or `entity-only` (the
 * catalog had not been read yet; the entity alone, as the CLI sees one file).
 *
 * @public
 */
export const MATURITY_LEVEL_BASIS_ANNOTATION = 'mlops-maturity/level-basis';
