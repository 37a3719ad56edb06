#!/usr/bin/env bash
# Runs every test of the project: type check, API and dependency reports, lint,
# each package's tests, the packages as published, and the end-to-end tests of
# the dev portal in Chromium.
#
# - PostgreSQL store tests run too when BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING
#   (a connection string) is set; .ci/run starts a throw-away PostgreSQL and sets it.
# - The end-to-end tests need Debian's chromium (apt-get install -y chromium) or
#   CHROMIUM_PATH; MM_SKIP_E2E=1 leaves them out.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
source scripts/env.sh
export CI=true

echo "== Type check"
yarn tsc

echo "== API reports (each package's public API and the CLI's options, as committed)"
# Reads the declarations the type check just wrote; a changed export, option
# or command, or an export without a release tag, fails here until
# `yarn build:api-reports` has been run and its reports reviewed and committed.
yarn build:api-reports:only --ci

echo "== Dependency reports (knip: no unused, unlisted or misplaced dependency)"
yarn build:knip-reports --ci

echo "== Lint and formatting"
yarn backstage-cli repo lint
yarn prettier:check
# Package metadata as Backstage's tooling keeps it (pluginPackages and the
# fields publishing needs).
yarn backstage-cli repo fix --check --publish

out="$(mktemp -d)"
status=0

echo "== Unit and integration tests"
yarn backstage-cli repo test --json --outputFile="$out/jest.json" || status=$?

# Node's own test runner: the packages as published, always; the dev portal
# in Chromium unless MM_SKIP_E2E=1.
node_tests=(tests/package/*.test.ts)
if [ "${MM_SKIP_E2E:-}" = "1" ]; then
  echo "== End-to-end tests of the portal skipped (MM_SKIP_E2E=1)"
  echo "== Package tests (built, packed, the CLI installed with npm)"
else
  echo "== Package tests, and end-to-end tests (the dev portal in Chromium)"
  node_tests+=(tests/e2e/*.test.ts)
fi
e2e_passed=0
e2e_failed=0
# The test files are TypeScript ES modules run by Node's type stripping; the
# root package.json declares no module type, which Node would warn about for
# every file.
if node --test --test-concurrency=1 \
    --disable-warning=MODULE_TYPELESS_PACKAGE_JSON \
    --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination="$out/e2e.tap" \
    "${node_tests[@]}"; then :; else status=1; fi
if [ -f "$out/e2e.tap" ]; then
  e2e_passed=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$out/e2e.tap" | tail -n 1)
  e2e_failed=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$out/e2e.tap" | tail -n 1)
  # A test whose hook failed is reported as cancelled, not failed.
  e2e_cancelled=$(sed -n 's/^# cancelled \([0-9]*\)$/\1/p' "$out/e2e.tap" | tail -n 1)
  e2e_failed=$(( ${e2e_failed:-0} + ${e2e_cancelled:-0} ))
fi

node -e '
  const fs = require("fs");
  const [file, e2ePassed, e2eFailed] = process.argv.slice(1);
  let passed = Number(e2ePassed) || 0;
  let failed = Number(e2eFailed) || 0;
  if (fs.existsSync(file)) {
    const r = JSON.parse(fs.readFileSync(file, "utf8"));
    passed += r.numPassedTests;
    failed += r.numFailedTests + r.numRuntimeErrorTestSuites;
  } else {
    failed += 1;
  }
  console.log(`tests: ${passed} passed, ${failed} failed`);
' "$out/jest.json" "${e2e_passed:-0}" "${e2e_failed:-0}" || status=1
rm -rf "$out"
exit "$status"
