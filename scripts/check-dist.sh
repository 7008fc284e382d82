#!/usr/bin/env bash
# Rebuilds dist/ from src/ and fails when the result differs from what is committed.
set -euo pipefail
npm run build --silent
if ! git diff --quiet --exit-code -- dist/ || [ -n "$(git ls-files --others --exclude-standard -- dist/)" ]; then
  echo "dist/ does not match src/: run 'npm run build' and commit dist/." >&2
  git --no-pager diff --stat -- dist/ >&2
  git ls-files --others --exclude-standard -- dist/ >&2
  exit 1
fi
echo "dist/ matches src/"
