#!/bin/sh
# The README's test command: installs what the suite needs on a fresh Debian
# machine (redis-server as the reference oracle, Chromium for the browser smoke
# test; Deno and Bun come from npm), builds, and runs every test once.
set -e
cd "$(dirname "$0")/.."

missing=""
command -v redis-server >/dev/null 2>&1 || missing="$missing redis-server"
[ -x /usr/bin/chromium ] || missing="$missing chromium"
if [ -n "$missing" ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update && apt-get install -y $missing
  elif command -v sudo >/dev/null 2>&1; then
    sudo apt-get update && sudo apt-get install -y $missing
  else
    echo "flashkv tests need:$missing (Debian packages); install them and run again" >&2
    exit 1
  fi
fi

npm ci
npx vitest run --reporter=default --reporter=json --outputFile.json=.vitest-report.json
