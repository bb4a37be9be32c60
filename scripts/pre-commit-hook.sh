#!/usr/bin/env bash
# Entry point of the pre-commit hook (.pre-commit-hooks.yaml): installs and builds kubeharden in
# the hook's own clone on first use, then checks the files pre-commit passes as arguments.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ ! -f "$root/packages/cli/dist/main.js" ]; then
  echo "kubeharden: first run; installing and building in $root (once per hook version)." >&2
  (cd "$root" && npm ci --no-audit --no-fund >&2)
fi
exec node "$root/packages/cli/bin/kubeharden.js" check "$@"
