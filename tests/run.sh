#!/usr/bin/env bash
# natomap's test command: installs what the tests need (Debian's Chromium, the package with
# its test extras), then runs the whole suite. Used by README.md and by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests..."
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
fi

if ! fc-list :lang=ja 2>/dev/null | grep -q .; then
  echo "Installing Debian's fonts-ipafont-gothic for the Japanese stills..."
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq fonts-ipafont-gothic >/dev/null
fi

if ! command -v npm >/dev/null 2>&1; then
  echo "Installing Debian's nodejs and npm for the player's tests and axe-core..."
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nodejs npm >/dev/null
fi

python3 -m pip install -q -e '.[test]'
# axe-core, the accessibility audit the browser tests run, from npm at the locked version.
npm ci --prefix tests/js --no-audit --no-fund --silent
# Types are checked, not hoped for: the public API's hints must hold.
python3 -m mypy --no-error-summary
python3 -m pytest -q "$@"
