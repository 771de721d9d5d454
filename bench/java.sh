# Sourced by the benchmark scripts: JAVA is the java of JAVA_HOME (else the one on the PATH); CP is the
# runtime jar and the benchmark classes. On JDK 21+ the runtime jar's Vector API kernels
# (META-INF/versions/21, see VectorKernels) run when the incubator module is added, so VECTOR adds it;
# JAVA_OPTS=-Dnninit.vector=false measures the scalar kernels on the same JDK.
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
# the newest runtime jar, should an older version's be left in target/
RUNTIME_JAR="$(ls -t runtime/target/runtime-*.jar | grep -v -e sources -e javadoc | head -n 1)"
CP="$RUNTIME_JAR:bench/target/classes"
# the JDK's feature release (17, 21, 25, ...)
JAVA_FEATURE="$("$JAVA" -XshowSettings:properties -version 2>&1 \
  | sed -n 's/.*java\.specification\.version = \([0-9]*\).*/\1/p')"
VECTOR=""
if [ "${JAVA_FEATURE:-0}" -ge 21 ]; then
  VECTOR="--add-modules jdk.incubator.vector"
fi

# The last CPU this shell may run on (taskset's list, e.g. 0-1 or 0,2-5,7), or nothing when taskset
# is missing or cannot tell.
last_cpu() {
  taskset -cp $$ 2>/dev/null | sed 's/.*: //; s/.*[,-]//'
}
