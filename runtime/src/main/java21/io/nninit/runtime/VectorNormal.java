package io.nninit.runtime;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
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
 * list a lane's k (about 3% of pairs), glibc's value from its table; then the float square root and
 * multiplies of {@link BoxMuller}. The truncated normal keeps values in TF's order, as {@link
 * StatelessTruncatedNormal} does, from the groups' first blocks and, for the groups (about 17%)
 * that need more, the first word pair of their second blocks, also computed on vectors ({@link
 * #accept}).
 *
 * <p><b>Shape of the code.</b> A chunk of {@link #TILE_UNITS} units at a time goes through phases,
 * each a loop of its own over the chunk's part of {@code out} and the per-thread {@link Scratch}
 * (all in the L1 cache): the raw Philox words ({@link #words}), the filter tests ({@link #listed}),
 * the logs ({@link #logs}), the sines and cosines ({@link #sincos}), glibc's values where listed
 * ({@link #fixListed}, scalar), the products ({@link #scale}), and for the truncated normal the
 * bound test ({@link #accept}). C2 keeps vectors in registers only within one compiled method and
 * stops inlining at a node budget (about 40 Vector API operations) that the whole Box-Muller in one
 * loop exceeds, after which the vectors are boxed at every operation (measured: 20 times slower);
 * each phase stays well inside it. The filter words come from the L2 or L3 cache: no branch depends
 * on them inside a vector loop, so that the misses of consecutive vectors overlap. The table
 * lookups (log centers, sines and cosines of the sectors, filter words) are gathers, which the
 * Vector API takes from an {@code int[]} of indices: it lives in the per-thread {@link Scratch},
 * allocated once per thread.
 */
final class VectorNormal {
  private static final VectorSpecies<Long> LONGS = LongVector.SPECIES_PREFERRED;
  static final int LANES = LONGS.length();
  private static final VectorSpecies<Float> FLOATS =
      VectorSpecies.of(float.class, LONGS.vectorShape());
  private static final VectorSpecies<Double> DOUBLES =
      VectorSpecies.of(double.class, LONGS.vectorShape());
  private static final VectorShape HALF = VectorShape.forBitSize(LONGS.vectorBitSize() / 2);
  private static final VectorSpecies<Float> HALF_FLOATS = VectorSpecies.of(float.class, HALF);
  private static final VectorSpecies<Integer> HALF_INTS = VectorSpecies.of(int.class, HALF);

  /** Units per chunk (16 KiB of output; the per-thread scratch is about 120 KiB): measured best. */
  static final int TILE_UNITS = 1024;

  private static final long LOW_WORD = 0xFFFF_FFFFL;
  private static final long STEP_0 = Philox.KEY_STEP_0 & LOW_WORD;
  private static final long STEP_1 = Philox.KEY_STEP_1 & LOW_WORD;
  private static final long MANTISSA = 0x7F_FFFF;
  private static final long DOUBLE_MANTISSA = 0xF_FFFF_FFFF_FFFFL;
  private static final long DOUBLE_ONE_BITS = 0x3FF0_0000_0000_0000L;
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

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  private VectorNormal() {}

  /** Per-thread work space. */
  private static final class Scratch {
    /** Gather indices, {@code LANES} per gather. */
    final int[] map = new int[2 * LANES];

    /** The {@code logf(u1)} of each pair of the chunk. */
    final float[] logs = new float[2 * TILE_UNITS];

    /** The packed {@code sincosf(v1)} of each pair of the chunk. */
    final long[] sincos = new long[2 * TILE_UNITS];

    /** Per vector of pairs of the chunk, its lanes whose k0 is listed (bit per lane). */
    final long[] logListed = new long[2 * TILE_UNITS / LANES];

    /** Per vector of pairs of the chunk, its lanes whose k1 is listed (bit per lane). */
    final long[] sincosListed = new long[2 * TILE_UNITS / LANES];

    /** The pairs with a listed k0, with a listed k1, and the table positions of their values. */
    final int[] logPairs = new int[2 * TILE_UNITS];

    final int[] sincosPairs = new int[2 * TILE_UNITS];
    final int[] index = new int[4 * TILE_UNITS];

    /** The counter skips of a chunk's blocks, for {@link #words}. */
    final long[] skips = new long[TILE_UNITS];

    /** The raw normals of a chunk's first blocks, and per vector of them those inside the bound. */
    final float[] raw = new float[4 * TILE_UNITS];

    final long[] inside = new long[4 * TILE_UNITS / (2 * LANES)];

    /**
     * The chunk's groups that need their second block (one place more: the scan writes before it
     * counts); for each, ...
     */
    final int[] pending = new int[TILE_UNITS + 1];

    /** ... the packed pairs of their first blocks ... */
    final long[] firstPairs = new long[2 * TILE_UNITS];

    /** ... and their second blocks' normals. */
    final float[] second = new float[4 * TILE_UNITS];
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
    listed(out, at, pairs, scratch);
    logs(out, at, pairs, scratch);
    sincos(out, at, pairs, scratch);
    fixListed(out, at, pairs, scratch);
    scale(out, at, pairs, affine, mean, stddev, scratch);
  }

  /**
   * For each vector of the {@code pairs} word pairs at {@code out[at ..]}, the lanes whose k0 is
   * listed by the {@code logf} filter and those whose k1 is listed by the {@code sincosf} filter
   * (bit per lane). A loop of its own, with no branch on the filter words, which come late from the
   * L2 or L3 cache.
   */
  private static void listed(float[] out, int at, int pairs, Scratch scratch) {
    int[] map = scratch.map;
    long[] logFilter = GlibcFloatMath.logFilter();
    long[] sincosFilter = GlibcFloatMath.sincosFilter();
    for (int p = 0; p < pairs; p += LANES) {
      LongVector words = FloatVector.fromArray(FLOATS, out, at + 2 * p).reinterpretAsLongs();
      LongVector k0 = words.and(MANTISSA);
      LongVector k1 = words.lanewise(VectorOperators.LSHR, 32).and(MANTISSA);
      ((IntVector)
              k0.lanewise(VectorOperators.LSHR, 6).convertShape(VectorOperators.L2I, HALF_INTS, 0))
          .intoArray(map, 0);
      ((IntVector)
              k1.lanewise(VectorOperators.LSHR, 6).convertShape(VectorOperators.L2I, HALF_INTS, 0))
          .intoArray(map, LANES);
      // a lanewise shift uses the low 6 bits of k
      scratch.logListed[p / LANES] =
          LongVector.fromArray(LONGS, logFilter, 0, map, 0)
              .lanewise(VectorOperators.LSHR, k0)
              .and(1L)
              .compare(VectorOperators.NE, 0L)
              .toLong();
      scratch.sincosListed[p / LANES] =
          LongVector.fromArray(LONGS, sincosFilter, 0, map, LANES)
              .lanewise(VectorOperators.LSHR, k1)
              .and(1L)
              .compare(VectorOperators.NE, 0L)
              .toLong();
    }
  }

  /**
   * The correctly rounded {@code logf(u1)} of each word pair at {@code out[at ..]} to {@code
   * scratch.logs}: {@link BoxMullerMath#log} lane by lane, rounded to float.
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
      DoubleVector log =
          e.fma(ln2Hi, DoubleVector.fromArray(DOUBLES, BoxMullerMath.LOG_CENTER, 0, map, 0))
              .add(r.add(e.fma(ln2Lo, tail)));
      ((FloatVector) log.convertShape(VectorOperators.D2F, HALF_FLOATS, 0))
          .intoArray(scratch.logs, p);
    }
  }

  /**
   * The correctly rounded {@code sinf(v1)} and {@code cosf(v1)} of each word pair at {@code out[at
   * ..]} to {@code scratch.sincos}, packed as by {@link GlibcFloatMath#sincosf}: {@link
   * BoxMullerMath#sin} and {@link BoxMullerMath#cos} lane by lane, rounded to float.
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
      DoubleVector sin = s.add(s.fma(cosDMinusOne, c.mul(sinD)));
      DoubleVector cos = c.add(c.fma(cosDMinusOne, s.neg().mul(sinD)));
      ((LongVector)
              sin.convertShape(VectorOperators.D2F, HALF_FLOATS, 0)
                  .reinterpretAsInts()
                  .convertShape(VectorOperators.ZERO_EXTEND_I2L, LONGS, 0))
          .or(
              ((LongVector)
                      cos.convertShape(VectorOperators.D2F, HALF_FLOATS, 0)
                          .reinterpretAsInts()
                          .convertShape(VectorOperators.ZERO_EXTEND_I2L, LONGS, 0))
                  .lanewise(VectorOperators.LSHL, 32))
          .intoArray(scratch.sincos, p);
    }
  }

  /**
   * glibc's values where {@link #listed} found k listed: {@code logf} in {@code scratch.logs},
   * {@code sincosf} in {@code scratch.sincos} (k from the words, still at {@code out[at ..]}). In
   * passes (the pairs, then their table positions, then the values), so that the cache misses of
   * different pairs overlap instead of waiting one for another.
   */
  private static void fixListed(float[] out, int at, int pairs, Scratch scratch) {
    int[] logPairs = scratch.logPairs;
    int[] sincosPairs = scratch.sincosPairs;
    int[] index = scratch.index;
    int logs = 0;
    int sincos = 0;
    for (int v = 0; v < pairs / LANES; v++) {
      for (long lanes = scratch.logListed[v]; lanes != 0; lanes &= lanes - 1) {
        logPairs[logs++] = v * LANES + Long.numberOfTrailingZeros(lanes);
      }
      for (long lanes = scratch.sincosListed[v]; lanes != 0; lanes &= lanes - 1) {
        sincosPairs[sincos++] = v * LANES + Long.numberOfTrailingZeros(lanes);
      }
    }
    for (int i = 0; i < logs; i++) {
      int k = Float.floatToRawIntBits(out[at + 2 * logPairs[i]]) & (int) MANTISSA;
      index[i] = GlibcFloatMath.logIndex(k);
    }
    for (int i = 0; i < sincos; i++) {
      int k = Float.floatToRawIntBits(out[at + 2 * sincosPairs[i] + 1]) & (int) MANTISSA;
      index[logs + i] = GlibcFloatMath.sincosIndex(k);
    }
    for (int i = 0; i < logs; i++) {
      scratch.logs[logPairs[i]] = GlibcFloatMath.logValue(index[i]);
    }
    for (int i = 0; i < sincos; i++) {
      scratch.sincos[sincosPairs[i]] = GlibcFloatMath.sincosValue(index[logs + i]);
    }
  }

  /**
   * {@code f0 = sinf * r, f1 = cosf * r} with {@code r = sqrtf(-2 logf)} (float operations, as in
   * {@link BoxMuller#pair}) of each pair, to {@code out[at ..]}, then, if {@code affine}, {@code z
   * * stddev + mean}.
   */
  private static void scale(
      float[] out, int at, int pairs, boolean affine, float mean, float stddev, Scratch scratch) {
    for (int p = 0; p < pairs; p += LANES) {
      // the radius in both float halves of its lane
      LongVector radius =
          (LongVector)
              FloatVector.fromArray(HALF_FLOATS, scratch.logs, p)
                  .mul(-2.0f)
                  .sqrt()
                  .reinterpretAsInts()
                  .convertShape(VectorOperators.ZERO_EXTEND_I2L, LONGS, 0);
      FloatVector f =
          LongVector.fromArray(LONGS, scratch.sincos, p)
              .reinterpretAsFloats()
              .mul(radius.or(radius.lanewise(VectorOperators.LSHL, 32)).reinterpretAsFloats());
      if (affine) {
        f = f.mul(stddev).add(mean);
      }
      f.intoArray(out, at + 2 * p);
    }
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
   * {@link StatelessTruncatedNormal#finishGroup}.
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
    long[] inside = scratch.inside;
    for (int e = 0; e < 4 * groups; e += 2 * LANES) { // a vector holds LANES / 2 groups
      FloatVector z = FloatVector.fromArray(FLOATS, out, at + e);
      z.intoArray(raw, e);
      inside[e / (2 * LANES)] = z.abs().compare(VectorOperators.LT, bound).toLong();
      z.mul(scale).add(shift).intoArray(out, at + e);
    }
    // the groups with a value outside, listed without branches (which would mispredict)
    int pending = 0; // groups waiting for their second block
    int[] pendingGroups = scratch.pending;
    for (int g = 0; g < groups; g++) {
      long nibble = (inside[g / (LANES / 2)] >>> (4 * (g % (LANES / 2)))) & 0xF;
      pendingGroups[pending] = g;
      pending += nibble == 0xF ? 0 : 1;
    }
    long[] firstPairs = scratch.firstPairs;
    for (int i = 0; i < pending; i++) {
      int group = pendingGroups[i];
      firstPairs[2 * i] = pair(raw[4 * group], raw[4 * group + 1]);
      firstPairs[2 * i + 1] = pair(raw[4 * group + 2], raw[4 * group + 3]);
      scratch.skips[i] = ((firstGroup + group) << BLOCKS_PER_GROUP_LOG2) + 1;
    }
    if (pending == 0) {
      return;
    }
    int count = pending + (LANES - pending % LANES) % LANES;
    for (int i = pending; i < count; i++) {
      scratch.skips[i] = scratch.skips[pending - 1]; // padding, not read back
    }
    float[] second = scratch.second;
    words(second, 0, scratch.skips, count, key, counterLo, hi, true);
    boxMuller(second, 0, count, false, 0f, 1f);
    for (int i = 0; i < pending; i++) {
      int to = at + 4 * scratch.pending[i];
      long p0 = firstPairs[2 * i];
      long p1 = firstPairs[2 * i + 1];
      int kept = 0;
      kept = keep(out, to, kept, BoxMuller.sine(p0), mean, stddev);
      kept = keep(out, to, kept, BoxMuller.cosine(p0), mean, stddev);
      kept = keep(out, to, kept, BoxMuller.sine(p1), mean, stddev);
      kept = keep(out, to, kept, BoxMuller.cosine(p1), mean, stddev);
      for (int w = 0; w < 2 && kept < 4; w++) { // stopping at four drops the rest of the pair
        kept = keep(out, to, kept, second[2 * i + w], mean, stddev);
      }
      if (kept < 4) { // (about 1% of these groups) from the second block's second pair on
        StatelessTruncatedNormal.finishGroup(
            out,
            to,
            p0,
            p1,
            firstGroup + scratch.pending[i],
            key,
            counterLo,
            counterHi,
            mean,
            stddev);
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
}
