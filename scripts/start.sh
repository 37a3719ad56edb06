#!/usr/bin/env bash
# Installs everything, then starts the project's main job.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
source scripts/env.sh
if [ -d packages/backend ] && [ -d packages/app ]; then
  exec yarn start
fi
# Until the portal (packages/app, packages/backend) lands, the main job is the
# command line on the bundled example catalog.
echo
echo "Assessing the example catalog in examples/ (npm run -s mlops-maturity -- assess examples):"
echo
node plugins/mlops-maturity-cli/bin/mlops-maturity assess examples || true
