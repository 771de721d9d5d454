#!/bin/sh
# Batch-norm benchmark: builds runtime + bench (no install, no tests), then runs the harness, which
# starts PyTorch's baseline (bench_torch_bn.py --serve, with /usr/bin/python3) and interleaves its
# measurements with ours, round after round, printing one line per measurement with its ratios.
# Usage: bench/run.sh [--launches K] [--cpu N|none] [--no-torch] [--rounds R] [--reps N]
#                     [--only NAME_PART]          (from the repository root or from bench/)
# --launches K runs the harness K times (default 5), each time with a fresh JVM and a fresh PyTorch
# process, and ends with the median of each ratio over the launches: on this machine the same
# kernels' ratio moved by up to 20 % from one pair of processes to the next, in step with how
# contiguous the physical pages behind their arrays were.
# --cpu N pins the JVM, and with it the PyTorch process it starts, to CPU N (default: the last CPU
# this process may use; --cpu none leaves them unpinned). The two sides take turns, so their
# measured calls never compete for it (the JVM's compiler and GC threads and the harness's watchdog
# share it too), and both see the same CPU: on the 2-vCPU machine the figures were taken on, the
# same copy loop once took a third longer on one vCPU than on the other.
set -e
cd "$(dirname "$0")/.."
CPU=""
LAUNCHES=5
PREVIOUS=""
for arg in "$@"; do
  if [ "$PREVIOUS" = "--cpu" ]; then CPU="$arg"; PREVIOUS_CPU_SET=1; fi
  if [ "$PREVIOUS" = "--launches" ]; then LAUNCHES="$arg"; fi
  case "$arg" in
    --cpu=* | --launches=*) echo "bench/run.sh: write $arg as two words (${arg%%=*} ${arg#*=})" >&2; exit 2 ;;
  esac
  PREVIOUS="$arg"
done
if [ "$PREVIOUS" = "--cpu" ] || [ "$PREVIOUS" = "--launches" ]; then
  echo "bench/run.sh: $PREVIOUS needs a value" >&2
  exit 2
fi
# strip --cpu N and --launches K from the arguments passed on
SKIP=0
for arg in "$@"; do
  shift
  if [ "$SKIP" = 1 ]; then SKIP=0; continue; fi
  if [ "$arg" = "--cpu" ] || [ "$arg" = "--launches" ]; then SKIP=1; continue; fi
  set -- "$@" "$arg"
done
case "$LAUNCHES" in
  '' | *[!0-9]*) echo "bench/run.sh: --launches needs a positive number, got '$LAUNCHES'" >&2; exit 2 ;;
esac
if [ "${#LAUNCHES}" -gt 4 ] || [ "$LAUNCHES" -lt 1 ]; then
  echo "bench/run.sh: --launches needs a positive number, got '$LAUNCHES'" >&2
  exit 2
fi
if [ "$PREVIOUS_CPU_SET" = 1 ] && [ -z "$CPU" ]; then
  echo "bench/run.sh: --cpu needs a CPU number or none" >&2
  exit 2
fi
case "$CPU" in
  '' | none) ;;
  *[!0-9]*) echo "bench/run.sh: --cpu needs a CPU number or none, got '$CPU'" >&2; exit 2 ;;
esac
mvn -q -pl bench -am package -DskipTests
# JDK: JAVA_HOME's, else the PATH's; on JDK 21+ the Vector API kernels run (see bench/java.sh).
. bench/java.sh
PIN=""
if [ "$CPU" != "none" ]; then
  if ! command -v taskset >/dev/null 2>&1; then
    echo "# not pinned: taskset (util-linux) is missing"
  else
    if [ -z "$CPU" ]; then
      CPU="$(last_cpu)"
    fi
    if [ -n "$CPU" ]; then
      PIN="taskset -c $CPU"
      echo "# pinned to CPU $CPU (bench/run.sh --cpu N to choose, --cpu none to run unpinned)"
    else
      echo "# not pinned: taskset -cp could not read this process's CPUs"
    fi
  fi
fi
OUT="$(mktemp)"
trap 'rm -f "$OUT" "$OUT.rc"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
i=1
while [ "$i" -le "$LAUNCHES" ]; do
  echo "## launch $i of $LAUNCHES"
  rm -f "$OUT.rc"
  # G1 named: pinned to one CPU, the JVM would otherwise pick the serial collector. The exit status
  # goes through a file: sh has no pipefail, and the pipeline's status is tee's.
  # shellcheck disable=SC2086 # PIN, VECTOR and JAVA_OPTS are words
  { RC=0
    $PIN "$JAVA" $VECTOR -XX:+UseG1GC $JAVA_OPTS -Xms1g -Xmx1g -cp "$CP" \
      io.nninit.bench.BatchNormBenchmark --torch-script bench/bench_torch_bn.py "$@" || RC=$?
    echo "$RC" >"$OUT.rc"; } | tee -a "$OUT"
  STATUS="$(cat "$OUT.rc" 2>/dev/null || echo 1)"
  if [ "$STATUS" != 0 ]; then
    echo "bench/run.sh: launch $i failed (exit status $STATUS)" >&2
    exit "$STATUS"
  fi
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
