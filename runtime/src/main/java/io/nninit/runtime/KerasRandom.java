package io.nninit.runtime;

import io.nninit.annotation.KerasFlavor;

/**
 * The random streams Keras uses on the TensorFlow backend, reproduced bit for bit: TF's stateless
 * Philox4x32-10 ops {@code StatelessRandomUniformV2}, {@code StatelessRandomNormalV2} and {@code
 * StatelessTruncatedNormalV2} followed by Keras' float32 affine map. Every method fills {@code
 * count} elements of {@code out} starting at {@code offset}, allocates nothing and is
 * deterministic: the same arguments give the same bits on every call and every machine.
 *
 * <p>A seed pair {@code (seed0, seed1)} is what TF's {@code StatelessRandomGetKeyCounter} receives
 * (as signed 64-bit values; int32 seeds sign-extended); Keras always passes {@code seed1 = 0}, and
 * {@link #seedPairFirst(long, KerasFlavor)} gives {@code seed0} for an integer {@code seed=}.
 */
public final class KerasRandom {
  private KerasRandom() {}

  /**
   * The first element of the stateless seed pair that Keras builds from the integer seed {@code
   * seed} ({@code ../reference/keras.md} §1): {@link KerasFlavor#KERAS3} takes {@code floormod(seed,
   * 2147483646)}, {@link KerasFlavor#TF_KERAS2} takes the seed unchanged.
   */
  public static long seedPairFirst(long seed, KerasFlavor flavor) {
    throw new UnsupportedOperationException("implemented by the Keras-stream work");
  }

  /** {@code keras.random.uniform}: {@code u * range + minval} in float32, u uniform in [0, 1). */
  public static void uniform(
      float[] out, int offset, int count, long seed0, long seed1, float minval, float range) {
    throw new UnsupportedOperationException("implemented by the Keras-stream work");
  }

  /** {@code keras.random.normal}: {@code z * stddev + mean} in float32, z standard normal. */
  public static void normal(
      float[] out, int offset, int count, long seed0, long seed1, float mean, float stddev) {
    throw new UnsupportedOperationException("implemented by the Keras-stream work");
  }

  /**
   * {@code keras.random.truncated_normal}: {@code z * stddev + mean} in float32, z standard normal
   * restricted to (-2, 2) by rejection, not rescaled.
   */
  public static void truncatedNormal(
      float[] out, int offset, int count, long seed0, long seed1, float mean, float stddev) {
    throw new UnsupportedOperationException("implemented by the Keras-stream work");
  }
}
