# Sourced by the benchmark scripts: JAVA is the java of JAVA_HOME (else the one on the PATH); CP is the
# runtime jar and the benchmark classes. On JDK 21+ the runtime jar's Vector API kernels
# (META-INF/versions/21, see VectorKernels) run when the incubator module is added, so VECTOR adds it;
# JAVA_OPTS=-Dnninit.vector=false measures the scalar kernels on the same JDK.
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
# the newest runtime jar, should an older version's be left in target/
RUNTIME_JAR="$(ls -t runtime/target/runtime-*.jar | grep -v -e sources -e javadoc | head -n 1)"
CP="$RUNTIME_JAR:bench/target/classes"
VECTOR=""
if "$JAVA" -XshowSettings:properties -version 2>&1 \
    | grep -Eq 'java\.specification\.version = (2[1-9]|[3-9][0-9])'; then
  VECTOR="--add-modules jdk.incubator.vector"
fi
