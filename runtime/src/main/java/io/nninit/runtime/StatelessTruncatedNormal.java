package io.nninit.runtime;

/**
 * TF's {@code StatelessTruncatedNormalV2} (float32, Philox) followed by Keras' affine map. Elements
 * come in groups of four; group {@code g} reads the stream from counter {@code + 256 g} (TF reserves
 * 256 samples per output), a word pair at a time: each pair gives {@code (f0, f1)} ({@link
 * BoxMuller}), and {@code f0}, then {@code f1}, is kept if {@code |f| < 2} until four are kept (a
 * group that completes on {@code f0} drops its {@code f1}). Kept values are not rescaled; each
 * becomes {@code z * stddev + mean} in float32. Bit-exact with TF on Linux/glibc.
 */
final class StatelessTruncatedNormal {
  private static final int GROUP_SIZE = 4;
  private static final int BLOCKS_PER_GROUP_LOG2 = 8; // 4 outputs * 256 samples / 4 words per block
  private static final float BOUND = 2.0f;

  private StatelessTruncatedNormal() {}

  /**
   * Writes elements {@code [first, first + count)} of the stream {@code (key, counterLo,
   * counterHi)} to {@code out[offset..offset + count)}. Arguments are not checked here; {@code
   * first + count} must stay below 2^56 so that {@code 256 g} fits a 64-bit skip.
   */
  static void fill(
      float[] out,
      int offset,
      int count,
      long first,
      long key,
      long counterLo,
      long counterHi,
      float mean,
      float stddev) {
    long element = first;
    long end = first + count;
    while (element < end) {
      element =
          fillGroup(out, offset - first, element, end, key, counterLo, counterHi, mean, stddev);
    }
  }

  /**
   * Runs the group that holds {@code element}, writes its elements from {@code element} on (up to
   * {@code end}) to {@code out[shift + element]}, and returns the first element not written.
   */
  private static long fillGroup(
      float[] out,
      long shift,
      long element,
      long end,
      long key,
      long counterLo,
      long counterHi,
      float mean,
      float stddev) {
    long group = element / GROUP_SIZE;
    long groupFirst = group * GROUP_SIZE;
    long skip = group << BLOCKS_PER_GROUP_LOG2;
    long startLo = Philox.addLow(counterLo, skip);
    long startHi = Philox.addHigh(counterLo, counterHi, skip);
    int kept = 0;
    for (long block = 0; ; block++) {
      long lo = Philox.addLow(startLo, block);
      long hi = Philox.addHigh(startLo, startHi, block);
      int k0 = (int) key;
      int k1 = (int) (key >>> 32);
      for (int r = 0; r < Philox.ROUNDS; r++) {
        long nextLo = Philox.roundLow(lo, hi, k0);
        hi = Philox.roundHigh(lo, hi, k1);
        lo = nextLo;
        k0 += Philox.KEY_STEP_0;
        k1 += Philox.KEY_STEP_1;
      }
      for (int w = 0; w < 4; w += 2) {
        long pair = BoxMuller.pair(Philox.word(lo, hi, w), Philox.word(lo, hi, w + 1));
        for (int branch = 0; branch < 2; branch++) {
          float z = branch == 0 ? BoxMuller.sine(pair) : BoxMuller.cosine(pair);
          if (Math.abs(z) < BOUND) {
            if (groupFirst + kept == element) {
              out[(int) (shift + element)] = z * stddev + mean;
              element++;
            }
            kept++;
            if (kept == GROUP_SIZE || element == end) {
              return element;
            }
          }
        }
      }
    }
  }
}
