package io.nninit.runtime;

/**
 * PyTorch 1.13 CPU {@code batch_norm} in float32 (reference: pytorch.md §8). Training: {@code var =
 * (float) squares / (float) n}, {@code invstd = (float) (1 / sqrt((double) var + eps))}; running
 * statistics with {@code m = (float) momentum}: {@code rm = m * mean + (1 - m) * rm} in float,
 * {@code rv = (float) ((double) m * unbiased + (double) ((1 - m) * rv))}. Inference: {@code invstd
 * = 1 / sqrtf(rv + (float) eps)}. Both: {@code alpha = invstd * w}, {@code beta = fma(-mean, alpha,
 * b)}, {@code y = fma(x, alpha, beta)}. With {@code momentum == null} ({@link #cumulative}) the
 * factor is {@code 1.0 / num_batches_tracked} after the increment.
 */
final class TorchRule implements NormalizationRule {
  private final double momentum;
  private final boolean cumulative;
  private final double epsilon;

  TorchRule(double momentum, boolean cumulative, double epsilon) {
    this.momentum = momentum;
    this.cumulative = cumulative;
    this.epsilon = epsilon;
  }

  @Override
  public boolean fusedOutput() {
    return true;
  }

  @Override
  public boolean floatBufferStatistics() {
    return true;
  }

  @Override
  public void checkTrainingCount(String layerName, long n) {
    if (n <= 1) {
      throw new IllegalArgumentException(
          "layer "
              + layerName
              + ": PyTorch needs more than 1 value per channel when training, got "
              + n
              + " (batch * spatial); use a larger batch or inference()");
    }
  }

  @Override
  public void inference(BatchNormWeights weights, float[] scale, float[] shift) {
    float[] rm = weights.movingMean();
    float[] rv = weights.movingVariance();
    float eps = (float) epsilon;
    for (int c = 0; c < scale.length; c++) {
      float invstd = 1f / (float) Math.sqrt(rv[c] + eps);
      coefficients(weights, c, rm[c], invstd, scale, shift);
    }
  }

  @Override
  public float beginTraining(BatchNormWeights weights, boolean update) {
    if (!update) {
      return 0f;
    }
    long tracked = weights.numBatchesTracked() + 1;
    weights.setNumBatchesTracked(tracked);
    return (float) (cumulative ? 1.0 / tracked : momentum);
  }

  @Override
  public void training(
      BatchNormWeights weights,
      float[] mean,
      double[] squares,
      long n,
      float[] scale,
      float[] shift,
      boolean update,
      float m,
      int from,
      int to) {
    float[] rm = weights.movingMean();
    float[] rv = weights.movingVariance();
    float count = (float) n;
    float countMinusOne = (float) (n - 1);
    for (int c = from; c < to; c++) {
      float varSum = (float) squares[c];
      float var = varSum / count;
      float invstd = (float) (1.0 / Math.sqrt((double) var + epsilon));
      if (update) {
        rm[c] = m * mean[c] + (1f - m) * rm[c];
        float unbiased = varSum / countMinusOne;
        rv[c] = (float) ((double) m * (double) unbiased + (double) ((1f - m) * rv[c]));
      }
      coefficients(weights, c, mean[c], invstd, scale, shift);
    }
  }

  private static void coefficients(
      BatchNormWeights weights, int c, float mean, float invstd, float[] scale, float[] shift) {
    float alpha = invstd * NormalizationRule.gamma(weights, c);
    scale[c] = alpha;
    shift[c] = Math.fma(-mean, alpha, NormalizationRule.beta(weights, c));
  }
}
