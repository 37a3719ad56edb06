#!/usr/bin/env bash
# Installs what the project needs: Node 22 (only when the machine has neither 22 nor 24)
# and the workspace's dependencies, exactly as yarn.lock pins them.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$MM_ROOT"
echo "Using Node $(node --version), Yarn $(yarn --version)"
yarn install --immutable
