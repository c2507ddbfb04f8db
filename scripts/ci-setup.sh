#!/usr/bin/env bash
# System packages the tests need beyond npm: Debian's python3-winrm, the
# independent WS-Management client of test/wsman/python-winrm.test.ts.
# Idempotent: installs only what is missing (a second run does nothing).
# Needs root, or sudo without a password, when something is missing.
set -euo pipefail

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -n "$@"; fi
}

# Debian's interpreter: the package installs into its dist-packages, not into other Pythons on PATH.
if ! /usr/bin/python3 -c 'import winrm' >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq
  as_root apt-get install -y -qq python3-winrm
fi
