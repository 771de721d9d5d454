#!/bin/sh
# Loop shapes in one JVM (bench/loops/LoopShapes.java): nninit's channels-first inference kernel
# against a C loop in the shape of PyTorch's kernel (loops.c), on the same arrays, interleaved.
# Needs gcc and JDK 22+ (the FFM API); builds the runtime jar first (no tests).
# Usage: JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 bench/loops/run.sh [rounds]   (default 100)
set -e
cd "$(dirname "$0")/../.."
mvn -q -pl runtime package -DskipTests
# JAVA, RUNTIME_JAR, JAVA_FEATURE and last_cpu
. bench/java.sh
if [ "${JAVA_FEATURE:-0}" -lt 22 ]; then
  echo "bench/loops/run.sh: needs JDK 22+ (the FFM API); set JAVA_HOME" >&2
  exit 2
fi
case "${1:-100}" in
  '' | *[!0-9]* | 0) echo "bench/loops/run.sh: rounds must be a positive number" >&2; exit 2 ;;
esac
DIR="$(mktemp -d)"
trap 'rm -rf "$DIR"' EXIT
LIB="$DIR/libloops.so"
gcc -O2 -march=native -shared -fPIC -o "$LIB" bench/loops/loops.c
PIN=""
if command -v taskset >/dev/null 2>&1; then
  CPU="$(last_cpu)"
  if [ -n "$CPU" ]; then PIN="taskset -c $CPU"; echo "# pinned to CPU $CPU"; fi
fi
# shellcheck disable=SC2086 # PIN is words
$PIN "$JAVA" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
  -XX:+UseG1GC -Xms1g -Xmx1g -cp "$RUNTIME_JAR" bench/loops/LoopShapes.java "$LIB" "${1:-100}"
