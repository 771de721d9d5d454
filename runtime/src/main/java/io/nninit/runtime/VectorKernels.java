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

  // PyTorch normal_ and trunc_normal_

  /**
   * {@link TorchInit#boxMuller}'s AVX2 blocks of 16 from {@code d[from]} on, in place; returns how
   * many elements it transformed: none with these classes.
   */
  static int boxMullerBlocks(float[] d, int from, int end, float mean, float std) {
    return 0;
  }

  /**
   * {@link TorchInit#truncNormalWords}' passes after the draw on {@code d[from, from + count)} in
   * place; returns how many elements it transformed: none with these classes.
   */
  static int truncNormalTransform(
      float[] d,
      int from,
      int count,
      float scale,
      float mean,
      float low,
      float high,
      boolean fused,
      float[] scratch,
      int[] lanes) {
    return 0;
  }
}
