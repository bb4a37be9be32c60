#!/usr/bin/env bash
# The check step of the GitHub Action (action.yml): runs `kubeharden check` with SARIF output and
# records the exit code as a step output instead of failing, so that the upload step still runs.
# Reads KUBEHARDEN_BIN, KUBEHARDEN_PATHS, KUBEHARDEN_CONFIG, KUBEHARDEN_LEVEL, KUBEHARDEN_SARIF
# and appends to the file named by GITHUB_OUTPUT.
set -uo pipefail

bin="${KUBEHARDEN_BIN:?KUBEHARDEN_BIN must name bin/kubeharden.js}"
output="${GITHUB_OUTPUT:?GITHUB_OUTPUT must name the step output file}"
sarif="${KUBEHARDEN_SARIF:-kubeharden.sarif}"

args=(check --format sarif --output-file "$sarif")
if [ -n "${KUBEHARDEN_CONFIG:-}" ]; then args+=(--config "$KUBEHARDEN_CONFIG"); fi
if [ -n "${KUBEHARDEN_LEVEL:-}" ]; then args+=(--level "$KUBEHARDEN_LEVEL"); fi

# Paths are separated by spaces or new lines, so a path that contains a space cannot be given.
read -r -d '' -a paths <<< "${KUBEHARDEN_PATHS:-.}"
if [ "${#paths[@]}" -eq 0 ]; then paths=(.); fi

node "$bin" "${args[@]}" "${paths[@]}"
code=$?

echo "exit-code=$code" >> "$output"
if [ -f "$sarif" ]; then echo "sarif-file=$sarif" >> "$output"; fi
if [ "$code" -ge 2 ]; then
  echo "::error::kubeharden check could not run (exit code $code); its message is above."
  exit "$code"
fi
exit 0
