package io.nninit.runtime;

/**
 * TF's {@code StatelessRandomUniformV2} (float32, Philox) followed by Keras' affine map: element
 * {@code i} of the stream is {@code U(word i % 4 of block i / 4)} with {@code U(x) = (x & 0x7fffff)
 * * 2^-23}, then {@code U * range + minval} as two float32 operations. Exact on every platform:
 * integer operations and exactly rounded float operations only.
 */
final class StatelessUniform {
  private static final float TWO_POW_MINUS_23 = 0x1p-23f;

  private StatelessUniform() {}

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
      float minval,
      float range) {
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
      for (int w = (int) (element & 3); w < 4 && element < end; w++, element++) {
        float u = (Philox.word(lo, hi, w) & 0x7F_FFFF) * TWO_POW_MINUS_23;
        out[at++] = u * range + minval; // two float32 roundings; Java never fuses them
      }
    }
  }
}
