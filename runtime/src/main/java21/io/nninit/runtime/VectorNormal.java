package io.nninit.runtime;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The bulks of {@link StatelessNormal} and {@link StatelessTruncatedNormal} on vectors, with the
 * scalar code's bits: Philox blocks one per 64-bit lane (as in {@link VectorPhilox}), then {@link
 * BoxMuller#pair} one word pair per lane, then the float affine map.
 *
 * <p><b>Exact.</b> The Box-Muller lanes repeat the double steps of {@link BoxMullerMath} in the
 * same order (lanewise add, multiply, FMA, square root and conversions are exactly rounded, so
 * every intermediate is the scalar one) and round to float; where {@link GlibcFloatMath}'s filters
 * list a lane's k (about 3% of pairs), glibc's value from its table (only the lanes whose double
 * result lies near a float midpoint, about 6.6% for the log and 12.2% for the sine and cosine, can
 * be listed, so only they test the filters); then the float square root and multiplies of {@link
 * BoxMuller}. The truncated normal keeps values in TF's order, as {@link StatelessTruncatedNormal}
 * does, from the groups' first blocks and, for the groups (about 17%) that need more, the first
 * word pair of their second blocks, also computed on vectors ({@link #accept}).
 *
 * <p><b>Shape of the code.</b> A chunk of {@link #TILE_UNITS} units at a time goes through phases,
 * each a loop of its own over the chunk's part of {@code out} and the per-thread {@link Scratch}
 * (in the L1 and L2 caches): the raw Philox words ({@link #words}), the logs ({@link #logs}), the
 * sines and cosines ({@link #sincos}), each with its lanes near a midpoint, the filter tests of
 * those and glibc's values where listed ({@link #fixListed}, scalar), the products ({@link
 * #scale}), and for the truncated normal the bound test ({@link #accept}). C2 keeps vectors in
 * registers only within one compiled method and stops inlining at a node budget (about 40 Vector
 * API operations) that the whole Box-Muller in one loop exceeds, after which the vectors are boxed
 * at every operation (measured: 20 times slower); each phase stays well inside it. The filter words
 * come from the L2 or L3 cache: no branch depends on them, so that the misses of consecutive lanes
 * overlap. The table lookups in the vector loops (log centers, sines and cosines of the sectors,
 * midpoint bounds) are gathers, which the Vector API takes from an {@code int[]} of indices: it
 * lives in the per-thread {@link Scratch}, allocated once per thread.
 */
final class VectorNormal {
  private static final VectorSpecies<Long> LONGS = LongVector.SPECIES_PREFERRED;
  static final int LANES = LONGS.length();
  private static final VectorSpecies<Float> FLOATS =
      VectorSpecies.of(float.class, LONGS.vectorShape());
  private static final VectorSpecies<Double> DOUBLES =
      VectorSpecies.of(double.class, LONGS.vectorShape());
  private static final VectorSpecies<Integer> INTS =
      VectorSpecies.of(int.class, LONGS.vectorShape());
  private static final VectorShape HALF = VectorShape.forBitSize(LONGS.vectorBitSize() / 2);
  private static final VectorSpecies<Float> HALF_FLOATS = VectorSpecies.of(float.class, HALF);
  private static final VectorSpecies<Integer> HALF_INTS = VectorSpecies.of(int.class, HALF);

  /** Units per chunk (16 KiB of output; the per-thread scratch is about 160 KiB): measured best. */
  static final int TILE_UNITS = 1024;

  private static final long LOW_WORD = 0xFFFF_FFFFL;
  private static final long STEP_0 = Philox.KEY_STEP_0 & LOW_WORD;
  private static final long STEP_1 = Philox.KEY_STEP_1 & LOW_WORD;
  private static final long MANTISSA = 0x7F_FFFF;
  private static final long DOUBLE_MANTISSA = 0xF_FFFF_FFFF_FFFFL;
  private static final long DOUBLE_ONE_BITS = 0x3FF0_0000_0000_0000L;
  private static final long BELOW_FLOAT = (1L << 29) - 1; // GlibcFloatMath#midpointDistance
  private static final long MIDPOINT = 1L << 28;
  private static final double LOG_ARGUMENT_FLOOR = 1.0e-7f; // GlibcFloatMath#logArgument
  private static final double TWO_PI = 2.0 * Math.PI; // GlibcFloatMath#angle
  private static final int BLOCKS_PER_GROUP_LOG2 = 8; // as in StatelessTruncatedNormal
  private static final float BOUND = 2.0f;

  /**
   * Lanes {@code a0, b0, a1, b1, ..} of {@code a.rearrange(FIRST_HALVES, b)}: the first halves of
   * {@code a} and {@code b} interleaved (a negative index takes the lane of the second vector).
   */
  private static final VectorShuffle<Long> FIRST_HALVES =
      VectorShuffle.fromOp(LONGS, i -> i % 2 == 0 ? i / 2 : i / 2 - LANES);

  /** The second halves of {@code a} and {@code b} interleaved. */
  private static final VectorShuffle<Long> SECOND_HALVES =
      VectorShuffle.fromOp(LONGS, i -> i % 2 == 0 ? LANES / 2 + i / 2 : i / 2 - LANES / 2);

  /**
   * For each set of waiting groups of a float vector (bit {@code j} for group {@code j}), their
   * indices {@code j} in order, a byte each from the lowest.
   */
  private static final int[] WAITING = waitingTable();

  /** Bit {@code 4 j} for each group {@code j} of a float vector's mask. */
  private static final long GROUP_BITS = 0x1111_1111_1111_1111L >>> (64 - 2 * LANES);

  /** Lane {@code i} holds {@code i}. */
  private static final LongVector LANE_INDEX = LongVector.zero(LONGS).addIndex(1);

  /** A waiting group's candidates: its four values, two of its second block, two outside. */
  private static final VectorSpecies<Float> CANDIDATES = FloatVector.SPECIES_256;

  /** The first four of {@link #CANDIDATES}' lanes. */
  private static final VectorSpecies<Float> KEPT = FloatVector.SPECIES_128;

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  private VectorNormal() {}

  /** Per-thread work space. */
  private static final class Scratch {
    /** Gather indices, {@code LANES} per gather. */
    final int[] map = new int[2 * LANES];

    /**
     * The double {@code log(u1)}, {@code sin(v1)} and {@code cos(v1)} of each pair of the chunk
     * (where glibc's float is listed, that float).
     */
    final double[] logs = new double[2 * TILE_UNITS];

    final double[] sines = new double[2 * TILE_UNITS];
    final double[] cosines = new double[2 * TILE_UNITS];

    /**
     * The pairs of the chunk whose {@code log} lies near a float midpoint (only their k0 may be
     * listed), then those whose k0 is listed; the same for {@code sin} or {@code cos} and k1; the
     * table positions of the listed ones' values.
     */
    final long[] logPairs = new long[2 * TILE_UNITS];

    final long[] sincosPairs = new long[2 * TILE_UNITS];
    final int[] index = new int[4 * TILE_UNITS];

    /** The counter skips of a chunk's blocks, for {@link #words}. */
    final long[] skips = new long[TILE_UNITS];

    /** The raw normals of a chunk's first blocks. */
    final float[] raw = new float[4 * TILE_UNITS];

    /**
     * The chunk's groups that need their second block (the scan writes a vector's worth of places
     * before it counts how many are waiting), and their second blocks' normals.
     */
    final int[] pending = new int[TILE_UNITS + LANES / 2];

    final float[] second = new float[4 * TILE_UNITS];

    /**
     * For each waiting group, its six candidates and two values outside the bound, to fill a vector
     * of {@link #CANDIDATES}.
     */
    final float[] candidates = new float[8 * TILE_UNITS];

    Scratch() {
      Arrays.fill(candidates, BOUND);
    }
  }

  /** See {@link VectorKernels#normalBlocks}. */
  static int normalBlocks(
      float[] out,
      int offset,
      long firstBlock,
      int blocks,
      long key,
      long counterLo,
      long counterHi,
      float mean,
      float stddev) {
    return run(out, offset, firstBlock, blocks, key, counterLo, counterHi, mean, stddev, false);
  }

  /** See {@link VectorKernels#truncatedGroups}. */
  static int truncatedGroups(
      float[] out,
      int offset,
      long firstGroup,
      int groups,
      long key,
      long counterLo,
      long counterHi,
      float mean,
      float stddev) {
    return run(out, offset, firstGroup, groups, key, counterLo, counterHi, mean, stddev, true);
  }

  /**
   * Units (normal: blocks; truncated: groups, whose first block is at {@code 256 *} the group)
   * {@code firstUnit ..} in steps of the vector length, four elements each, to {@code out[offset
   * ..]}; returns how many units it wrote: all whole steps, or those before a chunk inside which
   * the 128-bit counter carries (never with Keras' counters, whose low half starts at 0).
   */
  private static int run(
      float[] out,
      int offset,
      long firstUnit,
      int units,
      long key,
      long counterLo,
      long counterHi,
      float mean,
      float stddev,
      boolean truncated) {
    Scratch scratch = SCRATCH.get();
    int shift = truncated ? BLOCKS_PER_GROUP_LOG2 : 0;
    int done = 0;
    while (units - done >= LANES) {
      int tile = Math.min(TILE_UNITS, units - done);
      tile -= tile % LANES;
      long first = firstUnit + done;
      // the counters of the chunk: from first << shift to, for a group, its second block
      long hi = Philox.addHigh(counterLo, counterHi, first << shift);
      long lastSkip = ((first + tile - 1) << shift) + (truncated ? 1 : 0);
      if (Philox.addHigh(counterLo, counterHi, lastSkip) != hi) {
        break; // the carry: the caller's scalar code takes over
      }
      for (int u = 0; u < tile; u++) {
        scratch.skips[u] = (first + u) << shift;
      }
      int at = offset + 4 * done;
      words(out, at, scratch.skips, tile, key, counterLo, hi, false);
      boxMuller(out, at, 2 * tile, !truncated, mean, stddev);
      if (truncated) {
        accept(out, at, tile, first, key, counterLo, counterHi, hi, mean, stddev, scratch);
      }
      done += tile;
    }
    return done;
  }

  /**
   * The raw words of the Philox blocks at the counters {@code (counterLo + skips[u], hi)}, {@code u
   * < count} (a multiple of the vector length; the caller has checked that the low half does not
   * carry), one block per lane as in {@link VectorPhilox}: element {@code 4 u + w} of {@code out[at
   * ..]} gets the bits of word {@code w} of block {@code u}, so that each 64-bit half of a block is
   * a word pair of {@link BoxMuller#pair}; with {@code firstPairOnly}, only words 0 and 1, at
   * {@code 2 u} and {@code 2 u + 1}.
   */
  private static void words(
      float[] out,
      int at,
      long[] skips,
      int count,
      long key,
      long counterLo,
      long hi,
      boolean firstPairOnly) {
    long key0 = key & LOW_WORD;
    long key1 = key >>> 32;
    for (int u = 0; u < count; u += LANES) {
      LongVector low = LongVector.fromArray(LONGS, skips, u).add(counterLo);
      LongVector c0 = low.and(LOW_WORD);
      LongVector c1 = low.lanewise(VectorOperators.LSHR, 32);
      LongVector c2 = LongVector.broadcast(LONGS, hi & LOW_WORD);
      LongVector c3 = LongVector.broadcast(LONGS, hi >>> 32);
      for (int r = 0; r < Philox.ROUNDS; r++) {
        LongVector p0 = c0.mul(Philox.MULTIPLIER_0);
        LongVector p1 = c2.mul(Philox.MULTIPLIER_1);
        c0 =
            p1.lanewise(VectorOperators.LSHR, 32)
                .lanewise(VectorOperators.XOR, c1)
                .lanewise(VectorOperators.XOR, (key0 + r * STEP_0) & LOW_WORD);
        c1 = p1.and(LOW_WORD);
        c2 =
            p0.lanewise(VectorOperators.LSHR, 32)
                .lanewise(VectorOperators.XOR, c3)
                .lanewise(VectorOperators.XOR, (key1 + r * STEP_1) & LOW_WORD);
        c3 = p0.and(LOW_WORD);
      }
      // words (0, 1) and (2, 3) as 64-bit lanes, interleaved
      LongVector words01 = c0.or(c1.lanewise(VectorOperators.LSHL, 32));
      LongVector words23 = c2.or(c3.lanewise(VectorOperators.LSHL, 32));
      if (firstPairOnly) {
        words01.reinterpretAsFloats().intoArray(out, at + 2 * u);
        continue;
      }
      int to = at + 4 * u;
      words01.rearrange(FIRST_HALVES, words23).reinterpretAsFloats().intoArray(out, to);
      words01
          .rearrange(SECOND_HALVES, words23)
          .reinterpretAsFloats()
          .intoArray(out, to + 2 * LANES);
    }
  }

  /**
   * {@link BoxMuller#pair} of each of the {@code pairs} (at most {@code 2 * TILE_UNITS}) word pairs
   * at {@code out[at ..]} (two floats each, {@code x0}'s bits first), written in their place
   * ({@code f0} first), then, if {@code affine}, {@code z * stddev + mean}; {@code pairs} a
   * multiple of the vector length.
   */
  static void boxMuller(float[] out, int at, int pairs, boolean affine, float mean, float stddev) {
    Scratch scratch = SCRATCH.get();
    logs(out, at, pairs, scratch);
    sincos(out, at, pairs, scratch);
    int logs = nearLogs(pairs, scratch);
    int sincos = nearSincos(out, at, pairs, scratch);
    fixListed(out, at, logs, sincos, scratch);
    scale(out, at, pairs, affine, mean, stddev, scratch);
  }

  /**
   * {@link BoxMullerMath#log}{@code (u1)} of each word pair at {@code out[at ..]}, lane by lane, to
   * {@code scratch.logs}: rounded to float, the correctly rounded {@code logf}.
   */
  private static void logs(float[] out, int at, int pairs, Scratch scratch) {
    int[] map = scratch.map;
    DoubleVector minusSixth = DoubleVector.broadcast(DOUBLES, -1.0 / 6);
    DoubleVector ln2Hi = DoubleVector.broadcast(DOUBLES, BoxMullerMath.LN2_HI);
    DoubleVector ln2Lo = DoubleVector.broadcast(DOUBLES, BoxMullerMath.LN2_LO);
    for (int p = 0; p < pairs; p += LANES) {
      LongVector k =
          FloatVector.fromArray(FLOATS, out, at + 2 * p).reinterpretAsLongs().and(MANTISSA);
      // u as a double has the float's exponent, and its 23 mantissa bits at the top of the 52
      DoubleVector u =
          ((DoubleVector) k.convert(VectorOperators.L2D, 0)).mul(0x1p-23).max(LOG_ARGUMENT_FLOOR);
      LongVector bits = u.reinterpretAsLongs();
      LongVector mantissa = bits.and(DOUBLE_MANTISSA);
      LongVector i = mantissa.add(1L << 43).lanewise(VectorOperators.LSHR, 44); // nearest center
      ((IntVector) i.convertShape(VectorOperators.L2I, HALF_INTS, 0)).intoArray(map, 0);
      LongVector halving = i.add(BoxMullerMath.HALVING_INDEX).lanewise(VectorOperators.LSHR, 8);
      DoubleVector e =
          (DoubleVector)
              bits.lanewise(VectorOperators.LSHR, 52)
                  .sub(1023)
                  .add(halving)
                  .convert(VectorOperators.L2D, 0);
      DoubleVector m = mantissa.or(DOUBLE_ONE_BITS).reinterpretAsDoubles();
      DoubleVector center =
          ((DoubleVector) i.convert(VectorOperators.L2D, 0)).mul(1.0 / 256).add(1.0);
      DoubleVector r =
          m.sub(center)
              .mul(DoubleVector.fromArray(DOUBLES, BoxMullerMath.INVERSE_CENTER, 0, map, 0));
      DoubleVector r2 = r.mul(r);
      DoubleVector low = r.fma(1.0 / 3, -1.0 / 2);
      DoubleVector high = r.fma(1.0 / 5, -1.0 / 4);
      DoubleVector tail = r2.mul(r2.fma(r2.fma(minusSixth, high), low));
      e.fma(ln2Hi, DoubleVector.fromArray(DOUBLES, BoxMullerMath.LOG_CENTER, 0, map, 0))
          .add(r.add(e.fma(ln2Lo, tail)))
          .intoArray(scratch.logs, p);
    }
  }

  /**
   * {@link BoxMullerMath#sin}{@code (v1)} and {@link BoxMullerMath#cos}{@code (v1)} of each word
   * pair at {@code out[at ..]}, lane by lane, to {@code scratch.sines} and {@code scratch.cosines}:
   * rounded to float, the correctly rounded {@code sinf} and {@code cosf}.
   */
  private static void sincos(float[] out, int at, int pairs, Scratch scratch) {
    int[] map = scratch.map;
    DoubleVector minusSixth = DoubleVector.broadcast(DOUBLES, -1.0 / 6);
    for (int p = 0; p < pairs; p += LANES) {
      LongVector k =
          FloatVector.fromArray(FLOATS, out, at + 2 * p)
              .reinterpretAsLongs()
              .lanewise(VectorOperators.LSHR, 32)
              .and(MANTISSA);
      // the angle v1 = (float) (2 pi u), as a double
      DoubleVector x =
          (DoubleVector)
              ((DoubleVector) k.convert(VectorOperators.L2D, 0))
                  .mul(0x1p-23)
                  .mul(TWO_PI)
                  .convertShape(VectorOperators.D2F, HALF_FLOATS, 0)
                  .convertShape(VectorOperators.F2D, DOUBLES, 0);
      LongVector j =
          (LongVector) x.mul(BoxMullerMath.INVERSE_H).add(0.5).convert(VectorOperators.D2L, 0);
      ((IntVector)
              j.lanewise(VectorOperators.LSHL, 1).convertShape(VectorOperators.L2I, HALF_INTS, 0))
          .intoArray(map, 0);
      DoubleVector d =
          x.sub(((DoubleVector) j.convert(VectorOperators.L2D, 0)).mul(BoxMullerMath.H));
      DoubleVector z = d.mul(d);
      DoubleVector sinD = d.mul(z).fma(z.fma(z.fma(-1.0 / 5040, 1.0 / 120), minusSixth), d);
      DoubleVector cosDMinusOne =
          z.mul(z).fma(z.mul(z.fma(1.0 / 40320, -1.0 / 720)), z.mul(z.fma(1.0 / 24, -1.0 / 2)));
      DoubleVector s = DoubleVector.fromArray(DOUBLES, BoxMullerMath.SIN_COS, 0, map, 0);
      DoubleVector c = DoubleVector.fromArray(DOUBLES, BoxMullerMath.SIN_COS, 1, map, 0);
      s.add(s.fma(cosDMinusOne, c.mul(sinD))).intoArray(scratch.sines, p);
      c.add(c.fma(cosDMinusOne, s.neg().mul(sinD))).intoArray(scratch.cosines, p);
    }
  }

  /**
   * The word pairs at {@code out[at ..]} whose log lies within its key's bound of a float midpoint
   * ({@link GlibcFloatMath#logBounds}, looked up by a permutation), in order, to {@code
   * scratch.logPairs}; returns how many. Only their k0 can be listed.
   */
  private static int nearLogs(int pairs, Scratch scratch) {
    IntVector bounds = boundTable(GlibcFloatMath.logBounds());
    int count = 0;
    for (int p = 0; p < pairs; p += LANES) {
      LongVector bits = DoubleVector.fromArray(DOUBLES, scratch.logs, p).reinterpretAsLongs();
      // GlibcFloatMath#logBoundKey and #midpointDistance lane by lane
      LongVector key =
          bits.lanewise(VectorOperators.LSHR, 52)
              .and(0x7FF)
              .sub(1023 - 7)
              .max(0)
              .min(GlibcFloatMath.BOUND_KEYS - 1);
      VectorMask<Long> near =
          bits.and(BELOW_FLOAT)
              .sub(MIDPOINT)
              .abs()
              .compare(
                  VectorOperators.LE,
                  key.reinterpretAsInts().selectFrom(bounds).reinterpretAsLongs().and(LOW_WORD));
      LANE_INDEX.add(p).compress(near).intoArray(scratch.logPairs, count);
      count += near.trueCount();
    }
    return count;
  }

  /**
   * The word pairs at {@code out[at ..]} whose sine or cosine lies within its key's bound of a
   * float midpoint ({@link GlibcFloatMath#sinBounds}, {@link GlibcFloatMath#cosBounds}), in order,
   * to {@code scratch.sincosPairs}; returns how many. Only their k1 can be listed.
   */
  private static int nearSincos(float[] out, int at, int pairs, Scratch scratch) {
    IntVector sinBounds = boundTable(GlibcFloatMath.sinBounds());
    IntVector cosBounds = boundTable(GlibcFloatMath.cosBounds());
    int count = 0;
    for (int p = 0; p < pairs; p += LANES) {
      // GlibcFloatMath#sincosBoundKey: the top three bits of k1
      IntVector key =
          FloatVector.fromArray(FLOATS, out, at + 2 * p)
              .reinterpretAsLongs()
              .lanewise(VectorOperators.LSHR, 52)
              .and(0x7)
              .reinterpretAsInts();
      VectorMask<Long> near =
          DoubleVector.fromArray(DOUBLES, scratch.sines, p)
              .reinterpretAsLongs()
              .and(BELOW_FLOAT)
              .sub(MIDPOINT)
              .abs()
              .compare(
                  VectorOperators.LE, key.selectFrom(sinBounds).reinterpretAsLongs().and(LOW_WORD))
              .or(
                  DoubleVector.fromArray(DOUBLES, scratch.cosines, p)
                      .reinterpretAsLongs()
                      .and(BELOW_FLOAT)
                      .sub(MIDPOINT)
                      .abs()
                      .compare(
                          VectorOperators.LE,
                          key.selectFrom(cosBounds).reinterpretAsLongs().and(LOW_WORD)));
      LANE_INDEX.add(p).compress(near).intoArray(scratch.sincosPairs, count);
      count += near.trueCount();
    }
    return count;
  }

  /**
   * glibc's values where k is listed, in {@code scratch.logs}, {@code scratch.sines} and {@code
   * scratch.cosines} (k from the words, still at {@code out[at ..]}), of the first {@code logs}
   * pairs of {@code scratch.logPairs} and the first {@code sincos} of {@code scratch.sincosPairs}
   * (near a midpoint, a few percent: only they can be listed). In passes (their filter bits, then
   * the table positions of the listed ones, then the values), with no branch on a filter word, so
   * that the cache misses of different pairs overlap instead of waiting one for another.
   */
  private static void fixListed(float[] out, int at, int logs, int sincos, Scratch scratch) {
    long[] logPairs = scratch.logPairs;
    long[] sincosPairs = scratch.sincosPairs;
    int[] index = scratch.index;
    int logListed = keepListed(out, at, logPairs, logs, 0, GlibcFloatMath.logFilter());
    int sincosListed = keepListed(out, at, sincosPairs, sincos, 1, GlibcFloatMath.sincosFilter());
    for (int i = 0; i < logListed; i++) {
      index[i] = GlibcFloatMath.logIndex(k(out, at, (int) logPairs[i], 0));
    }
    for (int i = 0; i < sincosListed; i++) {
      index[logListed + i] = GlibcFloatMath.sincosIndex(k(out, at, (int) sincosPairs[i], 1));
    }
    for (int i = 0; i < logListed; i++) {
      scratch.logs[(int) logPairs[i]] = GlibcFloatMath.logValue(index[i]);
    }
    for (int i = 0; i < sincosListed; i++) {
      long value = GlibcFloatMath.sincosValue(index[logListed + i]);
      scratch.sines[(int) sincosPairs[i]] = Float.intBitsToFloat((int) value);
      scratch.cosines[(int) sincosPairs[i]] = Float.intBitsToFloat((int) (value >>> 32));
    }
  }

  /**
   * Keeps, of the first {@code count} pairs in {@code pairs}, those whose k (word {@code word} of
   * the pair) is set in {@code filter}, in order; returns how many. Without branches.
   */
  private static int keepListed(
      float[] out, int at, long[] pairs, int count, int word, long[] filter) {
    int kept = 0;
    for (int i = 0; i < count; i++) {
      long pair = pairs[i];
      int k = k(out, at, (int) pair, word);
      pairs[kept] = pair;
      kept += (int) (filter[k >>> 6] >>> k) & 1; // a long shift uses the low 6 bits of k
    }
    return kept;
  }

  /** The k of word {@code word} (0 or 1) of pair {@code pair} at {@code out[at ..]}. */
  private static int k(float[] out, int at, int pair, int word) {
    return Float.floatToRawIntBits(out[at + 2 * pair + word]) & (int) MANTISSA;
  }

  /**
   * {@code f0 = sinf * r, f1 = cosf * r} with {@code r = sqrtf(-2 logf)} (float operations, as in
   * {@link BoxMuller#pair}) of each pair, to {@code out[at ..]}, then, if {@code affine}, {@code z
   * * stddev + mean}; {@code logf}, {@code sinf} and {@code cosf} are the scratch doubles rounded
   * to float.
   */
  private static void scale(
      float[] out, int at, int pairs, boolean affine, float mean, float stddev, Scratch scratch) {
    for (int p = 0; p < pairs; p += LANES) {
      // the radius in both float halves of its lane
      LongVector radius =
          (LongVector)
              ((FloatVector)
                      DoubleVector.fromArray(DOUBLES, scratch.logs, p)
                          .convertShape(VectorOperators.D2F, HALF_FLOATS, 0))
                  .mul(-2.0f)
                  .sqrt()
                  .reinterpretAsInts()
                  .convertShape(VectorOperators.ZERO_EXTEND_I2L, LONGS, 0);
      LongVector sin =
          (LongVector)
              DoubleVector.fromArray(DOUBLES, scratch.sines, p)
                  .convertShape(VectorOperators.D2F, HALF_FLOATS, 0)
                  .reinterpretAsInts()
                  .convertShape(VectorOperators.ZERO_EXTEND_I2L, LONGS, 0);
      LongVector cos =
          (LongVector)
              DoubleVector.fromArray(DOUBLES, scratch.cosines, p)
                  .convertShape(VectorOperators.D2F, HALF_FLOATS, 0)
                  .reinterpretAsInts()
                  .convertShape(VectorOperators.ZERO_EXTEND_I2L, LONGS, 0);
      FloatVector f =
          sin.or(cos.lanewise(VectorOperators.LSHL, 32))
              .reinterpretAsFloats()
              .mul(radius.or(radius.lanewise(VectorOperators.LSHL, 32)).reinterpretAsFloats());
      if (affine) {
        f = f.mul(stddev).add(mean);
      }
      f.intoArray(out, at + 2 * p);
    }
  }

  /**
   * The bounds in the first int lanes, for {@code key.selectFrom(table)} with a key in each even
   * int lane (the low half of a long lane; the odd lanes' key 0 picks a value that is masked off).
   */
  private static IntVector boundTable(int[] bounds) {
    return IntVector.fromArray(INTS, bounds, 0, INTS.indexInRange(0, bounds.length));
  }

  /** See {@link #WAITING}. */
  private static int[] waitingTable() {
    int[] table = new int[1 << (LANES / 2)];
    for (int waiting = 0; waiting < table.length; waiting++) {
      int list = 0;
      int n = 0;
      for (int j = 0; j < LANES / 2; j++) {
        if ((waiting >>> j & 1) != 0) {
          list |= j << (8 * n++);
        }
      }
      table[waiting] = list;
    }
    return table;
  }

  /** The packed pair {@code (f0, f1)}, as {@link BoxMuller#pair} packs it. */
  private static long pair(float f0, float f1) {
    return (Float.floatToRawIntBits(f0) & LOW_WORD) | ((long) Float.floatToRawIntBits(f1) << 32);
  }

  /**
   * The truncated normal's bound test on the first blocks of {@code groups} groups {@code
   * firstGroup ..} at {@code out[at ..]} (raw normals, four per group): {@code z * stddev + mean}
   * where all four lie inside. The other groups (about 17%) take the first word pair of their next
   * block, those pairs together through {@link #words} and {@link #boxMuller}, and keep values in
   * TF's order until four are; the rare group (about 1% of them) that needs more is completed by
   * {@link StatelessTruncatedNormal#finishGroup}. Without branches on the values (about one in five
   * of a waiting group's is outside, unpredictably; branching on them cost about 2 ns per element):
   * the waiting groups of a vector come from a table indexed by their bits, and a group's six
   * candidates, in one vector, are compressed to those inside, whose first four go to {@code out}
   * (a scalar version, storing each candidate at the kept count, was 7% slower).
   */
  private static void accept(
      float[] out,
      int at,
      int groups,
      long firstGroup,
      long key,
      long counterLo,
      long counterHi,
      long hi,
      float mean,
      float stddev,
      Scratch scratch) {
    FloatVector bound = FloatVector.broadcast(FLOATS, BOUND);
    FloatVector scale = FloatVector.broadcast(FLOATS, stddev);
    FloatVector shift = FloatVector.broadcast(FLOATS, mean);
    float[] raw = scratch.raw;
    int[] pendingGroups = scratch.pending;
    int pending = 0; // groups waiting for their second block
    for (int e = 0; e < 4 * groups; e += 2 * LANES) { // a vector holds LANES / 2 groups
      FloatVector z = FloatVector.fromArray(FLOATS, out, at + e);
      z.intoArray(raw, e);
      long inside = z.abs().compare(VectorOperators.LT, bound).toLong();
      z.mul(scale).add(shift).intoArray(out, at + e);
      // bit 4 j of complete: all four of group j inside; then one bit per group waiting
      long complete = inside & (inside >>> 1);
      complete &= complete >>> 2;
      long waiting = Long.compress(~complete, GROUP_BITS);
      int list = WAITING[(int) waiting];
      for (int j = 0; j < LANES / 2; j++) { // past the waiting ones: overwritten or not read
        pendingGroups[pending + j] = e / 4 + ((list >>> (8 * j)) & 0xFF);
      }
      pending += Long.bitCount(waiting);
    }
    if (pending == 0) {
      return;
    }
    long[] skips = scratch.skips;
    for (int i = 0; i < pending; i++) {
      skips[i] = ((firstGroup + pendingGroups[i]) << BLOCKS_PER_GROUP_LOG2) + 1;
    }
    int count = pending + (LANES - pending % LANES) % LANES;
    for (int i = pending; i < count; i++) {
      skips[i] = skips[pending - 1]; // padding, not read back
    }
    float[] second = scratch.second;
    words(second, 0, skips, count, key, counterLo, hi, true);
    boxMuller(second, 0, count, false, 0f, 1f);
    float[] candidates = scratch.candidates;
    for (int i = 0; i < pending; i++) {
      int group = pendingGroups[i];
      candidates[8 * i] = raw[4 * group];
      candidates[8 * i + 1] = raw[4 * group + 1];
      candidates[8 * i + 2] = raw[4 * group + 2];
      candidates[8 * i + 3] = raw[4 * group + 3];
      candidates[8 * i + 4] = second[2 * i];
      candidates[8 * i + 5] = second[2 * i + 1];
    }
    for (int i = 0; i < pending; i++) {
      int group = pendingGroups[i];
      FloatVector z = FloatVector.fromArray(CANDIDATES, candidates, 8 * i);
      VectorMask<Float> inside = z.abs().compare(VectorOperators.LT, BOUND);
      int to = at + 4 * group;
      if (inside.trueCount() >= 4) { // past four: dropped, as TF drops the rest
        z.compress(inside)
            .mul(stddev)
            .add(mean)
            .reinterpretShape(KEPT, 0)
            .reinterpretAsFloats()
            .intoArray(out, to);
      } else { // (about 1% of these groups) from the second block's second pair on
        StatelessTruncatedNormal.finishGroup(
            out,
            to,
            pair(raw[4 * group], raw[4 * group + 1]),
            pair(raw[4 * group + 2], raw[4 * group + 3]),
            firstGroup + group,
            key,
            counterLo,
            counterHi,
            mean,
            stddev);
      }
    }
  }
}
