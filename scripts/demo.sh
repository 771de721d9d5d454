#!/usr/bin/env bash
# The main job: sets up a fresh machine, builds the example jar and initializes the example models.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
mvn -B -ntp -q package -DskipTests
java -jar example/target/nninit-example.jar "$@"
