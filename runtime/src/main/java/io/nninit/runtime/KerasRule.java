package io.nninit.runtime;

/**
 * Keras' {@code BatchNormalization} in float32 (reference: keras.md §11): {@code inv = rsqrt(var +
 * eps) * gamma}, {@code y = x * inv + (beta - mean * inv)}, biased batch variance; the moving
 * statistics per {@link KerasMovingUpdate}. Batch statistics are accumulated in double (TensorFlow
 * sums float blocks), and {@code rsqrt} is correctly rounded (TensorFlow's is within 2 ulp), so
 * results agree with TensorFlow within rtol 1e-5 / atol 1e-6, not bit for bit.
 */
final class KerasRule implements NormalizationRule {
  private final float momentum;
  private final float oneMinusMomentum;
  private final float epsilon;
  private final KerasMovingUpdate update;

  KerasRule(double momentum, double epsilon, KerasMovingUpdate update) {
    this.momentum = (float) momentum;
    this.oneMinusMomentum = (float) (1.0 - momentum);
    this.epsilon = (float) epsilon;
    this.update = update;
  }

  @Override
  public boolean fusedOutput() {
    return false;
  }

  @Override
  public boolean floatBufferStatistics() {
    return false;
  }

  @Override
  public void checkTrainingCount(String layerName, long n) {
    // Keras normalizes a single value per channel too (its variance is 0).
  }

  @Override
  public void inference(BatchNormWeights weights, float[] scale, float[] shift) {
    float[] mm = weights.movingMean();
    float[] mv = weights.movingVariance();
    for (int c = 0; c < scale.length; c++) {
      coefficients(weights, c, mm[c], mv[c], scale, shift);
    }
  }

  @Override
  public float beginTraining(BatchNormWeights weights, boolean update) {
    if (update) {
      weights.setNumBatchesTracked(weights.numBatchesTracked() + 1);
    }
    return momentum;
  }

  @Override
  public void training(
      BatchNormWeights weights,
      float[] mean,
      double[] squares,
      long n,
      float[] scale,
      float[] shift,
      boolean updateMoving,
      float factor,
      int from,
      int to) {
    float[] mm = weights.movingMean();
    float[] mv = weights.movingVariance();
    for (int c = from; c < to; c++) {
      float var = (float) (squares[c] / n);
      if (updateMoving) {
        mm[c] = moved(mm[c], mean[c]);
        float batchVariance =
            update == KerasMovingUpdate.TF_KERAS2_FUSED && n > 1
                ? (float) (squares[c] / (n - 1))
                : var;
        mv[c] = moved(mv[c], batchVariance);
      }
      coefficients(weights, c, mean[c], var, scale, shift);
    }
  }

  private float moved(float moving, float batch) {
    return switch (update) {
      case KERAS3 -> moving * momentum + batch * oneMinusMomentum;
      case TF_KERAS2_FUSED -> (1f - oneMinusMomentum) * moving + oneMinusMomentum * batch;
      case TF_KERAS2_NONFUSED -> moving - (moving - batch) * oneMinusMomentum;
      default -> throw new AssertionError(update);
    };
  }

  private void coefficients(
      BatchNormWeights weights, int c, float mean, float var, float[] scale, float[] shift) {
    float inv = (float) (1.0 / Math.sqrt(var + epsilon)) * NormalizationRule.gamma(weights, c);
    scale[c] = inv;
    shift[c] = NormalizationRule.beta(weights, c) - mean * inv;
  }
}
