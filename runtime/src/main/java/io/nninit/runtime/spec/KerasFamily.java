package io.nninit.runtime.spec;

/**
 * The Keras initializer classes nninit reproduces (each with its aliases in {@link
 * KerasInitializers}).
 */
public enum KerasFamily {
  /** {@code Zeros}. */
  ZEROS,
  /** {@code Ones}. */
  ONES,
  /** {@code Constant(value=0.0)}. */
  CONSTANT,
  /** {@code Identity(gain=1.0)}: rank-2 shapes only. */
  IDENTITY,
  /** {@code RandomUniform(minval=-0.05, maxval=0.05, seed=None)}. */
  RANDOM_UNIFORM,
  /** {@code RandomNormal(mean=0.0, stddev=0.05, seed=None)}. */
  RANDOM_NORMAL,
  /** {@code TruncatedNormal(mean=0.0, stddev=0.05, seed=None)}. */
  TRUNCATED_NORMAL,
  /**
   * {@code VarianceScaling(scale=1.0, mode='fan_in', distribution='truncated_normal', seed=None)}
   * and its presets (Glorot, He, LeCun).
   */
  VARIANCE_SCALING,
  /** {@code Orthogonal(gain=1.0, seed=None)}: rank 2 or more. */
  ORTHOGONAL;

  /**
   * Whether the class is one of Keras' {@code RandomInitializer}s: constructing it without a seed
   * draws a default seed ({@code random.randint(1, 10**9)}).
   */
  public boolean isRandom() {
    return this != ZEROS && this != ONES && this != CONSTANT && this != IDENTITY;
  }
}
