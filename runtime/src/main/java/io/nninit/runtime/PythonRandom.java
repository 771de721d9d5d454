package io.nninit.runtime;

/**
 * Python's {@code random} module as far as Keras' default seeds need it: MT19937 seeded like {@code
 * random.seed(int)} ({@code init_by_array} over the integer's 32-bit words) and {@code
 * random.randint}. After {@code seed(123)}, {@code randint(1, 10**9)} gives 56224986, 287416173,
 * 93615980, 825660640. Allocate once; nothing allocates afterwards.
 */
public final class PythonRandom {
  /** An unseeded generator; call {@link #seed(long)} before drawing. */
  public PythonRandom() {
    throw new UnsupportedOperationException("implemented by the Keras-stream work");
  }

  /**
   * {@code random.seed(seed)} for a seed in {@code [0, 2^32)}.
   *
   * @throws IllegalArgumentException for any other seed, before the state changes
   */
  public void seed(long seed) {
    throw new UnsupportedOperationException("implemented by the Keras-stream work");
  }

  /** {@code random.randint(1, 10**9)}: the seed Keras' {@code make_default_seed()} draws. */
  public long kerasDefaultSeed() {
    throw new UnsupportedOperationException("implemented by the Keras-stream work");
  }
}
