#!/usr/bin/env bash
# The test command: sets up a fresh machine, then builds every module and runs every test, first on
# the default JDK (17), then again on the newest JDK >= 21 installed under /usr/lib/jvm, if any (the
# JDKs differ in ways that matter to us, e.g. StrictMath.sin allocates since 21, and javac 23+ runs
# only processors on the processor path). Each run starts clean, so each JDK compiles everything,
# including the generated code, under -Werror. Arguments are passed to both Maven runs.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

# The JAVA_HOME of the newest JDK >= 21 under /usr/lib/jvm, or nothing.
newest_jdk() {
  local best="" best_major=20 dir major
  for dir in /usr/lib/jvm/*/; do
    dir="${dir%/}"
    [ -x "$dir/bin/javac" ] && [ -f "$dir/release" ] || continue
    major="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$dir/release")"
    if [ -n "$major" ] && [ "$major" -gt "$best_major" ]; then
      best="$dir"
      best_major="$major"
    fi
  done
  echo "$best"
}

echo "test: mvn verify on the default JDK ($("${JAVA_HOME:+$JAVA_HOME/bin/}java" -version 2>&1 | head -n 1))"
mvn -B -ntp clean verify "$@"

newest="$(newest_jdk)"
if [ -z "$newest" ]; then
  echo "test: no JDK >= 21 found under /usr/lib/jvm; skipping the second run (the suite ran on the default JDK only)"
  exit 0
fi
echo "test: mvn verify again on $newest ($("$newest/bin/java" -version 2>&1 | head -n 1))"
JAVA_HOME="$newest" mvn -B -ntp clean verify "$@"
