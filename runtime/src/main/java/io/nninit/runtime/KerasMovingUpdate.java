package io.nninit.runtime;

import io.nninit.annotation.KerasFlavor;

/**
 * How a Keras {@code BatchNormalization} layer in training updates its moving statistics. The
 * output {@code y} is the same for all three (within the Keras oracle's tolerance).
 */
public enum KerasMovingUpdate {
  /**
   * Keras 3: {@code moving = moving * momentum + batch * (1 - momentum)} with the biased batch
   * variance.
   */
  KERAS3,
  /**
   * tf.keras 2 on 4-D/5-D inputs (the fused {@code FusedBatchNormV3} path): {@code moving = (1 - f)
   * * moving + f * batch} with {@code f = 1 - momentum} and the <em>unbiased</em> batch variance
   * ({@code x N/(N-1)}; with N = 1 the biased one).
   */
  TF_KERAS2_FUSED,
  /**
   * tf.keras 2 on other ranks (the non-fused path): {@code moving = moving - (moving - batch) * (1
   * - momentum)} with the biased batch variance.
   */
  TF_KERAS2_NONFUSED;

  /**
   * The smallest epsilon {@code tf.nn.fused_batch_norm} passes to {@code FusedBatchNormV3}: it
   * silently raises any smaller one to this (cuDNN's minimum), on the CPU as well.
   */
  public static final double FUSED_MIN_EPSILON = 1.001e-5;

  /**
   * The update a Keras flavor applies to an input of rank {@code inputRank} (batch axis included):
   * Keras 3 always {@link #KERAS3}; tf.keras 2 the fused path on 4-D and 5-D inputs, the non-fused
   * one otherwise.
   *
   * <p>tf.keras 2 ({@code BatchNormalizationBase._fused_can_be_used} and {@code build}) takes the
   * fused path with {@code fused=None} when the input rank is 4 or 5 and all of these hold, which
   * they always do for our layers: a single channel axis at 1 or -1 (channels first or last), no
   * {@code renorm}, no {@code virtual_batch_size}, no {@code adjustment}, no {@code synchronized},
   * a float16/bfloat16/float32 compute dtype. The epsilon is <em>not</em> one of the conditions
   * (unlike tf.keras 2's {@code LayerNormalization}): a batch norm with epsilon below {@link
   * #FUSED_MIN_EPSILON} is still fused, and the fused op computes with the raised epsilon; see
   * {@link #epsilon(double)}. The fused moving update is the {@code exponential_avg_factor} one in
   * eager execution and {@code tf.function} (what {@code fit} runs) outside XLA; under XLA ({@code
   * jit_compile=True}) tf.keras 2 applies {@code moving -= (moving - batch) * (1 - momentum)} to
   * the fused op's unbiased variance, equal within float rounding.
   *
   * @throws IllegalArgumentException if the rank is not 2 to 5 or the flavor is null
   */
  public static KerasMovingUpdate of(KerasFlavor flavor, int inputRank) {
    if (flavor == null || inputRank < 2 || inputRank > 5) {
      throw new IllegalArgumentException(
          "batch norm: flavor must not be null and the input rank must be 2 to 5, was "
              + flavor
              + " / "
              + inputRank);
    }
    if (flavor == KerasFlavor.KERAS3) {
      return KERAS3;
    }
    return inputRank >= 4 ? TF_KERAS2_FUSED : TF_KERAS2_NONFUSED;
  }

  /**
   * The epsilon this update's forward pass computes with for a layer built with {@code requested}:
   * {@link #TF_KERAS2_FUSED} raises it to {@link #FUSED_MIN_EPSILON} as {@code
   * tf.nn.fused_batch_norm} does ({@code requested > 1.001e-5 ? requested : 1.001e-5}), in training
   * and in inference alike; the other updates keep it. Exact (a comparison, no rounding).
   *
   * @throws IllegalArgumentException if {@code requested} is not a finite value {@code >= 0}
   */
  public double epsilon(double requested) {
    if (!(requested >= 0) || Double.isInfinite(requested)) {
      throw new IllegalArgumentException(
          "batch norm: epsilon must be a finite value >= 0 (Keras' default is 1e-3), was "
              + requested);
    }
    if (this == TF_KERAS2_FUSED && !(requested > FUSED_MIN_EPSILON)) {
      return FUSED_MIN_EPSILON;
    }
    return requested;
  }
}
