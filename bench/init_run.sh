#!/bin/sh
# Initializer benchmark: builds runtime + bench (no install, no tests), then runs the harness, which
# measures our Keras-exact initializers with 1 and 2 threads, runs PyTorch's baseline
# (bench_torch_init.py with /usr/bin/python3, same thread count) in the middle, measures ours again,
# and prints one line per measurement with its ratios against Arrays.fill and PyTorch.
# Usage: bench/init_run.sh [--no-torch] [--reps N] [--threads 1,2] [--only NAME-SUBSTRING]   (from the root or from bench/)
set -e
cd "$(dirname "$0")/.."
mvn -q -pl bench -am package -DskipTests
exec java -Xms1g -Xmx1g -cp runtime/target/classes:bench/target/classes \
  io.nninit.bench.InitBenchmark --torch-script bench/bench_torch_init.py "$@"
