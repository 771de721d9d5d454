#!/bin/sh
# Batch-norm benchmark: builds runtime + bench (no install, no tests), then runs the harness, which
# measures our kernels, runs PyTorch's baseline (bench_torch_bn.py with /usr/bin/python3) in the
# middle, measures ours again, and prints one line per measurement with its ratios.
# Usage: bench/run.sh [--no-torch] [--reps N]   (from the repository root or from bench/)
set -e
cd "$(dirname "$0")/.."
mvn -q -pl bench -am package -DskipTests
exec java -Xms1g -Xmx1g -cp runtime/target/classes:bench/target/classes \
  io.nninit.bench.BatchNormBenchmark --torch-script bench/bench_torch_bn.py "$@"
