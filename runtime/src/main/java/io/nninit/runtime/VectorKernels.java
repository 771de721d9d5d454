package io.nninit.runtime;

/**
 * The kernels that use the JDK's Vector API ({@code jdk.incubator.vector}), behind one runtime
 * check. This is the Java 17 version of the class: it reports them unavailable, so every caller
 * takes its scalar path.
 *
 * <p>The runtime jar is multi-release. On JDK 21 and later, {@code META-INF/versions/21} replaces
 * this class with one whose {@link #available()} is true when the JVM was started with {@code
 * --add-modules jdk.incubator.vector}, the CPU's preferred vectors are at least 256 bits wide and
 * the system property {@code nninit.vector} is not {@code false}. Its kernels give the same bits as
 * the scalar code they replace (integer operations and exactly rounded float operations only); the
 * runtime's integration tests run both on every kernel and compare every bit.
 *
 * <p>Callers test {@link #available()} and call a kernel only when it is true. The kernels return
 * how much of the work they did; here that is nothing, so the caller's scalar code does all of it.
 */
final class VectorKernels {
  private VectorKernels() {}

  /** Whether the Vector API kernels run: never with these (Java 17) classes. */
  static boolean available() {
    return false;
  }

  /** Why the kernels run or not, for benchmarks and diagnostics. */
  static String describe() {
    return "scalar: these are the Java 17 classes (the Vector API kernels need JDK 21+)";
  }

  /**
   * {@link StatelessUniform}'s bulk: Philox blocks {@code firstBlock ..}, all four words of each,
   * {@code U * range + minval} written to {@code out[offset ..]}; returns how many blocks it wrote:
   * none with these classes.
   */
  static int uniformBlocks(
      float[] out,
      int offset,
      long firstBlock,
      int blocks,
      long key,
      long counterLo,
      long counterHi,
      float minval,
      float range) {
    return 0;
  }

  // Keras' normal and truncated normal (Philox + Box-Muller with glibc's logf/sincosf)

  /**
   * {@link StatelessNormal}'s bulk: Philox blocks {@code firstBlock ..} in steps of the vector
   * length, the four normals of each, {@code z * stddev + mean}, written to {@code out[offset ..]};
   * returns how many blocks it wrote (a multiple of the step, at most {@code blocks}). none with
   * these classes.
   */
  static int normalBlocks(
      float[] out,
      int offset,
      long firstBlock,
      int blocks,
      long key,
      long counterLo,
      long counterHi,
      float mean,
      float stddev) {
    return 0;
  }

  /**
   * {@link StatelessTruncatedNormal}'s bulk: the whole groups {@code firstGroup ..} (four elements
   * each) in steps of the vector length, written to {@code out[offset ..]}; returns how many groups
   * it wrote (a multiple of the step, at most {@code groups}). none with these classes.
   */
  static int truncatedGroups(
      float[] out,
      int offset,
      long firstGroup,
      int groups,
      long key,
      long counterLo,
      long counterHi,
      float mean,
      float stddev) {
    return 0;
  }
}
