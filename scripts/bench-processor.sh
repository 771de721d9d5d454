#!/bin/sh
# Times the annotation processor on a 200-layer model (Keras and PyTorch); see ProcessingBench.
# Usage: scripts/bench-processor.sh [layers]
set -e
cd "$(dirname "$0")/.."
mvn -q -pl processor -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
java -cp "processor/target/test-classes:processor/target/classes:runtime/target/classes:$(cat processor/target/bench.classpath)" \
  io.nninit.processor.ProcessingBench "$@"
