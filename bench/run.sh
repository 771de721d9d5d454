#!/bin/sh
# Batch-norm benchmark: builds runtime + bench (no install, no tests), then runs the harness, which
# measures our kernels, runs PyTorch's baseline (bench_torch_bn.py with /usr/bin/python3) in the
# middle, measures ours again, and prints one line per measurement with its ratios.
# Usage: bench/run.sh [--no-torch] [--reps N]   (from the repository root or from bench/)
set -e
# JDK: JAVA_HOME's, else the PATH's; on JDK 21+ the Vector API kernels run (see bench/java.sh).
cd "$(dirname "$0")/.."
mvn -q -pl bench -am package -DskipTests
. bench/java.sh
# shellcheck disable=SC2086 # VECTOR and JAVA_OPTS are words
exec "$JAVA" $VECTOR $JAVA_OPTS -Xms1g -Xmx1g -cp "$CP" \
  io.nninit.bench.BatchNormBenchmark --torch-script bench/bench_torch_bn.py "$@"
