package io.nninit.runtime;

/**
 * TF's {@code StatelessRandomUniformV2} (float32, Philox) followed by Keras' affine map: element
 * {@code i} of the stream is {@code U(word i % 4 of block i / 4)} with {@code U(x) = (x & 0x7fffff)
 * * 2^-23}, then {@code U * range + minval} as two float32 operations. Exact on every platform:
 * integer operations and exactly rounded float operations only.
 *
 * <p>Speed: the bulk runs two independent Philox blocks per iteration (their rounds interleaved, the counter words as ints, so the two independent
 * multiply chains overlap in the CPU: about twice the speed of one block at a time).
 */
final class StatelessUniform {
  private static final float TWO_POW_MINUS_23 = 0x1p-23f;
  private static final int MANTISSA = 0x7F_FFFF;
  private static final int ELEMENTS_PER_STEP = 8; // two blocks of four words

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
    long end = first + count;
    long alignedFirst = Math.min(end, (first + ELEMENTS_PER_STEP - 1) & -ELEMENTS_PER_STEP);
    long alignedEnd = Math.max(alignedFirst, end & -ELEMENTS_PER_STEP);
    fillSimple(
        out, offset, first, alignedFirst, key, counterLo, counterHi, minval, range);
    fillPairs(
        out,
        offset + (int) (alignedFirst - first),
        alignedFirst >>> 2,
        (int) ((alignedEnd - alignedFirst) / ELEMENTS_PER_STEP),
        key,
        counterLo,
        counterHi,
        minval,
        range);
    fillSimple(
        out,
        offset + (int) (alignedEnd - first),
        alignedEnd,
        end,
        key,
        counterLo,
        counterHi,
        minval,
        range);
  }

  /** Blocks {@code firstBlock .. firstBlock + 2 steps}, two per step, all four words of each. */
  private static void fillPairs(
      float[] out,
      int offset,
      long firstBlock,
      int steps,
      long key,
      long counterLo,
      long counterHi,
      float minval,
      float range) {
    int at = offset;
    long block = firstBlock;
    for (int s = 0; s < steps; s++, block += 2, at += ELEMENTS_PER_STEP) {
      long loA = Philox.addLow(counterLo, block);
      long hiA = Philox.addHigh(counterLo, counterHi, block);
      long loB = Philox.addLow(loA, 1);
      long hiB = Philox.addHigh(loA, hiA, 1);
      int a0 = (int) loA;
      int a1 = (int) (loA >>> 32);
      int a2 = (int) hiA;
      int a3 = (int) (hiA >>> 32);
      int b0 = (int) loB;
      int b1 = (int) (loB >>> 32);
      int b2 = (int) hiB;
      int b3 = (int) (hiB >>> 32);
      int k0 = (int) key;
      int k1 = (int) (key >>> 32);
      // Philox.ROUNDS rounds of both blocks, interleaved (see Philox#roundLow for one round)
      for (int r = 0; r < Philox.ROUNDS; r++) {
        long pa0 = Philox.MULTIPLIER_0 * Integer.toUnsignedLong(a0);
        long pa2 = Philox.MULTIPLIER_1 * Integer.toUnsignedLong(a2);
        long pb0 = Philox.MULTIPLIER_0 * Integer.toUnsignedLong(b0);
        long pb2 = Philox.MULTIPLIER_1 * Integer.toUnsignedLong(b2);
        a0 = (int) (pa2 >>> 32) ^ a1 ^ k0;
        a1 = (int) pa2;
        a2 = (int) (pa0 >>> 32) ^ a3 ^ k1;
        a3 = (int) pa0;
        b0 = (int) (pb2 >>> 32) ^ b1 ^ k0;
        b1 = (int) pb2;
        b2 = (int) (pb0 >>> 32) ^ b3 ^ k1;
        b3 = (int) pb0;
        k0 += Philox.KEY_STEP_0;
        k1 += Philox.KEY_STEP_1;
      }
      out[at] = (a0 & MANTISSA) * TWO_POW_MINUS_23 * range + minval;
      out[at + 1] = (a1 & MANTISSA) * TWO_POW_MINUS_23 * range + minval;
      out[at + 2] = (a2 & MANTISSA) * TWO_POW_MINUS_23 * range + minval;
      out[at + 3] = (a3 & MANTISSA) * TWO_POW_MINUS_23 * range + minval;
      out[at + 4] = (b0 & MANTISSA) * TWO_POW_MINUS_23 * range + minval;
      out[at + 5] = (b1 & MANTISSA) * TWO_POW_MINUS_23 * range + minval;
      out[at + 6] = (b2 & MANTISSA) * TWO_POW_MINUS_23 * range + minval;
      out[at + 7] = (b3 & MANTISSA) * TWO_POW_MINUS_23 * range + minval;
    }
  }

  /** Elements {@code [element, end)}, one block at a time (heads and tails). */
  private static void fillSimple(
      float[] out,
      int offset,
      long first,
      long end,
      long key,
      long counterLo,
      long counterHi,
      float minval,
      float range) {
    int keyLow = (int) key;
    int keyHigh = (int) (key >>> 32);
    long element = first;
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
        float u = (Philox.word(lo, hi, w) & MANTISSA) * TWO_POW_MINUS_23;
        out[at++] = u * range + minval; // two float32 roundings; Java never fuses them
      }
    }
  }
}
