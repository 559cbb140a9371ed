#!/bin/sh
# What `make` needs before it installs anything: one line for each thing missing, saying how
# to get it, and exit 1; nothing is installed or changed here.
#   sh scripts/prerequisites.sh            Python 3.11 or newer, with venv (make serve, make install)
#   sh scripts/prerequisites.sh chromium   Debian's chromium too (the browser tests in make test)
PYTHON=${PYTHON:-python3}
missing=0
say() { echo "make: $*" >&2; missing=1; }

if ! command -v "$PYTHON" >/dev/null 2>&1; then
  say "$PYTHON not found: install Python 3.11 or newer (Debian/Ubuntu: apt-get install python3 python3-venv; macOS: brew install python), or name yours: make serve PYTHON=python3.12"
elif ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  version=$("$PYTHON" -c 'import platform; print(platform.python_version())' 2>/dev/null) || version="not a working Python"
  say "$PYTHON is ${version:-not a working Python}, and Python 3.11 or newer is needed: install it, then name it: make serve PYTHON=python3.11"
elif ! "$PYTHON" -c 'import venv, ensurepip' 2>/dev/null; then
  say "$PYTHON cannot create a virtual environment: install its venv module (Debian/Ubuntu: apt-get install python3-venv)"
fi
for tool in "$@"; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    case $tool in
      chromium) say "chromium not found, which the browser tests drive: apt-get install chromium (Debian/Ubuntu; .ci/run installs it)" ;;
      *) say "$tool not found" ;;
    esac
  fi
done
exit $missing
