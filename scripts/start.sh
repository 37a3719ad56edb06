#!/usr/bin/env bash
# Installs everything, then starts the project's main job.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
source scripts/env.sh
if [ -d packages/backend ] && [ -d packages/app ]; then
  cat <<'MSG'

Starting the portal (Ctrl-C stops it):
  frontend  http://localhost:3000   sign in as the guest; "MLOps Maturity" is in the sidebar
  backend   http://localhost:7007   the API is under /api/mlops-maturity
The frontend compiles on the first page load (20-30 s on 2 cores); the fleet page
fills once the first assessment has run, about 15 s after start-up.

MSG
  exec yarn start
fi
# Until the portal (packages/app, packages/backend) lands, the main job is the
# command line on the bundled example catalog.
echo
echo "Assessing the example catalog in examples/ (npm run -s mlops-maturity -- assess examples):"
echo
node plugins/mlops-maturity-cli/bin/mlops-maturity assess examples || true
