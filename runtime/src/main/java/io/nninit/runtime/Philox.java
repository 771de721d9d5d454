package io.nninit.runtime;

/**
 * Philox4x32-10 as TensorFlow uses it, on a packed representation that needs no arrays: the four
 * 32-bit counter (or output) words {@code c0..c3} travel as two longs, {@code lo = c0 | c1 << 32}
 * and {@code hi = c2 | c3 << 32}; the two key words as {@code key = k0 | k1 << 32}.
 *
 * <p>One round maps {@code (c0, c1, c2, c3)} to {@code (hi(M1*c2) ^ c1 ^ k0, lo(M1*c2), hi(M0*c0) ^
 * c3 ^ k1, lo(M0*c0))}. Its new low half depends only on {@code c1, c2} and its new high half only
 * on {@code c0, c3}, so {@link #roundLow} and {@link #roundHigh} compute the halves independently
 * with one multiply each: a caller keeps the block in two local longs and allocates nothing. The
 * key is raised by {@code (0x9E3779B9, 0xBB67AE85)} between rounds.
 *
 * <p>The 128-bit counter arithmetic ({@link #addLow}, {@link #addHigh}) carries through all four
 * words, like TF's {@code PhiloxRandom::Skip}, so any block index reachable with a 64-bit skip can
 * be generated directly.
 */
final class Philox {
  /** Number of rounds (Philox4x32-10). */
  static final int ROUNDS = 10;

  /** First key word's increment between rounds (golden ratio). */
  static final int KEY_STEP_0 = 0x9E3779B9;

  /** Second key word's increment between rounds (sqrt(3) - 1). */
  static final int KEY_STEP_1 = 0xBB67AE85;

  /**
   * Key with which TF's {@code GenerateKey} scrambles the seed pair: {@code [0x3ec8f720,
   * 0x02461e29]}.
   */
  static final long SEED_SCRAMBLE_KEY = 0x3EC8F720L | (0x02461E29L << 32);

  static final long MULTIPLIER_0 = 0xD2511F53L;
  static final long MULTIPLIER_1 = 0xCD9E8D57L;
  private static final long LOW_WORD = 0xFFFF_FFFFL;

  private Philox() {}

  /**
   * New {@code c0 | c1 << 32} of one round, from the block {@code (lo, hi)} and key word {@code
   * k0}.
   */
  static long roundLow(long lo, long hi, int k0) {
    long product = MULTIPLIER_1 * (hi & LOW_WORD); // exact: both factors < 2^32
    return ((product >>> 32) ^ (lo >>> 32) ^ (k0 & LOW_WORD)) | (product << 32);
  }

  /**
   * New {@code c2 | c3 << 32} of one round, from the block {@code (lo, hi)} and key word {@code
   * k1}.
   */
  static long roundHigh(long lo, long hi, int k1) {
    long product = MULTIPLIER_0 * (lo & LOW_WORD);
    return ((product >>> 32) ^ (hi >>> 32) ^ (k1 & LOW_WORD)) | (product << 32);
  }

  /** Words 0 and 1 of Philox4x32-10 of the counter {@code (lo, hi)} under {@code key}. */
  static long blockLow(long lo, long hi, long key) {
    int k0 = (int) key;
    int k1 = (int) (key >>> 32);
    for (int r = 0; r < ROUNDS; r++) {
      long nextLo = roundLow(lo, hi, k0);
      hi = roundHigh(lo, hi, k1);
      lo = nextLo;
      k0 += KEY_STEP_0;
      k1 += KEY_STEP_1;
    }
    return lo;
  }

  /** Words 2 and 3 of Philox4x32-10 of the counter {@code (lo, hi)} under {@code key}. */
  static long blockHigh(long lo, long hi, long key) {
    int k0 = (int) key;
    int k1 = (int) (key >>> 32);
    for (int r = 0; r < ROUNDS; r++) {
      long nextLo = roundLow(lo, hi, k0);
      hi = roundHigh(lo, hi, k1);
      lo = nextLo;
      k0 += KEY_STEP_0;
      k1 += KEY_STEP_1;
    }
    return hi;
  }

  /**
   * The stream key TF's {@code StatelessRandomGetKeyCounter} derives from a seed pair: words 0 and
   * 1 of Philox of the counter {@code [seed0 lo32, seed0 hi32, seed1 lo32, seed1 hi32]} under
   * {@link #SEED_SCRAMBLE_KEY}.
   */
  static long streamKey(long seed0, long seed1) {
    return blockLow(seed0, seed1, SEED_SCRAMBLE_KEY);
  }

  /**
   * Words 2 and 3 of the stream's initial counter (its words 0 and 1 are zero): words 2 and 3 of
   * the same scramble as {@link #streamKey}.
   */
  static long streamCounterHigh(long seed0, long seed1) {
    return blockHigh(seed0, seed1, SEED_SCRAMBLE_KEY);
  }

  /** Low half of the 128-bit counter {@code (lo, hi) + n}, {@code n} taken as unsigned 64-bit. */
  static long addLow(long lo, long n) {
    return lo + n;
  }

  /**
   * High half of the 128-bit counter {@code (lo, hi) + n}: {@code hi} plus the carry out of the low
   * half.
   */
  static long addHigh(long lo, long hi, long n) {
    return Long.compareUnsigned(lo + n, lo) < 0 ? hi + 1 : hi;
  }

  /** Word {@code w} (0..3) of the block {@code (lo, hi)}. */
  static int word(long lo, long hi, int w) {
    return (int) ((w < 2 ? lo : hi) >>> ((w & 1) << 5));
  }
}
