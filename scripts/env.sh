#!/usr/bin/env bash
# Sourced by every project script (and by .ci/run): puts Node 22 and Yarn 4 first on PATH.
#
# Backstage needs Node 22 or 24. When the machine has neither, Node 22 is unpacked from the
# npm registry (the `node-linux-<arch>` package ships the official binary) into `.tools/`,
# which git ignores. Nothing else is downloaded: Yarn is committed under `.yarn/releases`.
MM_NODE_VERSION="${MM_NODE_VERSION:-22.23.3}"
MM_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MM_TOOLS="$MM_ROOT/.tools"

mm_node_ok() {
  local v
  v="$("$1" --version 2>/dev/null)" || return 1
  case "$v" in v22.*|v24.*) return 0 ;; *) return 1 ;; esac
}

mm_ensure_node() {
  if mm_node_ok "$MM_TOOLS/node/bin/node"; then
    export PATH="$MM_TOOLS/node/bin:$PATH"
    export npm_config_nodedir="$MM_TOOLS/node"
  elif command -v node >/dev/null 2>&1 && mm_node_ok node; then
    : # the machine's own Node is recent enough
  else
    local arch tmp
    case "$(uname -m)" in
      x86_64) arch=x64 ;;
      aarch64|arm64) arch=arm64 ;;
      *) echo "error: no Node 22 package for architecture $(uname -m); install Node 22 or 24 yourself" >&2; return 1 ;;
    esac
    command -v npm >/dev/null 2>&1 || { echo "error: Node 22 or 24 is required (found none, and no npm to fetch it with)" >&2; return 1; }
    echo "Node 22 or 24 not found: unpacking node-linux-$arch@$MM_NODE_VERSION into .tools/node" >&2
    tmp="$(mktemp -d)"
    (cd "$tmp" && npm pack --silent "node-linux-$arch@$MM_NODE_VERSION" >/dev/null) || { rm -rf "$tmp"; echo "error: could not fetch node-linux-$arch@$MM_NODE_VERSION from the npm registry" >&2; return 1; }
    mkdir -p "$MM_TOOLS"
    rm -rf "$MM_TOOLS/node" && mkdir -p "$MM_TOOLS/node"
    tar xzf "$tmp"/node-linux-*.tgz -C "$MM_TOOLS/node" --strip-components=1
    rm -rf "$tmp"
    mm_node_ok "$MM_TOOLS/node/bin/node" || { echo "error: the unpacked Node does not run" >&2; return 1; }
    export PATH="$MM_TOOLS/node/bin:$PATH"
    # node-gyp builds native modules (better-sqlite3) against these headers instead of downloading them.
    export npm_config_nodedir="$MM_TOOLS/node"
  fi
  # A `yarn` on PATH that always runs the committed Yarn release.
  mkdir -p "$MM_TOOLS/bin"
  local yarn_release
  yarn_release="$(ls "$MM_ROOT"/.yarn/releases/yarn-*.cjs | head -n 1)"
  printf '#!/bin/sh\nexec node "%s" "$@"\n' "$yarn_release" > "$MM_TOOLS/bin/yarn"
  chmod +x "$MM_TOOLS/bin/yarn"
  export PATH="$MM_TOOLS/bin:$PATH"
}

mm_install() {
  (cd "$MM_ROOT" && yarn install --immutable)
}

mm_ensure_node || exit 1
