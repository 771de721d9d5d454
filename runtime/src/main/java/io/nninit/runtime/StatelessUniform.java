package io.nninit.runtime;

/**
 * TF's {@code StatelessRandomUniformV2} (float32, Philox) followed by Keras' affine map: element
 * {@code i} of the stream is {@code U(word i % 4 of block i / 4)} with {@code U(x) = (x & 0x7fffff)
 * * 2^-23}, then {@code U * range + minval} as two float32 operations. Exact on every platform:
 * integer operations and exactly rounded float operations only.
 *
 * <p>Speed: the bulk runs four independent Philox blocks per iteration ({@link #fillQuads}), about
 * 2.2 times the speed of one block at a time; on JDK 21+ with the Vector API ({@link
 * VectorKernels}), one block per vector lane, with the same bits.
 */
final class StatelessUniform {
  private static final float TWO_POW_MINUS_23 = 0x1p-23f;
  private static final int MANTISSA = 0x7F_FFFF;
  private static final int ONE_BITS = 0x3F80_0000; // Float.floatToRawIntBits(1.0f)
  private static final int BLOCKS_PER_STEP = 4;
  private static final int ELEMENTS_PER_STEP = 4 * BLOCKS_PER_STEP;

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
    fillSimple(out, offset, first, alignedFirst, key, counterLo, counterHi, minval, range);
    int bulkOffset = offset + (int) (alignedFirst - first);
    long bulkBlock = alignedFirst >>> 2;
    int bulkBlocks = (int) ((alignedEnd - alignedFirst) >>> 2);
    if (VectorKernels.available()) {
      int done =
          VectorKernels.uniformBlocks(
              out, bulkOffset, bulkBlock, bulkBlocks, key, counterLo, counterHi, minval, range);
      bulkOffset += 4 * done;
      bulkBlock += done;
      bulkBlocks -= done;
    }
    fillQuads(
        out,
        bulkOffset,
        bulkBlock,
        bulkBlocks / BLOCKS_PER_STEP,
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

  /**
   * Blocks {@code firstBlock ..} four per step, all four words of each: their rounds interleaved,
   * the counter words as ints, so that eight independent multiply chains overlap in the CPU.
   */
  private static void fillQuads(
      float[] out,
      int offset,
      long firstBlock,
      int steps,
      long key,
      long counterLo,
      long counterHi,
      float minval,
      float range) {
    long block = firstBlock;
    int limit = offset + steps * ELEMENTS_PER_STEP;
    // `at` is the loop variable, so that the JIT hoists the range checks of the stores
    for (int at = offset; at < limit; at += ELEMENTS_PER_STEP, block += BLOCKS_PER_STEP) {
      long loa = Philox.addLow(counterLo, block + 0);
      long hia = Philox.addHigh(counterLo, counterHi, block + 0);
      int a0 = (int) loa;
      int a1 = (int) (loa >>> 32);
      int a2 = (int) hia;
      int a3 = (int) (hia >>> 32);
      long lob = Philox.addLow(counterLo, block + 1);
      long hib = Philox.addHigh(counterLo, counterHi, block + 1);
      int b0 = (int) lob;
      int b1 = (int) (lob >>> 32);
      int b2 = (int) hib;
      int b3 = (int) (hib >>> 32);
      long loc = Philox.addLow(counterLo, block + 2);
      long hic = Philox.addHigh(counterLo, counterHi, block + 2);
      int c0 = (int) loc;
      int c1 = (int) (loc >>> 32);
      int c2 = (int) hic;
      int c3 = (int) (hic >>> 32);
      long lod = Philox.addLow(counterLo, block + 3);
      long hid = Philox.addHigh(counterLo, counterHi, block + 3);
      int d0 = (int) lod;
      int d1 = (int) (lod >>> 32);
      int d2 = (int) hid;
      int d3 = (int) (hid >>> 32);
      int k0 = (int) key;
      int k1 = (int) (key >>> 32);
      for (int r = 0; r < Philox.ROUNDS; r++) { // see Philox#roundLow for one round
        long pa0 = Philox.MULTIPLIER_0 * Integer.toUnsignedLong(a0);
        long pa2 = Philox.MULTIPLIER_1 * Integer.toUnsignedLong(a2);
        a0 = (int) (pa2 >>> 32) ^ a1 ^ k0;
        a1 = (int) pa2;
        a2 = (int) (pa0 >>> 32) ^ a3 ^ k1;
        a3 = (int) pa0;
        long pb0 = Philox.MULTIPLIER_0 * Integer.toUnsignedLong(b0);
        long pb2 = Philox.MULTIPLIER_1 * Integer.toUnsignedLong(b2);
        b0 = (int) (pb2 >>> 32) ^ b1 ^ k0;
        b1 = (int) pb2;
        b2 = (int) (pb0 >>> 32) ^ b3 ^ k1;
        b3 = (int) pb0;
        long pc0 = Philox.MULTIPLIER_0 * Integer.toUnsignedLong(c0);
        long pc2 = Philox.MULTIPLIER_1 * Integer.toUnsignedLong(c2);
        c0 = (int) (pc2 >>> 32) ^ c1 ^ k0;
        c1 = (int) pc2;
        c2 = (int) (pc0 >>> 32) ^ c3 ^ k1;
        c3 = (int) pc0;
        long pd0 = Philox.MULTIPLIER_0 * Integer.toUnsignedLong(d0);
        long pd2 = Philox.MULTIPLIER_1 * Integer.toUnsignedLong(d2);
        d0 = (int) (pd2 >>> 32) ^ d1 ^ k0;
        d1 = (int) pd2;
        d2 = (int) (pd0 >>> 32) ^ d3 ^ k1;
        d3 = (int) pd0;
        k0 += Philox.KEY_STEP_0;
        k1 += Philox.KEY_STEP_1;
      }
      out[at + 0] = unit(a0) * range + minval;
      out[at + 1] = unit(a1) * range + minval;
      out[at + 2] = unit(a2) * range + minval;
      out[at + 3] = unit(a3) * range + minval;
      out[at + 4] = unit(b0) * range + minval;
      out[at + 5] = unit(b1) * range + minval;
      out[at + 6] = unit(b2) * range + minval;
      out[at + 7] = unit(b3) * range + minval;
      out[at + 8] = unit(c0) * range + minval;
      out[at + 9] = unit(c1) * range + minval;
      out[at + 10] = unit(c2) * range + minval;
      out[at + 11] = unit(c3) * range + minval;
      out[at + 12] = unit(d0) * range + minval;
      out[at + 13] = unit(d1) * range + minval;
      out[at + 14] = unit(d2) * range + minval;
      out[at + 15] = unit(d3) * range + minval;
    }
  }

  /**
   * {@code U(x) = (x & 0x7fffff) * 2^-23}, exactly, as {@code (1 + k 2^-23) - 1} from the float
   * bits (the subtraction is exact): no int-to-float conversion.
   */
  private static float unit(int x) {
    return Float.intBitsToFloat((x & MANTISSA) | ONE_BITS) - 1.0f;
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
