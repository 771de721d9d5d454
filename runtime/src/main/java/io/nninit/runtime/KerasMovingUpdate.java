package io.nninit.runtime;

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
   * tf.keras 2 on other ranks (the non-fused path): {@code moving = moving - (moving - batch) * (1 -
   * momentum)} with the biased batch variance.
   */
  TF_KERAS2_NONFUSED
}
