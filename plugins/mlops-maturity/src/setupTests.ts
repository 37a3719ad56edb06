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

import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// Views are loaded lazily, and the first import of each is compiled in the
// test run: on a busy two-core machine that alone can take over a second, the
// default wait of `findBy*` and `waitFor`. A view that never renders still
// fails, only later.
configure({ asyncUtilTimeout: 10_000 });
