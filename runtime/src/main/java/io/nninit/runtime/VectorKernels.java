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

  /** Whether the kernels that need 512-bit vectors run: never with these (Java 17) classes. */
  static boolean wide() {
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

  // ---- batch-norm forward kernels (VectorBatchNorm on JDK 21+) ----

  /**
   * {@link ChannelsLastTiles#affine}: {@code y[i] = fma(x[i], a[i mod c], b[i mod c])} ({@code
   * fused}) or {@code x[i] * a[i mod c] + b[i mod c]} for {@code i < length}, with {@code a} and
   * {@code b} the coefficients repeated with period {@code c}; returns how many elements it wrote:
   * none with these classes.
   */
  static int channelsLastAffine(
      float[] x, float[] y, int length, int c, float[] a, float[] b, boolean fused) {
    return 0;
  }

  /**
   * {@link ChannelAffine#channelsFirst}: {@code y = fma(x, scale[c], shift[c])} ({@code fused}) or
   * {@code x * scale[c] + shift[c]} over channels {@code [from, to)} of a {@code (batch, channels,
   * spatial)} tensor; returns how many channels (from {@code from}) it wrote: none with these
   * classes.
   */
  static int channelsFirstAffine(
      float[] x,
      float[] y,
      int batch,
      int channels,
      int spatial,
      int from,
      int to,
      float[] scale,
      float[] shift,
      boolean fused) {
    return 0;
  }

  /**
   * {@link ChannelsLastTiles#addRows}: {@code buffer[off + k] += x[r * c + k]} for the rows {@code
   * r} in {@code [from, to)}, in order; returns how many rows (from {@code from}) it added: none
   * with these classes.
   */
  static int channelsLastAddRows(float[] x, int from, int to, int c, float[] buffer, int off) {
    return 0;
  }

  /**
   * {@link ChannelsLastTiles#addSquaredDeviations}: {@code d = x[r * c + k] - mean[k]}, {@code
   * buffer[off + k] = fma(d, d, buffer[off + k])} for the rows {@code r} in {@code [from, to)}, in
   * order; returns how many rows (from {@code from}) it added: none with these classes.
   */
  static int channelsLastAddSquaredDeviations(
      float[] x, int from, int to, int c, float[] mean, float[] buffer, int off) {
    return 0;
  }

  /**
   * The floats of workspace {@link #channelsFirstStatistics} needs (a {@link BatchNorm} allocates
   * it once): none with these classes.
   */
  static int channelsFirstWorkspace() {
    return 0;
  }

  /**
   * {@link ChannelStatistics#channelsFirst}: for channels {@code [from, from + done)} of {@code
   * [from, to)}, the mean and the sum of squared deviations with the scalar code's bits, using
   * {@code work} (at least {@link #channelsFirstWorkspace()} floats); returns {@code done}: 0 with
   * these classes.
   */
  static int channelsFirstStatistics(
      float[] x,
      int batch,
      int channels,
      int spatial,
      int from,
      int to,
      float[] mean,
      double[] squares,
      float[] work) {
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
