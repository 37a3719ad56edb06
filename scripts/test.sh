#!/usr/bin/env bash
# Runs every test of the project: type check, lint, and each package's tests.
# PostgreSQL store tests run too when MLOPS_MATURITY_TEST_POSTGRES (a connection
# string) is set; .ci/run starts a throw-away PostgreSQL and sets it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
source scripts/env.sh
export CI=true

echo "== Type check"
yarn tsc

echo "== Lint"
yarn backstage-cli repo lint

echo "== Unit and integration tests"
results="$(mktemp -d)/jest.json"
status=0
yarn backstage-cli repo test --json --outputFile="$results" || status=$?
node -e '
  const r = require(process.argv[1]);
  const failed = r.numFailedTests + r.numRuntimeErrorTestSuites;
  console.log(`tests: ${r.numPassedTests} passed, ${failed} failed`);
' "$results" || status=1
exit "$status"
