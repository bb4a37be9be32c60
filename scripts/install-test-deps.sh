#!/usr/bin/env bash
# Installs the system packages the tests need and npm does not provide, from Debian's archive:
# Chromium renders the HTML compliance report, openssl makes the fake API server's certificates.
# Run it as root (CI does) before `npm test`; it does nothing when both are already there.
set -euo pipefail

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v openssl > /dev/null || missing+=(openssl)

if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-test-deps: chromium and openssl are installed."
  exit 0
fi

echo "install-test-deps: installing ${missing[*]} with apt-get."
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" fonts-dejavu-core > /dev/null
