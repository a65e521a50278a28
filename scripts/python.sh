#!/bin/sh
# Run a Python >= 3.11 with the given arguments (used by the Makefile before .venv exists).
# Tries $PYTHON, then python3, python3.13, python3.12, python3.11; says clearly if none fits.
set -eu

fits() {
    command -v "$1" >/dev/null 2>&1 &&
        "$1" -c 'import sys; raise SystemExit(sys.version_info < (3, 11))' >/dev/null 2>&1
}

for candidate in ${PYTHON:-} python3 python3.13 python3.12 python3.11; do
    if fits "$candidate"; then
        exec "$candidate" "$@"
    fi
done

found="none"
if command -v python3 >/dev/null 2>&1; then
    found="$(python3 --version 2>&1) at $(command -v python3)"
fi
cat >&2 <<MSG
waymark: Python 3.11 or newer is needed (found: $found).
  On Debian 12 / Ubuntu 24.04:  sudo apt-get install python3 python3-venv
  Elsewhere, install Python 3.11+ and put it on PATH (or set PYTHON=/path/to/python3.11).
MSG
exit 1
