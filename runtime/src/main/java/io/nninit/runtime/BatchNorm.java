package io.nninit.runtime;

/**
 * Forward pass of one batch-normalization layer, in Keras' or PyTorch's arithmetic. An instance is
 * configured once with the layer's constants (channels, layout, epsilon, momentum) and owns its
 * workspaces: calls allocate nothing. Not thread-safe: one instance per thread.
 *
 * <p>Tensors are flat row-major {@code float[]} of exactly {@code batch * channels * spatial}
 * elements, {@code spatial} being the product of the spatial dimensions (1 for rank 2); {@code x ==
 * y} (in place) is allowed. Gamma or beta absent from the weights count as 1 or 0.
 *
 * <p><b>No stale coefficients.</b> The per-channel {@code scale}/{@code shift} of inference are
 * derived from the weights on every call (O(channels), against O(batch * channels * spatial) for
 * the pass itself), so changes to gamma, beta or the moving statistics are always seen; there is
 * nothing to prepare or invalidate.
 *
 * <p><b>Exactness.</b> PyTorch convention: bit-exact to PyTorch 1.13 CPU (AVX2) in both modes,
 * outputs and running statistics, for contiguous (NCHW) input with any thread count and for
 * channels-last / 2-D input with the thread count given here (PyTorch's result depends on it).
 * Keras convention: within rtol 1e-5 / atol 1e-6 of TensorFlow 2.18 (its {@code rsqrt} and blocked
 * float reductions are not reproduced; our statistics are two-pass with double accumulation, in
 * float blocks of 8 rows of first-row-shifted data for channels-last input).
 *
 * <p><b>Speed.</b> On JDK 21+ started with {@code --add-modules jdk.incubator.vector}, the passes
 * run on the Vector API (see {@code VectorKernels}) with the same bits as the Java 17 kernels.
 *
 * <p><b>Bad input</b> (null or wrongly sized arrays, {@code batch <= 0}, weights of another channel
 * count, PyTorch training with one value per channel) throws {@link IllegalArgumentException}
 * naming the layer before anything, output or moving statistics, is written.
 */
public final class BatchNorm {
  /**
   * Channels per group in channels-first training: statistics, coefficients, output, then the next.
   */
  private static final int GROUP = 8;

  private final String layerName;
  private final int channels;
  private final ChannelLayout layout;
  private final NormalizationRule rule;
  private final int threads;
  private final float[] mean;
  private final double[] squares;
  private final float[] buffers;
  private final float[] scale;
  private final float[] shift;
  private final ChannelsLastTiles tiles;
  private final float[] work;

  private BatchNorm(
      String layerName, int channels, ChannelLayout layout, NormalizationRule rule, int threads) {
    if (layerName == null || layout == null) {
      throw new IllegalArgumentException("batch norm: layer name and layout must not be null");
    }
    if (channels <= 0) {
      throw new IllegalArgumentException(
          "layer " + layerName + ": channels must be > 0, was " + channels);
    }
    if (threads <= 0) {
      throw new IllegalArgumentException(
          "layer " + layerName + ": numThreads must be >= 1, was " + threads);
    }
    this.layerName = layerName;
    this.channels = channels;
    this.layout = layout;
    this.rule = rule;
    this.threads = threads;
    this.mean = new float[channels];
    this.squares = new double[channels];
    this.buffers = new float[Math.multiplyExact(threads, channels)];
    this.scale = new float[channels];
    this.shift = new float[channels];
    this.tiles = new ChannelsLastTiles(channels);
    this.work = new float[VectorKernels.channelsFirstWorkspace()];
  }

  /**
   * A Keras {@code BatchNormalization} layer.
   *
   * @param momentum Keras' momentum (default 0.99): {@code moving = moving * momentum + batch * (1
   *     - momentum)}
   * @param epsilon Keras' epsilon (default 1e-3), used as float32
   * @param update which Keras moving-statistics update training applies
   */
  public static BatchNorm keras(
      String layerName,
      int channels,
      ChannelLayout layout,
      double momentum,
      double epsilon,
      KerasMovingUpdate update) {
    checkConstants(layerName, momentum, epsilon);
    if (update == null) {
      throw new IllegalArgumentException("layer " + layerName + ": update must not be null");
    }
    return new BatchNorm(layerName, channels, layout, new KerasRule(momentum, epsilon, update), 1);
  }

  /**
   * A PyTorch {@code BatchNorm1d/2d/3d} with a fixed momentum.
   *
   * @param momentum PyTorch's momentum (default 0.1): {@code running = (1 - m) * running + m *
   *     batch}, unbiased variance for {@code running_var}
   * @param epsilon PyTorch's eps (default 1e-5)
   * @param numThreads the {@code torch.get_num_threads()} to reproduce: channels-last and 2-D
   *     statistics depend on it (contiguous ones do not); the work runs on the calling thread
   */
  public static BatchNorm pytorch(
      String layerName,
      int channels,
      ChannelLayout layout,
      double momentum,
      double epsilon,
      int numThreads) {
    checkConstants(layerName, momentum, epsilon);
    return new BatchNorm(
        layerName, channels, layout, new TorchRule(momentum, false, epsilon), numThreads);
  }

  /**
   * A PyTorch batch norm with {@code momentum=None}: the running statistics are the cumulative
   * average, factor {@code 1.0 / num_batches_tracked}.
   */
  public static BatchNorm pytorchCumulative(
      String layerName, int channels, ChannelLayout layout, double epsilon, int numThreads) {
    checkConstants(layerName, 0.0, epsilon);
    return new BatchNorm(
        layerName, channels, layout, new TorchRule(0.0, true, epsilon), numThreads);
  }

  private static void checkConstants(String layerName, double momentum, double epsilon) {
    if (!(momentum >= 0.0 && momentum <= 1.0)) {
      throw new IllegalArgumentException(
          "layer " + layerName + ": momentum must be in [0, 1], was " + momentum);
    }
    if (!(epsilon >= 0.0 && epsilon < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException(
          "layer " + layerName + ": epsilon must be finite and >= 0, was " + epsilon);
    }
  }

  /** The layer's name, as used in error messages. */
  public String layerName() {
    return layerName;
  }

  /** Number of channels. */
  public int channels() {
    return channels;
  }

  /** The channel axis' position. */
  public ChannelLayout layout() {
    return layout;
  }

  /**
   * Inference ({@code training=False} / {@code eval()}): {@code y = x * scale[c] + shift[c]} with
   * coefficients from gamma, beta and the moving statistics. Changes no weight. Allocates nothing.
   *
   * @throws IllegalArgumentException on bad input, before anything is written
   */
  public void inference(BatchNormWeights weights, float[] x, float[] y, int batch, int spatial) {
    check(weights, x, y, batch, spatial);
    rule.inference(weights, scale, shift);
    apply(x, y, batch, spatial);
  }

  /**
   * Training ({@code training=True} / {@code train()}): normalizes with the batch mean and biased
   * variance, then updates the moving statistics and increments {@code num_batches_tracked}.
   * Allocates nothing.
   *
   * @throws IllegalArgumentException on bad input, before anything is written
   */
  public void training(BatchNormWeights weights, float[] x, float[] y, int batch, int spatial) {
    forwardWithBatchStatistics(weights, x, y, batch, spatial, true);
  }

  /**
   * Normalizes with the batch statistics like {@link #training} but leaves the moving statistics
   * and {@code num_batches_tracked} untouched: PyTorch's {@code track_running_stats=False} (train
   * and eval). Allocates nothing.
   *
   * @throws IllegalArgumentException on bad input, before anything is written
   */
  public void batchStatistics(
      BatchNormWeights weights, float[] x, float[] y, int batch, int spatial) {
    forwardWithBatchStatistics(weights, x, y, batch, spatial, false);
  }

  private void forwardWithBatchStatistics(
      BatchNormWeights weights, float[] x, float[] y, int batch, int spatial, boolean update) {
    check(weights, x, y, batch, spatial);
    long n = (long) batch * spatial;
    rule.checkTrainingCount(layerName, n);
    float factor = rule.beginTraining(weights, update);
    boolean fused = rule.fusedOutput();
    if (layout == ChannelLayout.CHANNELS_FIRST && spatial > 1) {
      // Group by group, so the output pass reads what the statistics just brought into the cache.
      for (int from = 0; from < channels; from += GROUP) {
        int to = Math.min(channels, from + GROUP);
        ChannelStatistics.channelsFirst(x, batch, channels, spatial, from, to, mean, squares, work);
        rule.training(weights, mean, squares, n, scale, shift, update, factor, from, to);
        ChannelAffine.channelsFirst(x, y, batch, channels, spatial, from, to, scale, shift, fused);
      }
      return;
    }
    int rows = batch * spatial;
    if (rule.floatBufferStatistics()) {
      ChannelStatistics.channelsLastTorch(
          x, rows, channels, threads, mean, squares, buffers, tiles);
    } else {
      // shift is free until the rule computes the coefficients: it holds the first row here
      ChannelStatistics.channelsLastKeras(x, rows, channels, mean, squares, shift, tiles);
    }
    rule.training(weights, mean, squares, n, scale, shift, update, factor, 0, channels);
    apply(x, y, batch, spatial);
  }

  private void apply(float[] x, float[] y, int batch, int spatial) {
    if (layout == ChannelLayout.CHANNELS_FIRST && spatial > 1) {
      ChannelAffine.channelsFirst(
          x, y, batch, channels, spatial, 0, channels, scale, shift, rule.fusedOutput());
    } else {
      tiles.affine(x, y, batch * spatial, scale, shift, rule.fusedOutput());
    }
  }

  private void check(BatchNormWeights weights, float[] x, float[] y, int batch, int spatial) {
    BatchNormChecks.forward(layerName, channels, weights, x, y, batch, spatial);
  }
}
