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

python3 -m pip install -q -e '.[test]'
# Types are checked, not hoped for: the public API's hints must hold.
python3 -m mypy --no-error-summary
python3 -m pytest -q "$@"
