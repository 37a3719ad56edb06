#!/usr/bin/env bash
# Installs everything, then starts the dev portal (frontend and backend) on the
# example catalog, with an in-memory SQLite database.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
source scripts/env.sh
cat <<'MSG'

Starting the portal (Ctrl-C stops it):
  frontend  http://localhost:3000   sign in as the guest; "MLOps Maturity" is in the sidebar
  backend   http://localhost:7007   the API is under /api/mlops-maturity
The frontend compiles on the first page load (20-30 s on 2 cores); the fleet page
fills once the first assessment has run, about 15 s after start-up.

MSG
exec yarn start
