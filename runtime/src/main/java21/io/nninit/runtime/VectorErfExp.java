package io.nninit.runtime;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The double-precision helpers of {@code trunc_normal_}'s erfinv, {@link TorchErf#erff} and {@link
 * TorchErf#expf} of the Newton steps and {@link TorchErf#logf} of the tail guess, on vectors of 8
 * doubles (512 bits), as stages of {@link VectorTorchErf}: each a loop from float arrays to float
 * arrays, short enough that C2 compiles it whole (it stops inlining beyond a node count per
 * compilation, and a vector that crosses a call that is not inlined is boxed). Intermediate doubles
 * pass between stages as their bits, two floats each, in the caller's float workspace
 * (reinterpretations, exact).
 *
 * <p>Every lane has the scalar code's bits: the same double operations in the same order (each
 * {@link Math#fma} a lanewise {@code fma}), both sides of the scalar code's branch-free selections,
 * and the same table values, picked per lane from in-register copies by a lane permutation of two
 * vectors, or gathered from the scalar table (the log's 257 entries), or the same division (the
 * log's {@code 1 / c}). {@link Math#rint} of the exp reduction is the add and subtract of {@code
 * 1.5 * 2^52}, which rounds to the nearest even integer as {@code rint} does for {@code |x| <
 * 2^51}.
 */
final class VectorErfExp {
  private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_512;
  private static final VectorSpecies<Float> EIGHT_FLOATS = FloatVector.SPECIES_256;
  private static final VectorSpecies<Float> SIXTEEN_FLOATS = FloatVector.SPECIES_512;
  private static final double ROUND = 0x1.8p52;
  private static final DoubleVector ZERO = DoubleVector.zero(DOUBLES);
  private static final DoubleVector ONE = DoubleVector.broadcast(DOUBLES, 1.0);
  private static final DoubleVector FOUR = DoubleVector.broadcast(DOUBLES, 4.0);
  private static final long SIGN = Long.MIN_VALUE;
  private static final long ONE_BITS = Double.doubleToRawLongBits(1.0);

  /** {@link TorchErf#EXP_TABLE}, 32 values, in four vectors. */
  private static final DoubleVector[] EXP_TABLE = {
    DoubleVector.fromArray(DOUBLES, TorchErf.EXP_TABLE, 0),
    DoubleVector.fromArray(DOUBLES, TorchErf.EXP_TABLE, 8),
    DoubleVector.fromArray(DOUBLES, TorchErf.EXP_TABLE, 16),
    DoubleVector.fromArray(DOUBLES, TorchErf.EXP_TABLE, 24)
  };

  /**
   * {@code x * 32 / ln 2} rounded to an integer, as {@link TorchErf#expForFloat}'s {@code kd}: the
   * add and subtract of {@code 1.5 * 2^52} round to the nearest even integer as {@link Math#rint}
   * does for {@code |x| < 2^51} (its zero may have the other sign, which changes no result).
   */
  private static DoubleVector expMultiple(DoubleVector x) {
    return x.mul(TorchErf.EXP_INVERSE_STEP).add(ROUND).sub(ROUND);
  }

  /** {@code -g * g} of 8 floats {@code x[j ..]}, in double. */
  private static DoubleVector minusSquares(float[] x, int j) {
    FloatVector g = FloatVector.fromArray(EIGHT_FLOATS, x, j);
    return (DoubleVector) g.neg().mul(g).convertShape(VectorOperators.F2D, DOUBLES, 0);
  }

  /**
   * The first part of {@link TorchErf#expf} of {@code -x[j] * x[j]} ({@link TorchErf#expForFloat},
   * {@code |x^2| <= 80}: the guesses of arguments below 1 in magnitude are below 4.5), {@code j <
   * n}: the polynomial {@code p} of the reduced argument, as the bits of a double at {@code x[to +
   * 2 j]}.
   */
  static void expPolynomials(float[] x, int n, int to) {
    for (int j = 0; j < n; j += EIGHT_FLOATS.length()) {
      DoubleVector xd = minusSquares(x, j);
      DoubleVector kd = expMultiple(xd);
      DoubleVector r =
          kd.fma(
              DoubleVector.broadcast(DOUBLES, -TorchErf.EXP_STEP_LO),
              kd.fma(DoubleVector.broadcast(DOUBLES, -TorchErf.EXP_STEP_HI), xd));
      DoubleVector r2 = r.mul(r);
      r2.mul(r2)
          .fma(
              r.fma(1.0 / 120, 1.0 / 24).add(r2.mul(1.0 / 720)), r.fma(1.0 / 6, 0.5).mul(r2).add(r))
          .reinterpretAsFloats()
          .intoArray(x, to + 2 * j);
    }
  }

  /**
   * {@link TorchErf#expf} of {@code -x[j] * x[j]} into {@code x[to + j]}, {@code j < n}, from the
   * polynomials of {@link #expPolynomials} at {@code x[polynomials + 2 j]}: {@code 2^(k/32)} from
   * the table times {@code (1 + p)}, times {@code 2^(k >> 5)}.
   */
  static void expsFromPolynomials(float[] x, int n, int polynomials, int to) {
    for (int j = 0; j < n; j += EIGHT_FLOATS.length()) {
      LongVector k = (LongVector) expMultiple(minusSquares(x, j)).convert(VectorOperators.D2L, 0);
      DoubleVector scale =
          k.lanewise(VectorOperators.ASHR, 5)
              .add(1023)
              .lanewise(VectorOperators.LSHL, 52)
              .reinterpretAsDoubles();
      // EXP_TABLE[k & 31]: (k & 15) picks one of the 16 lanes of a pair of vectors (an exceptional
      // index, negative, from the second), k & 16 the pair
      LongVector low = k.and(15);
      VectorShuffle<Double> inPair =
          low.sub(low.and(8).lanewise(VectorOperators.LSHL, 1)).toShuffle().cast(DOUBLES);
      DoubleVector t =
          EXP_TABLE[0]
              .rearrange(inPair, EXP_TABLE[1])
              .blend(
                  EXP_TABLE[2].rearrange(inPair, EXP_TABLE[3]),
                  k.and(16).compare(VectorOperators.NE, 0).cast(DOUBLES));
      DoubleVector p =
          FloatVector.fromArray(SIXTEEN_FLOATS, x, polynomials + 2 * j).reinterpretAsDoubles();
      ((FloatVector) t.fma(p, t).mul(scale).convertShape(VectorOperators.D2F, EIGHT_FLOATS, 0))
          .intoArray(x, to + j);
    }
  }

  /**
   * {@link TorchErf#PIECES} by coefficient: {@code COEFFICIENTS[k]} holds coefficient {@code k} of
   * intervals 0 to 7 and 8 to 15 in two vectors.
   */
  private static final DoubleVector[][] COEFFICIENTS = new DoubleVector[TorchErf.PIECE_TERMS][];

  static {
    double[] column = new double[TorchErf.PIECE_COUNT];
    for (int k = 0; k < TorchErf.PIECE_TERMS; k++) {
      for (int interval = 0; interval < TorchErf.PIECE_COUNT; interval++) {
        column[interval] = TorchErf.PIECES[interval * TorchErf.PIECE_TERMS + k];
      }
      COEFFICIENTS[k] =
          new DoubleVector[] {
            DoubleVector.fromArray(DOUBLES, column, 0), DoubleVector.fromArray(DOUBLES, column, 8)
          };
    }
  }

  /** 8 floats {@code x[j ..]} in double. */
  private static DoubleVector doubles(float[] x, int j) {
    return (DoubleVector)
        FloatVector.fromArray(EIGHT_FLOATS, x, j).convertShape(VectorOperators.F2D, DOUBLES, 0);
  }

  /**
   * {@link TorchErf#erfForFloat}'s interval {@code min((int) (|x| * 4), 15)} of each lane ({@code
   * ax = |x|}): the min in double, then the conversion (the same for {@code ax >= 0}); the mask
   * keeps a NaN lane's interval in the table.
   */
  private static LongVector interval(DoubleVector ax) {
    return ((LongVector) ax.mul(4).min(TorchErf.PIECE_COUNT - 1).convert(VectorOperators.D2L, 0))
        .and(TorchErf.PIECE_COUNT - 1);
  }

  /** {@link TorchErf#erfForFloat}'s {@code t = (ax - (0.125 + 0.25 * interval)) * 8}. */
  private static DoubleVector offset(DoubleVector ax, LongVector interval) {
    DoubleVector i = (DoubleVector) interval.convert(VectorOperators.L2D, 0);
    return ax.sub(i.mul(0.25).add(0.125)).mul(8);
  }

  /**
   * The shuffle that picks lane {@code i} (each lane of {@code index}, 0 to 15) of the 16 lanes of
   * a pair of vectors: lane {@code i} of the first, or (an exceptional index, {@code i - 16}) lane
   * {@code i - 8} of the second.
   */
  private static VectorShuffle<Double> inPair(LongVector index) {
    return index.sub(index.and(8).lanewise(VectorOperators.LSHL, 1)).toShuffle().cast(DOUBLES);
  }

  /** Coefficient {@code k} of each lane's interval ({@code pick} from {@link #inPair}). */
  private static DoubleVector coefficient(int k, VectorShuffle<Double> pick) {
    return COEFFICIENTS[k][0].rearrange(pick, COEFFICIENTS[k][1]);
  }

  /**
   * Two terms of {@code TorchErf.estrin} for {@link TorchErf#erff} of {@code x[j]}, {@code j < n},
   * with the coefficients {@code k .. k + 3} of each lane's interval: {@code fma(fma(c[k+3], t,
   * c[k+2]), t^2, fma(c[k+1], t, c[k]))}, as the bits of a double at {@code x[to + 2 j]}.
   */
  static void erfTerms(float[] x, int n, int k, int to) {
    for (int j = 0; j < n; j += EIGHT_FLOATS.length()) {
      DoubleVector ax = doubles(x, j).abs();
      LongVector interval = interval(ax);
      DoubleVector t = offset(ax, interval);
      VectorShuffle<Double> pick = inPair(interval);
      DoubleVector first = coefficient(k + 1, pick).fma(t, coefficient(k, pick));
      DoubleVector second = coefficient(k + 3, pick).fma(t, coefficient(k + 2, pick));
      second.fma(t.mul(t), first).reinterpretAsFloats().intoArray(x, to + 2 * j);
    }
  }

  /**
   * {@code TorchErf.estrin}'s polynomial for {@link TorchErf#erff} of {@code x[j]}, {@code j < n},
   * from the terms of {@link #erfTerms} at {@code x[low + 2 j]} (coefficients 0 to 3) and {@code
   * x[middle + 2 j]} (4 to 7), as the bits of a double at {@code x[low + 2 j]}.
   */
  static void erfPolynomials(float[] x, int n, int low, int middle) {
    for (int j = 0; j < n; j += EIGHT_FLOATS.length()) {
      DoubleVector ax = doubles(x, j).abs();
      LongVector interval = interval(ax);
      DoubleVector t = offset(ax, interval);
      VectorShuffle<Double> pick = inPair(interval);
      DoubleVector t2 = t.mul(t);
      DoubleVector t4 = t2.mul(t2);
      DoubleVector first =
          FloatVector.fromArray(SIXTEEN_FLOATS, x, low + 2 * j).reinterpretAsDoubles();
      DoubleVector second =
          FloatVector.fromArray(SIXTEEN_FLOATS, x, middle + 2 * j).reinterpretAsDoubles();
      DoubleVector p8 = coefficient(9, pick).fma(t, coefficient(8, pick));
      coefficient(10, pick)
          .fma(t2, p8)
          .fma(t4.mul(t4), second.fma(t4, first))
          .reinterpretAsFloats()
          .intoArray(x, low + 2 * j);
    }
  }

  /**
   * {@link TorchErf#erff} of {@code x[j]} into {@code x[to + j]}, {@code j < n}, from the
   * polynomials of {@link #erfPolynomials} at {@code x[polynomials + 2 j]}: the factor {@code |x|}
   * on the first two intervals, the cap at 1 and the sign.
   */
  static void erfsFromPolynomials(float[] x, int n, int polynomials, int to) {
    for (int j = 0; j < n; j += EIGHT_FLOATS.length()) {
      DoubleVector xd = doubles(x, j);
      DoubleVector ax = xd.abs();
      DoubleVector p =
          FloatVector.fromArray(SIXTEEN_FLOATS, x, polynomials + 2 * j).reinterpretAsDoubles();
      // TorchErf.TIMES_X: 1 on the first two intervals (ax < 0.5), else 0
      DoubleVector timesX =
          ZERO.blend(1.0, interval(ax).compare(VectorOperators.LT, 2).cast(DOUBLES));
      DoubleVector r = timesX.fma(ax, ONE.sub(timesX)).mul(p).min(1.0);
      LongVector beyond = // all ones where ax > 4
          FOUR.sub(ax).reinterpretAsLongs().lanewise(VectorOperators.ASHR, 63);
      LongVector bits = r.reinterpretAsLongs().and(beyond.not()).or(beyond.and(ONE_BITS));
      ((FloatVector)
              bits.and(~SIGN)
                  .or(xd.reinterpretAsLongs().and(SIGN))
                  .reinterpretAsDoubles()
                  .convertShape(VectorOperators.D2F, EIGHT_FLOATS, 0))
          .intoArray(x, to + j);
    }
  }

  /**
   * {@link TorchErf#logf} ({@link BoxMullerMath#log} rounded to float) of the tail guess's {@code u
   * = (1 - |y|) / 2}, first part, for {@code y[from + j]}, {@code j < n}: {@code r + fma(e, LN2_LO,
   * tail)} as the bits of a double at {@code x[to + 2 j]}.
   */
  static void logParts(float[] y, int from, int n, float[] x, int to) {
    for (int j = 0; j < n; j += EIGHT_FLOATS.length()) {
      IntVector bits = tailArgument(y, from + j).reinterpretAsInts();
      IntVector mantissa = bits.and(0x7F_FFFF);
      IntVector i = logIndex(mantissa);
      DoubleVector m =
          (DoubleVector)
              mantissa
                  .or(0x3F80_0000)
                  .reinterpretAsFloats()
                  .convertShape(VectorOperators.F2D, DOUBLES, 0);
      DoubleVector center =
          ((DoubleVector) i.convertShape(VectorOperators.I2D, DOUBLES, 0)).mul(1.0 / 256).add(1.0);
      // r = (m - c) * INVERSE_CENTER[i], the table's 1 / c the same division
      DoubleVector r = m.sub(center).mul(ONE.div(center));
      DoubleVector r2 = r.mul(r);
      DoubleVector lowTerms = r.fma(1.0 / 3, -1.0 / 2);
      DoubleVector highTerms = r.fma(1.0 / 5, -1.0 / 4);
      DoubleVector tail =
          r2.mul(r2.fma(r2.fma(DoubleVector.broadcast(DOUBLES, -1.0 / 6), highTerms), lowTerms));
      exponent(bits, i)
          .fma(DoubleVector.broadcast(DOUBLES, BoxMullerMath.LN2_LO), tail)
          .add(r)
          .reinterpretAsFloats()
          .intoArray(x, to + 2 * j);
    }
  }

  /**
   * The tail guess's {@code z = (float) sqrt(-logf(u))} for {@code y[from + j]} into {@code x[to +
   * j]}, {@code j < n}, from the first parts of {@link #logParts} at {@code x[parts + 2 j]}: {@code
   * fma(e, LN2_HI, log c_i) + part}, {@code log c_i} gathered from {@link BoxMullerMath#LOG_CENTER}
   * with the indices in {@code lanes}. Only the lanes with {@code |y|} in (0.7, 1) are used.
   */
  static void tailRootsFromParts(
      float[] y, int from, int n, float[] x, int parts, int to, int[] lanes) {
    for (int j = 0; j < n; j += EIGHT_FLOATS.length()) {
      IntVector bits = tailArgument(y, from + j).reinterpretAsInts();
      IntVector i = logIndex(bits.and(0x7F_FFFF));
      i.intoArray(lanes, 0);
      DoubleVector logCenter =
          DoubleVector.fromArray(DOUBLES, BoxMullerMath.LOG_CENTER, 0, lanes, 0);
      DoubleVector part =
          FloatVector.fromArray(SIXTEEN_FLOATS, x, parts + 2 * j).reinterpretAsDoubles();
      DoubleVector log =
          exponent(bits, i)
              .fma(DoubleVector.broadcast(DOUBLES, BoxMullerMath.LN2_HI), logCenter)
              .add(part);
      ((FloatVector) log.convertShape(VectorOperators.D2F, EIGHT_FLOATS, 0))
          .neg()
          .sqrt()
          .intoArray(x, to + j);
    }
  }

  /** The tail guess's {@code (1 - |y|) / 2} of 8 floats {@code y[at ..]}. */
  private static FloatVector tailArgument(float[] y, int at) {
    return FloatVector.broadcast(EIGHT_FLOATS, 1f)
        .sub(FloatVector.fromArray(EIGHT_FLOATS, y, at).abs())
        .div(2f);
  }

  /**
   * {@link BoxMullerMath#log}'s table index {@code i} (the nearest {@code c = 1 + i/256}), 0 to
   * 256.
   */
  private static IntVector logIndex(IntVector mantissa) {
    return mantissa.add(1 << 14).lanewise(VectorOperators.LSHR, 15);
  }

  /**
   * {@link BoxMullerMath#log}'s exponent, in double: the float's, plus 1 where {@code c >= 1.5}
   * ({@code i >= 128}; {@code (i + 128) >>> 8} is 0 below, 1 from there to 256).
   */
  private static DoubleVector exponent(IntVector bits, IntVector i) {
    IntVector e =
        bits.lanewise(VectorOperators.LSHR, 23)
            .sub(127)
            .add(i.add(128).lanewise(VectorOperators.LSHR, 8));
    return (DoubleVector) e.convertShape(VectorOperators.I2D, DOUBLES, 0);
  }

  private VectorErfExp() {}
}
