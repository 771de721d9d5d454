package io.nninit.runtime;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Philox4x32-10 ({@link Philox}) on vectors: one block per 64-bit lane, each of the four words in
 * its own vector, zero-extended, so that the 32 x 32 -> 64-bit products of a round are plain lane
 * multiplies (exact: both factors are below 2^32) and their halves a shift and a mask. Two groups
 * of lanes are in flight per step so that the multiplies of one overlap the rest of the other.
 */
final class VectorPhilox {
  private static final VectorSpecies<Long> LONGS = LongVector.SPECIES_PREFERRED;
  private static final int LANES = LONGS.length();
  private static final long LOW_WORD = 0xFFFF_FFFFL;
  private static final int MANTISSA = 0x7F_FFFF;
  private static final long STEP_0 = Philox.KEY_STEP_0 & LOW_WORD;
  private static final long STEP_1 = Philox.KEY_STEP_1 & LOW_WORD;

  /**
   * Lanes {@code a0, b0, a1, b1, ..} of {@code a.rearrange(FIRST_HALVES, b)}: the first halves of
   * {@code a} and {@code b} interleaved (a negative index takes the lane of the second vector).
   */
  private static final VectorShuffle<Long> FIRST_HALVES =
      VectorShuffle.fromOp(LONGS, i -> i % 2 == 0 ? i / 2 : i / 2 - LANES);

  /** The second halves of {@code a} and {@code b} interleaved. */
  private static final VectorShuffle<Long> SECOND_HALVES =
      VectorShuffle.fromOp(LONGS, i -> i % 2 == 0 ? LANES / 2 + i / 2 : i / 2 - LANES / 2);

  /** {@code 0, 1, .., LANES - 1}. */
  private static final long[] LANE_INDEX = new long[LANES];

  static {
    for (int i = 0; i < LANES; i++) {
      LANE_INDEX[i] = i;
    }
  }

  private VectorPhilox() {}

  /** The width in bits of the CPU's preferred vectors. */
  static int preferredBits() {
    return LONGS.vectorBitSize();
  }

  /** See {@link VectorKernels#uniformBlocks}. */
  static int uniformBlocks(
      float[] out,
      int offset,
      long firstBlock,
      int blocks,
      long key,
      long counterLo,
      long counterHi,
      float minval,
      float range) {
    if (!Float.isFinite(range) || (range != 0 && Math.abs(range) < 0x1p-100f)) {
      return 0; // the scaling below is exact only while range * 2^-23 stays a normal float
    }
    float scale = range * 0x1p-23f;
    LongVector laneIndex = LongVector.fromArray(LONGS, LANE_INDEX, 0);
    int done = 0;
    while (blocks - done >= LANES) {
      long block = firstBlock + done;
      long lo = Philox.addLow(counterLo, block);
      long hi = Philox.addHigh(counterLo, counterHi, block);
      if ((lo & LOW_WORD) > LOW_WORD - (LANES - 1)) {
        break; // a carry out of counter word 0 inside this step: the caller's scalar code takes
        // over
      }
      LongVector c0 = laneIndex.add(lo & LOW_WORD);
      LongVector c1 = LongVector.broadcast(LONGS, lo >>> 32);
      LongVector c2 = LongVector.broadcast(LONGS, hi & LOW_WORD);
      LongVector c3 = LongVector.broadcast(LONGS, hi >>> 32);
      long key0 = key & LOW_WORD;
      long key1 = key >>> 32;
      LongVector p0;
      LongVector p1;
      for (int r = 0; r < Philox.ROUNDS; r++) {
        p0 = c0.mul(Philox.MULTIPLIER_0);
        p1 = c2.mul(Philox.MULTIPLIER_1);
        c0 = mix(p1, c1, key0 + r * STEP_0);
        c1 = p1.and(LOW_WORD);
        c2 = mix(p0, c3, key1 + r * STEP_1);
        c3 = p0.and(LOW_WORD);
      }
      int at = offset + 4 * done;
      // element 4 b + w is word w of lane b: words (0, 1) and (2, 3) as 64-bit lanes, interleaved
      LongVector words01 = c0.or(c1.lanewise(VectorOperators.LSHL, 32));
      LongVector words23 = c2.or(c3.lanewise(VectorOperators.LSHL, 32));
      store(words01.rearrange(FIRST_HALVES, words23), out, at, minval, scale);
      store(words01.rearrange(SECOND_HALVES, words23), out, at + 2 * LANES, minval, scale);
      done += LANES;
    }
    return done;
  }

  /**
   * The new word {@code hi(product) ^ other ^ k} of a round, with the round's key word {@code k}
   * the low 32 bits of {@code keyWord}.
   */
  private static LongVector mix(LongVector product, LongVector other, long keyWord) {
    return product
        .lanewise(VectorOperators.LSHR, 32)
        .lanewise(VectorOperators.XOR, other)
        .lanewise(VectorOperators.XOR, keyWord & LOW_WORD);
  }

  /**
   * {@code U(x) * range + minval} of each 32-bit word {@code x} of {@code words} to {@code out[at
   * ..]}, as {@code k * scale + minval} with {@code k = x & 0x7fffff} and {@code scale = range *
   * 2^-23}: the same float as {@link StatelessUniform}'s {@code (k * 2^-23) * range + minval},
   * because both products are the real {@code k * range * 2^-23} rounded once ({@code k} converts
   * exactly, and scaling by a power of two is exact while the result stays normal, which the caller
   * checked). Fewer operations keep the kernel below C2's inlining node budget, whatever other
   * vector code ran before it.
   */
  private static void store(LongVector words, float[] out, int at, float minval, float scale) {
    ((FloatVector) words.reinterpretAsInts().and(MANTISSA).convert(VectorOperators.I2F, 0))
        .mul(scale)
        .add(minval)
        .intoArray(out, at);
  }
}
