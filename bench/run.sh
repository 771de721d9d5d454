#!/bin/sh
# Batch-norm benchmark: builds runtime + bench (no install, no tests), then runs the harness, which
# starts PyTorch's baseline (bench_torch_bn.py --serve, with /usr/bin/python3) and interleaves its
# measurements with ours, round after round, printing one line per measurement with its ratios.
# Usage: bench/run.sh [--launches K] [--cpu N|none] [--no-torch] [--rounds R] [--reps N]
#                     [--only NAME_PART]          (from the repository root or from bench/)
# --launches K runs the harness K times (default 5), each time with a fresh JVM and a fresh PyTorch
# process, and ends with the median of each ratio over the launches: how fast a process streams
# memory depends on the physical pages it was given, and on this machine the same kernels' ratio
# moved by up to 15 % from one pair of processes to the next.
# --cpu N pins the JVM, and with it the PyTorch process it starts, to CPU N (default: the last CPU
# this process may use; --cpu none leaves them unpinned). The two sides take turns, so they never
# compete for it, and both see the same CPU: on the 2-vCPU machine the figures were taken on, the
# same copy loop once took a third longer on one vCPU than on the other.
set -e
cd "$(dirname "$0")/.."
CPU=""
LAUNCHES=5
PREVIOUS=""
for arg in "$@"; do
  if [ "$PREVIOUS" = "--cpu" ]; then CPU="$arg"; fi
  if [ "$PREVIOUS" = "--launches" ]; then LAUNCHES="$arg"; fi
  PREVIOUS="$arg"
done
# strip --cpu N and --launches K from the arguments passed on
SKIP=0
for arg in "$@"; do
  shift
  if [ "$SKIP" = 1 ]; then SKIP=0; continue; fi
  if [ "$arg" = "--cpu" ] || [ "$arg" = "--launches" ]; then SKIP=1; continue; fi
  set -- "$@" "$arg"
done
case "$LAUNCHES" in
  '' | *[!0-9]* | 0) echo "bench/run.sh: --launches needs a positive number, got '$LAUNCHES'" >&2; exit 2 ;;
esac
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
OUT="$(mktemp)"
trap 'rm -f "$OUT"' EXIT
i=1
while [ "$i" -le "$LAUNCHES" ]; do
  echo "## launch $i of $LAUNCHES"
  # G1 named: pinned to one CPU, the JVM would otherwise pick the serial collector
  # shellcheck disable=SC2086 # PIN, VECTOR and JAVA_OPTS are words
  $PIN "$JAVA" $VECTOR -XX:+UseG1GC $JAVA_OPTS -Xms1g -Xmx1g -cp "$CP" \
    io.nninit.bench.BatchNormBenchmark --torch-script bench/bench_torch_bn.py "$@" | tee -a "$OUT"
  i=$((i + 1))
done
if [ "$LAUNCHES" -gt 1 ]; then
  echo "## median over $LAUNCHES launches (vs copy, vs PyTorch)"
  # a measurement line: name, "median", ms, "ms", Gelem/s, "Gelem/s", "vs", "copy", ratio,
  # then optionally "vs", torch name, ratio
  awk '
    / vs copy / {
      name = substr($0, 1, 40); sub(/ +$/, "", name)
      for (f = 1; f <= NF; f++) {
        if ($f == "copy" && $(f - 1) == "vs") copy[name] = copy[name] " " $(f + 1)
        if ($f ~ /^torch_/ && $(f - 1) == "vs") torch[name] = torch[name] " " $(f + 1)
      }
      if (!(name in seen)) { seen[name] = 1; order[n++] = name }
    }
    function median(list,    a, k, i, j, t) {
      k = split(list, a, " ")
      for (i = 1; i <= k; i++) { sub(/x$/, "", a[i]); a[i] += 0 }
      for (i = 2; i <= k; i++) for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
      return k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2
    }
    END {
      for (i = 0; i < n; i++) {
        line = sprintf("%-40s vs copy %5.2fx", order[i], median(copy[order[i]]))
        if (order[i] in torch) line = line sprintf("  vs PyTorch %5.2fx  (launches:%s)", median(torch[order[i]]), torch[order[i]])
        print line
      }
    }' "$OUT"
fi
