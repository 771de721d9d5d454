package io.nninit.runtime;

/**
 * TF's {@code StatelessTruncatedNormalV2} (float32, Philox) followed by Keras' affine map. Elements
 * come in groups of four; group {@code g} reads the stream from counter {@code + 256 g} (TF
 * reserves 256 samples per output), a word pair at a time: each pair gives {@code (f0, f1)} ({@link
 * BoxMuller}), and {@code f0}, then {@code f1}, is kept if {@code |f| < 2} until four are kept (a
 * group that completes on {@code f0} drops its {@code f1}). Kept values are not rescaled; each
 * becomes {@code z * stddev + mean} in float32. Bit-exact with TF on Linux/glibc.
 *
 * <p>Speed: the first blocks of two groups at once, their rounds interleaved; on JDK 21+ with the
 * Vector API ({@link VectorKernels}), one group per vector lane: the first blocks, then together
 * the first word pairs of the second blocks of the groups (about 17%) that need more, with the same
 * bits; {@link #finishGroup} completes the rare group that needs more still.
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
    long shift = offset - first;
    while (element < end && (element & (2 * GROUP_SIZE - 1)) != 0) {
      element = fillGroup(out, shift, element, end, key, counterLo, counterHi, mean, stddev);
    }
    if (VectorKernels.available()) {
      long groups = (end - element) / GROUP_SIZE; // below 2^31: count is an int
      int done =
          VectorKernels.truncatedGroups(
              out,
              (int) (shift + element),
              element / GROUP_SIZE,
              (int) groups,
              key,
              counterLo,
              counterHi,
              mean,
              stddev);
      element += (long) GROUP_SIZE * done; // done is even: element stays a multiple of 8
    }
    while (end - element >= 2 * GROUP_SIZE) {
      element = fillGroupPair(out, shift, element, key, counterLo, counterHi, mean, stddev);
    }
    while (element < end) {
      element = fillGroup(out, shift, element, end, key, counterLo, counterHi, mean, stddev);
    }
  }

  /**
   * Groups {@code element / 4} and the next, {@code element} their first element: the first Philox
   * block of both at once (rounds interleaved as in {@link StatelessNormal}). A group whose first
   * block gives four values inside the bound (about 83% of groups) is written here; the other is
   * completed by {@link #finishGroup}. Returns the first element not written.
   */
  private static long fillGroupPair(
      float[] out,
      long shift,
      long element,
      long key,
      long counterLo,
      long counterHi,
      float mean,
      float stddev) {
    long skipA = (element / GROUP_SIZE) << BLOCKS_PER_GROUP_LOG2;
    long skipB = skipA + (1L << BLOCKS_PER_GROUP_LOG2);
    long loA = Philox.addLow(counterLo, skipA);
    long hiA = Philox.addHigh(counterLo, counterHi, skipA);
    long loB = Philox.addLow(counterLo, skipB);
    long hiB = Philox.addHigh(counterLo, counterHi, skipB);
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
    int at = (int) (shift + element);
    long group = element / GROUP_SIZE;
    if (inside(p0) && inside(p1)) {
      out[at] = BoxMuller.sine(p0) * stddev + mean;
      out[at + 1] = BoxMuller.cosine(p0) * stddev + mean;
      out[at + 2] = BoxMuller.sine(p1) * stddev + mean;
      out[at + 3] = BoxMuller.cosine(p1) * stddev + mean;
    } else {
      finishGroup(out, at, p0, p1, group, key, counterLo, counterHi, mean, stddev);
    }
    if (inside(p2) && inside(p3)) {
      out[at + 4] = BoxMuller.sine(p2) * stddev + mean;
      out[at + 5] = BoxMuller.cosine(p2) * stddev + mean;
      out[at + 6] = BoxMuller.sine(p3) * stddev + mean;
      out[at + 7] = BoxMuller.cosine(p3) * stddev + mean;
    } else {
      finishGroup(out, at + GROUP_SIZE, p2, p3, group + 1, key, counterLo, counterHi, mean, stddev);
    }
    return element + 2 * GROUP_SIZE;
  }

  /**
   * Completes group {@code group}, written from {@code out[at]}, whose first block gave the pairs
   * {@code first, second} with fewer than four values inside the bound: keeps those, then reads the
   * group's next blocks until four are kept.
   */
  static void finishGroup(
      float[] out,
      int at,
      long first,
      long second,
      long group,
      long key,
      long counterLo,
      long counterHi,
      float mean,
      float stddev) {
    int kept = 0;
    kept = keep(out, at, kept, BoxMuller.sine(first), mean, stddev);
    kept = keep(out, at, kept, BoxMuller.cosine(first), mean, stddev);
    kept = keep(out, at, kept, BoxMuller.sine(second), mean, stddev);
    kept = keep(out, at, kept, BoxMuller.cosine(second), mean, stddev);
    long skip = group << BLOCKS_PER_GROUP_LOG2;
    long startLo = Philox.addLow(counterLo, skip);
    long startHi = Philox.addHigh(counterLo, counterHi, skip);
    for (long block = 1; kept < GROUP_SIZE; block++) {
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
      for (int w = 0; w < 4 && kept < GROUP_SIZE; w += 2) {
        long pair = BoxMuller.pair(Philox.word(lo, hi, w), Philox.word(lo, hi, w + 1));
        kept = keep(out, at, kept, BoxMuller.sine(pair), mean, stddev);
        if (kept < GROUP_SIZE) { // a group that completes on f0 drops its f1
          kept = keep(out, at, kept, BoxMuller.cosine(pair), mean, stddev);
        }
      }
    }
  }

  /** Writes {@code z} as the next kept value if it lies inside the bound; the new kept count. */
  private static int keep(float[] out, int at, int kept, float z, float mean, float stddev) {
    if (Math.abs(z) < BOUND) {
      out[at + kept] = z * stddev + mean;
      return kept + 1;
    }
    return kept;
  }

  /** Whether both values of a packed Box-Muller pair lie strictly inside (-2, 2). */
  private static boolean inside(long pair) {
    return Math.abs(BoxMuller.sine(pair)) < BOUND && Math.abs(BoxMuller.cosine(pair)) < BOUND;
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
