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
   * The update a Keras flavor applies to an input of rank {@code inputRank} (batch axis included):
   * Keras 3 always {@link #KERAS3}; tf.keras 2 the fused path on 4-D and 5-D inputs, the non-fused
   * one otherwise.
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
}
