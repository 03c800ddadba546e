#!/usr/bin/env bash
# The programs beyond npm that the tests run, installed when missing: as root with apt, the
# Debian package (after apt-get update); otherwise one line saying what to install, exit 1.
# Run by `npm test` (pretest) and .ci/run; silent when everything is there.
set -uo pipefail

# One line per program: command|Debian package|variable that may point at it instead|who needs it
NEEDED=(
  "etcd|etcd-server|SC_ETCD_BIN|the etcd store's tests, which start a real etcd"
  "openssl|openssl||the TLS tests, which make their certificates with it"
  "chromium|chromium|SC_CHROMIUM_BIN|the console's browser tests, which drive a headless Chromium"
)

present() { # command, override variable (may be empty)
  if [ -n "$2" ] && [ -n "${!2:-}" ]; then [ -x "${!2}" ]; else command -v "$1" >/dev/null 2>&1; fi
}

missing_packages=()
missing_text=()
for entry in "${NEEDED[@]}"; do
  IFS='|' read -r cmd pkg var why <<<"$entry"
  present "$cmd" "$var" && continue
  missing_packages+=("$pkg")
  missing_text+=("'$cmd' (Debian package $pkg) for $why")
done
[ ${#missing_packages[@]} -eq 0 ] && exit 0

joined() { local IFS=';'; echo "${missing_text[*]}" | sed 's/;/; /g'; }

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "the tests need $(joined): run apt-get install -y ${missing_packages[*]} (npm test does that itself when run as root with apt)" >&2
  exit 1
fi

echo "installing ${missing_packages[*]} (needed by the tests)" >&2
export DEBIAN_FRONTEND=noninteractive
if ! { apt-get update -q && apt-get install -y -q --no-install-recommends "${missing_packages[@]}"; } </dev/null >&2; then
  echo "apt-get could not install ${missing_packages[*]} (see above); the tests need $(joined)" >&2
  exit 1
fi
for entry in "${NEEDED[@]}"; do
  IFS='|' read -r cmd pkg var why <<<"$entry"
  present "$cmd" "$var" || { echo "installed $pkg but '$cmd' is still not on PATH; put it there or set $var" >&2; exit 1; }
done
