#!/usr/bin/env bash
# The test command: sets up a fresh machine, then builds every module and runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
mvn -B -ntp verify "$@"
