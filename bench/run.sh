#!/bin/sh
# Batch-norm benchmark: builds runtime + bench (no install, no tests), then runs the harness, which
# starts PyTorch's baseline (bench_torch_bn.py --serve, with /usr/bin/python3) and interleaves its
# measurements with ours, round after round, printing one line per measurement with its ratios.
# Usage: bench/run.sh [--cpu N|none] [--no-torch] [--rounds R] [--reps N] [--only NAME_PART]
#   (from the repository root or from bench/)
# --cpu N pins the JVM, and with it the PyTorch process it starts, to CPU N (default: the last CPU
# this process may use; --cpu none leaves them unpinned). The two sides take turns, so they never
# compete for it, and both see the same CPU: on the 2-vCPU machine the figures were taken on, the
# same copy loop once took a third longer on one vCPU than on the other.
set -e
cd "$(dirname "$0")/.."
CPU=""
for arg in "$@"; do
  if [ "$PREVIOUS" = "--cpu" ]; then CPU="$arg"; fi
  PREVIOUS="$arg"
done
# strip --cpu N from the arguments passed on
for arg in "$@"; do
  shift
  if [ "$SKIP" = 1 ]; then SKIP=0; continue; fi
  if [ "$arg" = "--cpu" ]; then SKIP=1; continue; fi
  set -- "$@" "$arg"
done
if [ -z "$CPU" ]; then
  CPU="$(taskset -cp $$ 2>/dev/null | sed 's/.*: //; s/.*[,-]//')"
fi
PIN=""
if [ "$CPU" != "none" ]; then
  if command -v taskset >/dev/null 2>&1 && [ -n "$CPU" ]; then
    PIN="taskset -c $CPU"
    echo "# pinned to CPU $CPU (bench/run.sh --cpu N to choose, --cpu none to run unpinned)"
  else
    echo "# not pinned: taskset (util-linux) is missing"
  fi
fi
mvn -q -pl bench -am package -DskipTests
# JDK: JAVA_HOME's, else the PATH's; on JDK 21+ the Vector API kernels run (see bench/java.sh).
. bench/java.sh
# G1 named: pinned to one CPU, the JVM would otherwise pick the serial collector and another heap layout
# shellcheck disable=SC2086 # PIN, VECTOR and JAVA_OPTS are words
exec $PIN "$JAVA" $VECTOR -XX:+UseG1GC $JAVA_OPTS -Xms1g -Xmx1g -cp "$CP" \
  io.nninit.bench.BatchNormBenchmark --torch-script bench/bench_torch_bn.py "$@"
