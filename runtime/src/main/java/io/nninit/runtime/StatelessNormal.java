package io.nninit.runtime;

/**
 * TF's {@code StatelessRandomNormalV2} (float32, Philox) followed by Keras' affine map: block
 * {@code b = (x0, x1, x2, x3)} gives elements {@code 4b..4b+3} = {@code f0(x0, x1), f1(x0, x1),
 * f0(x2, x3), f1(x2, x3)} ({@link BoxMuller}), each then {@code z * stddev + mean} as two float32
 * operations. Bit-exact with TF on Linux/glibc, see {@link GlibcFloatMath}.
 *
 * <p>Speed: the bulk runs two Philox blocks at a time, their rounds interleaved and the counter
 * words kept as ints (two independent multiply chains overlap in the CPU), then four Box-Muller
 * pairs in straight-line code, so that their independent table lookups overlap too. On JDK 21+ with
 * the Vector API ({@link VectorKernels}), one block per vector lane, with the same bits.
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
    long end = first + count;
    long alignedFirst = Math.min(end, (first + 7) & -8L);
    long alignedEnd = Math.max(alignedFirst, end & -8L);
    fillSimple(out, offset, first, alignedFirst, key, counterLo, counterHi, mean, stddev);
    int at = offset + (int) (alignedFirst - first);
    int limit = at + (int) (alignedEnd - alignedFirst);
    long block = alignedFirst >>> 2;
    if (VectorKernels.available()) {
      int done =
          VectorKernels.normalBlocks(
              out, at, block, (limit - at) / 4, key, counterLo, counterHi, mean, stddev);
      at += 4 * done; // done is a multiple of the vector length, so of the 2 blocks below
      block += done;
    }
    // `at` is the loop variable, so that the JIT hoists the range checks of the stores
    for (; at < limit; at += 8, block += 2) {
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
      long p0 = BoxMuller.pair(a0, a1);
      long p1 = BoxMuller.pair(a2, a3);
      long p2 = BoxMuller.pair(b0, b1);
      long p3 = BoxMuller.pair(b2, b3);
      out[at] = BoxMuller.sine(p0) * stddev + mean;
      out[at + 1] = BoxMuller.cosine(p0) * stddev + mean;
      out[at + 2] = BoxMuller.sine(p1) * stddev + mean;
      out[at + 3] = BoxMuller.cosine(p1) * stddev + mean;
      out[at + 4] = BoxMuller.sine(p2) * stddev + mean;
      out[at + 5] = BoxMuller.cosine(p2) * stddev + mean;
      out[at + 6] = BoxMuller.sine(p3) * stddev + mean;
      out[at + 7] = BoxMuller.cosine(p3) * stddev + mean;
    }
    fillSimple(
        out,
        offset + (int) (alignedEnd - first),
        alignedEnd,
        end,
        key,
        counterLo,
        counterHi,
        mean,
        stddev);
  }

  private static void fillSimple(
      float[] out,
      int offset,
      long first,
      long end,
      long key,
      long counterLo,
      long counterHi,
      float mean,
      float stddev) {
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
