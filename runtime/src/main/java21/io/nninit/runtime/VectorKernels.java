package io.nninit.runtime;

/**
 * The kernels that use the JDK's Vector API ({@code jdk.incubator.vector}), behind one runtime
 * check. This is the JDK 21+ version of the class (the runtime jar's {@code META-INF/versions/21});
 * the Java 17 version reports the kernels unavailable.
 *
 * <p>{@link #available()} is true when the JVM was started with {@code --add-modules
 * jdk.incubator.vector}, the CPU's preferred vectors are at least 256 bits wide and the system
 * property {@code nninit.vector} is not {@code false}. The check is made once. This class names no
 * Vector API type, so it loads without the module; the classes it delegates to load only when a
 * kernel runs, which is only when the check passed.
 *
 * <p>Every kernel gives the same bits as the scalar code it replaces (integer operations and
 * exactly rounded float operations only); the runtime's integration tests run both and compare.
 */
final class VectorKernels {
  private static final String MODULE = "jdk.incubator.vector";
  private static final String WHY = reason();
  private static final boolean AVAILABLE = WHY.startsWith("vector");

  /**
   * Whether the vectors are 512 bits wide. The Keras normals and PyTorch's trunc_normal_ need it:
   * with 256-bit vectors (measured with {@code -XX:UseAVX=2}) the Keras normals' gathers and
   * double/float conversions were not intrinsified, so each call boxed and ran at a third of the
   * scalar speed, and trunc_normal_'s double stages fell back to scalar code between vector float
   * stages, 20 % slower than all-scalar; both stay scalar there.
   */
  private static final boolean WIDE = AVAILABLE && VectorPhilox.preferredBits() >= 512;

  private VectorKernels() {}

  /** Whether the Vector API kernels run. */
  static boolean available() {
    return AVAILABLE;
  }

  /**
   * Whether the kernels that need 512-bit vectors run (the Keras normals, PyTorch's trunc_normal_):
   * {@link #available()} and 512-bit vectors.
   */
  static boolean wide() {
    return WIDE;
  }

  /** Why the kernels run or not, for benchmarks and diagnostics. */
  static String describe() {
    return WHY;
  }

  private static String reason() {
    if ("false".equalsIgnoreCase(System.getProperty("nninit.vector", "true").trim())) {
      return "scalar: -Dnninit.vector=false";
    }
    if (ModuleLayer.boot().findModule(MODULE).isEmpty()) {
      return "scalar: start the JVM with --add-modules " + MODULE + " to use the Vector API";
    }
    int bits = VectorPhilox.preferredBits();
    if (bits < 256) {
      return "scalar: this CPU's preferred vectors are " + bits + " bits (256 or more needed)";
    }
    return "vector: " + MODULE + ", " + bits + "-bit vectors";
  }

  /**
   * {@link StatelessUniform}'s bulk: Philox blocks {@code firstBlock ..} in steps of the vector
   * length, all four words of each, {@code U * range + minval} written to {@code out[offset ..]};
   * returns how many blocks it wrote (a multiple of the step, at most {@code blocks}).
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
    return VectorPhilox.uniformBlocks(
        out, offset, firstBlock, blocks, key, counterLo, counterHi, minval, range);
  }

  // ---- batch-norm forward kernels (VectorBatchNorm on JDK 21+) ----

  /**
   * {@link ChannelsLastTiles#affine}: {@code y[i] = fma(x[i], a[i mod c], b[i mod c])} ({@code
   * fused}) or {@code x[i] * a[i mod c] + b[i mod c]} for {@code i < length}, with {@code a} and
   * {@code b} the coefficients repeated with period {@code c}; returns how many elements it wrote:
   * length, or 0 when {@code a} or {@code b} hold fewer than {@code c + lanes - 1} floats.
   */
  static int channelsLastAffine(
      float[] x, float[] y, int length, int c, float[] a, float[] b, boolean fused) {
    return VectorBatchNorm.channelsLastAffine(x, y, length, c, a, b, fused);
  }

  /**
   * {@link ChannelAffine#channelsFirst}: {@code y = fma(x, scale[c], shift[c])} ({@code fused}) or
   * {@code x * scale[c] + shift[c]} over channels {@code [from, to)} of a {@code (batch, channels,
   * spatial)} tensor; returns how many channels (from {@code from}) it wrote: all of them.
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
    VectorBatchNorm.channelsFirstAffine(
        x, y, batch, channels, spatial, from, to, scale, shift, fused);
    return to - from;
  }

  /**
   * {@link ChannelsLastTiles#addRows}: {@code buffer[off + k] += x[r * c + k]} for the rows {@code
   * r} in {@code [from, to)}, in order; returns how many rows (from {@code from}) it added: all of
   * them.
   */
  static int channelsLastAddRows(float[] x, int from, int to, int c, float[] buffer, int off) {
    VectorBatchNorm.channelsLastAddRows(x, from, to, c, buffer, off);
    return to - from;
  }

  /**
   * {@link ChannelsLastTiles#addSquaredDeviations}: {@code d = x[r * c + k] - mean[k]}, {@code
   * buffer[off + k] = fma(d, d, buffer[off + k])} for the rows {@code r} in {@code [from, to)}, in
   * order; returns how many rows (from {@code from}) it added: all of them.
   */
  static int channelsLastAddSquaredDeviations(
      float[] x, int from, int to, int c, float[] mean, float[] buffer, int off) {
    VectorBatchNorm.channelsLastAddSquaredDeviations(x, from, to, c, mean, buffer, off);
    return to - from;
  }

  /**
   * The floats of workspace {@link #channelsFirstStatistics} needs (a {@link BatchNorm} allocates
   * it once).
   */
  static int channelsFirstWorkspace() {
    return VectorChannelStatistics.WORKSPACE;
  }

  /**
   * {@link ChannelStatistics#channelsFirst}: for channels {@code [from, from + done)} of {@code
   * [from, to)}, the mean and the sum of squared deviations with the scalar code's bits, using
   * {@code work} (at least {@link #channelsFirstWorkspace()} floats); returns {@code done}: a
   * multiple of 8 (0 without 512-bit vectors).
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
    return VectorChannelStatistics.channelsFirst(
        x, batch, channels, spatial, from, to, mean, squares, work);
  }

  // Keras' normal and truncated normal (Philox + Box-Muller with glibc's logf/sincosf)

  /**
   * {@link StatelessNormal}'s bulk: Philox blocks {@code firstBlock ..} in steps of the vector
   * length, the four normals of each, {@code z * stddev + mean}, written to {@code out[offset ..]};
   * returns how many blocks it wrote (a multiple of the step, at most {@code blocks}).
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
    if (!WIDE) {
      return 0;
    }
    return VectorNormal.normalBlocks(
        out, offset, firstBlock, blocks, key, counterLo, counterHi, mean, stddev);
  }

  /**
   * {@link StatelessTruncatedNormal}'s bulk: the whole groups {@code firstGroup ..} (four elements
   * each) in steps of the vector length, written to {@code out[offset ..]}; returns how many groups
   * it wrote (a multiple of the step, at most {@code groups}).
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
    if (!WIDE) {
      return 0;
    }
    return VectorNormal.truncatedGroups(
        out, offset, firstGroup, groups, key, counterLo, counterHi, mean, stddev);
  }

  // PyTorch normal_ and trunc_normal_ (VectorTorchNormal, VectorTorchErf)

  /**
   * {@link TorchInit#boxMuller}'s AVX2 blocks of 16 from {@code d[from]} on, in place, as many
   * whole blocks as fit before {@code end}; returns how many elements it transformed (a multiple of
   * 16).
   */
  static int boxMullerBlocks(float[] d, int from, int end, float mean, float std) {
    return VectorTorchNormal.boxMullerBlocks(d, from, end, mean, std);
  }

  /**
   * {@link TorchInit#truncNormalWords}' passes after the draw on {@code d[from, from + count)} in
   * place: {@code erfinv}, {@code * scale + mean}, the clamp to {@code [low, high]}, on as many
   * elements as whole vectors hold, with {@code scratch} ({@link TorchInit#TRUNC_CHUNK} floats) and
   * {@code lanes} ({@link TorchInit#TRUNC_LANES} ints, a gather's indices) the stages' workspaces;
   * returns how many it transformed: none for PyTorch's default (non-fused) build, or without
   * 512-bit vectors.
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
    if (!WIDE) {
      return 0;
    }
    return VectorTorchErf.truncNormalTransform(
        d, from, count, scale, mean, low, high, fused, scratch, lanes);
  }
}
