package io.nninit.runtime;

/**
 * One convention's per-channel arithmetic: from the weights (inference) or the batch statistics
 * (training) to the {@code scale} and {@code shift} of the elementwise pass, plus the update of the
 * moving statistics. O(channels); allocates nothing.
 */
sealed interface NormalizationRule permits TorchRule, KerasRule {
  /** Whether the elementwise pass is one fused multiply-add (else a product, then a sum). */
  boolean fusedOutput();

  /** Whether channels-last statistics use PyTorch's per-thread float buffers. */
  boolean floatBufferStatistics();

  /** Checks that statistics over {@code n} values per channel are defined in training. */
  void checkTrainingCount(String layerName, long n);

  /** Scale and shift from the moving statistics. */
  void inference(BatchNormWeights weights, float[] scale, float[] shift);

  /**
   * Starts a training step: when {@code update}, increments {@code num_batches_tracked}. Returns
   * the factor {@link #training} applies to the moving statistics (unused when not updating).
   */
  float beginTraining(BatchNormWeights weights, boolean update);

  /**
   * Scale and shift of channels {@code [from, to)} from the batch statistics ({@code mean}, {@code
   * squares} = sum of squared deviations over {@code n} values); when {@code update}, also their
   * moving statistics, with the {@code factor} from {@link #beginTraining}.
   */
  void training(
      BatchNormWeights weights,
      float[] mean,
      double[] squares,
      long n,
      float[] scale,
      float[] shift,
      boolean update,
      float factor,
      int from,
      int to);

  static float gamma(BatchNormWeights weights, int c) {
    return weights.hasGamma() ? weights.gamma()[c] : 1f;
  }

  static float beta(BatchNormWeights weights, int c) {
    return weights.hasBeta() ? weights.beta()[c] : 0f;
  }
}
