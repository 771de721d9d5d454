package io.nninit.runtime;

/**
 * TF's {@code StatelessRandomNormalV2} (float32, Philox) followed by Keras' affine map: block
 * {@code b = (x0, x1, x2, x3)} gives elements {@code 4b..4b+3} = {@code f0(x0, x1), f1(x0, x1),
 * f0(x2, x3), f1(x2, x3)} ({@link BoxMuller}), each then {@code z * stddev + mean} as two float32
 * operations. Bit-exact with TF on Linux/glibc, see {@link GlibcFloatMath}.
 */
final class StatelessNormal {
  private StatelessNormal() {}

  /**
   * Writes elements {@code [first, first + count)} of the stream {@code (key, counterLo,
   * counterHi)} to {@code out[offset..offset + count)}. Arguments are not checked here.
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
    int keyLow = (int) key;
    int keyHigh = (int) (key >>> 32);
    long element = first;
    long end = first + count;
    int at = offset;
    while (element < end) {
      long block = element >>> 2;
      long lo = Philox.addLow(counterLo, block);
      long hi = Philox.addHigh(counterLo, counterHi, block);
      int k0 = keyLow;
      int k1 = keyHigh;
      for (int r = 0; r < Philox.ROUNDS; r++) {
        long nextLo = Philox.roundLow(lo, hi, k0);
        hi = Philox.roundHigh(lo, hi, k1);
        lo = nextLo;
        k0 += Philox.KEY_STEP_0;
        k1 += Philox.KEY_STEP_1;
      }
      long blockFirst = block << 2;
      for (int w = (int) (element - blockFirst) & ~1; w < 4 && element < end; w += 2) {
        long pair = BoxMuller.pair(Philox.word(lo, hi, w), Philox.word(lo, hi, w + 1));
        if (element == blockFirst + w) {
          out[at++] = BoxMuller.sine(pair) * stddev + mean;
          element++;
        }
        if (element < end) {
          out[at++] = BoxMuller.cosine(pair) * stddev + mean;
          element++;
        }
      }
    }
  }
}
