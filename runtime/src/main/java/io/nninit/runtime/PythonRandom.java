package io.nninit.runtime;

/**
 * Python's {@code random} module as far as Keras' default seeds need it: MT19937 seeded like {@code
 * random.seed(int)} ({@code init_by_array} over the integer's 32-bit words) and {@code
 * random.randint}. After {@code seed(123)}, {@code randint(1, 10**9)} gives 56224986, 287416173,
 * 93615980, 825660640. Allocate once; nothing allocates afterwards.
 *
 * <p>Exact: the same integers as CPython 3 for every seed in {@code [0, 2^32)}. Mutable and not
 * thread-safe, like a {@code random.Random} instance.
 */
public final class PythonRandom {
  private static final long SEED_LIMIT = 1L << 32;
  private static final int DEFAULT_SEED_BITS = 30; // (10**9).bit_length()
  private static final int DEFAULT_SEED_BOUND = 1_000_000_000;

  private final Mt19937 generator = new Mt19937();

  /** An unseeded generator; call {@link #seed(long)} before drawing. */
  public PythonRandom() {}

  /**
   * {@code random.seed(seed)} for a seed in {@code [0, 2^32)}: {@code init_by_array} with the key
   * {@code [seed]} (seed 0 is the key {@code [0]}, as in CPython).
   *
   * @throws IllegalArgumentException for any other seed, before the state changes
   */
  public void seed(long seed) {
    if (seed < 0 || seed >= SEED_LIMIT) {
      throw new IllegalArgumentException(
          "Python seed "
              + seed
              + " is outside [0, 2^32) = [0, 4294967295]; pass a seed in that range");
    }
    generator.seedByOneWordKey((int) seed);
  }

  /**
   * {@code random.randint(1, 10**9)}: the seed Keras' {@code make_default_seed()} draws, {@code 1 +
   * r} with {@code r = getrandbits(30)} drawn again while {@code r >= 10**9}.
   *
   * @throws IllegalStateException if {@link #seed(long)} was never called
   */
  public long kerasDefaultSeed() {
    if (!generator.seeded()) {
      throw new IllegalStateException("PythonRandom is not seeded; call seed(long) first");
    }
    int r;
    do {
      r = getrandbits(DEFAULT_SEED_BITS);
    } while (r >= DEFAULT_SEED_BOUND);
    return 1L + r;
  }

  /** {@code getrandbits(bits)} for {@code 1 <= bits <= 31}: the top bits of one 32-bit output. */
  private int getrandbits(int bits) {
    return generator.nextInt() >>> (32 - bits);
  }
}
