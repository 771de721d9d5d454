package io.nninit.runtime;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code trunc_normal_}'s float passes after the uniform draw ({@link TorchInit#truncNormalWords}:
 * {@link TorchErf#erfinv(float[], int, int, float[], boolean)}, then {@code * scale + mean} and the
 * clamp), stage by stage over a chunk as the scalar code does, the float stages on vectors: the
 * rational first guesses (both of them, blended per lane), the Newton updates and the scale and
 * clamp. The stages that evaluate double-precision helpers with table lookups ({@link
 * TorchErf#logf} of the tail guess, {@link TorchErf#erff} and {@link TorchErf#expf} of the Newton
 * steps) stay scalar: written with the Vector API (gathers, lane permutations, float/double
 * conversions) each passes C2's node limit for one compilation, and then its vectors are boxed.
 *
 * <p>Every lane has the scalar code's bits: the same float operations in the same order (each fused
 * multiply-add of the fused build a lanewise {@code fma}; lanewise add, multiply, divide, min and
 * max are the IEEE operations Java's are), and both branches of the guess computed and the right
 * one blended in.
 */
final class VectorTorchErf {
  private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
  private static final int LANES = FLOATS.length();

  private static final FloatVector ONE = FloatVector.broadcast(FLOATS, 1f);
  private static final FloatVector INFINITY =
      FloatVector.broadcast(FLOATS, Float.POSITIVE_INFINITY);

  private VectorTorchErf() {}

  /**
   * The stages of {@code erfinv}, each a loop over the values from and to arrays. They run through
   * one call site that sees four classes, which C2 does not inline, so that it compiles each stage
   * alone: inlined together they pass its node limit for inlining, and a vector that crosses a call
   * that is not inlined is boxed (allocates).
   */
  private enum Stage {
    TAIL_ROOTS {
      @Override
      void run(float[] y, int from, int n, float[] x, int m) {
        tailRoots(y, from, n, x, m);
      }
    },
    TAIL_GUESSES {
      @Override
      void run(float[] y, int from, int n, float[] x, int m) {
        tailGuesses(y, from, n, x, m);
      }
    },
    GUESSES {
      @Override
      void run(float[] y, int from, int n, float[] x, int m) {
        guesses(y, from, n, x, m);
      }
    },
    ERFS {
      @Override
      void run(float[] y, int from, int n, float[] x, int m) {
        erfs(x, n, m);
      }
    },
    ERF_LOW_TERMS {
      @Override
      void run(float[] y, int from, int n, float[] x, int m) {
        erfTerms(x, n, 0, 3 * m);
      }
    },
    ERF_MIDDLE_TERMS {
      @Override
      void run(float[] y, int from, int n, float[] x, int m) {
        erfTerms(x, n, 4, 5 * m);
      }
    },
    ERF_POLYNOMIALS {
      @Override
      void run(float[] y, int from, int n, float[] x, int m) {
        erfPolynomials(x, n, 3 * m, 5 * m);
      }
    },
    ERFS_FROM_POLYNOMIALS {
      @Override
      void run(float[] y, int from, int n, float[] x, int m) {
        erfsFromPolynomials(x, n, 3 * m, m);
      }
    },
    EXPS {
      @Override
      void run(float[] y, int from, int n, float[] x, int m) {
        exps(x, n, 2 * m);
      }
    },
    EXP_POLYNOMIALS {
      @Override
      void run(float[] y, int from, int n, float[] x, int m) {
        expPolynomials(x, n, 3 * m);
      }
    },
    EXPS_FROM_POLYNOMIALS {
      @Override
      void run(float[] y, int from, int n, float[] x, int m) {
        expsFromPolynomials(x, n, 3 * m, 2 * m);
      }
    },
    NEWTON_STEPS {
      @Override
      void run(float[] y, int from, int n, float[] x, int m) {
        newtonSteps(y, from, n, x, m, 2 * m);
      }
    };

    /**
     * The stage on the values {@code j < n}: {@code y[from + j]}, the arguments, {@code x[j]} the
     * current values of erfinv, {@code x[m + j]} and {@code x[2 m + j]} the stages' inputs and
     * outputs.
     */
    abstract void run(float[] y, int from, int n, float[] x, int m);
  }

  /**
   * Whether the double-precision exp runs on vectors (of 8 doubles; else it is the scalar {@link
   * #exps}).
   */
  private static final boolean WIDE = DoubleVector.SPECIES_PREFERRED.vectorBitSize() >= 512;

  private static final Stage[] STAGES =
      WIDE
          ? new Stage[] {
            Stage.TAIL_ROOTS,
            Stage.TAIL_GUESSES,
            Stage.GUESSES,
            Stage.ERF_LOW_TERMS,
            Stage.ERF_MIDDLE_TERMS,
            Stage.ERF_POLYNOMIALS,
            Stage.ERFS_FROM_POLYNOMIALS,
            Stage.EXP_POLYNOMIALS,
            Stage.EXPS_FROM_POLYNOMIALS,
            Stage.NEWTON_STEPS,
            Stage.ERF_LOW_TERMS,
            Stage.ERF_MIDDLE_TERMS,
            Stage.ERF_POLYNOMIALS,
            Stage.ERFS_FROM_POLYNOMIALS,
            Stage.EXP_POLYNOMIALS,
            Stage.EXPS_FROM_POLYNOMIALS,
            Stage.NEWTON_STEPS
          }
          : new Stage[] {
            Stage.TAIL_ROOTS,
            Stage.TAIL_GUESSES,
            Stage.GUESSES,
            Stage.ERFS,
            Stage.EXPS,
            Stage.NEWTON_STEPS,
            Stage.ERFS,
            Stage.EXPS,
            Stage.NEWTON_STEPS
          };

  /** See {@link VectorKernels#truncNormalTransform}. */
  static int truncNormalTransform(
      float[] d,
      int from,
      int count,
      float scale,
      float mean,
      float low,
      float high,
      boolean fused,
      float[] x) {
    // x[0, m): the values; x[m, 2 m) and x[2 m, 3 m): floats per value from stage to stage
    int m = x.length / 7 / LANES * LANES;
    if (!fused || m == 0) { // PyTorch's default build (two roundings per step): scalar
      return 0;
    }
    int done = 0;
    while (count - done >= LANES) {
      int n = Math.min(count - done, m) / LANES * LANES;
      int at = from + done;
      for (Stage stage : STAGES) {
        stage.run(d, at, n, x, m);
      }
      for (int j = 0; j < n; j += LANES) {
        FloatVector.fromArray(FLOATS, x, j)
            .mul(scale)
            .add(mean)
            .max(low)
            .min(high)
            .intoArray(d, at + j);
      }
      done += n;
    }
    return done;
  }

  /**
   * The tail guess's {@code z = (float) sqrt(-logf((1 - |y|) / 2))} of {@code y[from + j]} into
   * {@code x[to + j]}, {@code j < n}: the scalar code (on vectors, the log's table gather and
   * conversions pass C2's node limit for one compilation).
   */
  private static void tailRoots(float[] y, int from, int n, float[] x, int to) {
    for (int j = 0; j < n; j++) {
      x[to + j] = (float) Math.sqrt(-TorchErf.logf((1f - Math.abs(y[from + j])) / 2f));
    }
  }

  /**
   * The tail guess of {@link TorchErf#erfinvGuess} (fused) from its root {@code z} in {@code x[at +
   * j]}, in place, for {@code y[from + j]}, {@code j < n}.
   */
  private static void tailGuesses(float[] y, int from, int n, float[] x, int at) {
    for (int j = 0; j < n; j += LANES) {
      FloatVector w = FloatVector.fromArray(FLOATS, x, at + j);
      FloatVector num = constant(TorchErf.C3).fma(w, constant(TorchErf.C2));
      num = num.fma(w, constant(TorchErf.C1)).fma(w, constant(TorchErf.C0));
      FloatVector dem = constant(TorchErf.D1).fma(w, constant(TorchErf.D0)).fma(w, ONE);
      copySign(num, FloatVector.fromArray(FLOATS, y, from + j)).div(dem).intoArray(x, at + j);
    }
  }

  /**
   * {@link TorchErf#erfinvGuess} (fused) of {@code y[from + j]} into {@code x[j]}, {@code j < n},
   * with the tail guess in {@code x[tails + j]}: the central one computed and the right one blended
   * in per lane.
   */
  private static void guesses(float[] y, int from, int n, float[] x, int tails) {
    for (int j = 0; j < n; j += LANES) {
      FloatVector v = FloatVector.fromArray(FLOATS, y, from + j);
      FloatVector av = v.abs();
      FloatVector z = v.mul(v);
      FloatVector num = constant(TorchErf.A3).fma(z, constant(TorchErf.A2));
      num = num.fma(z, constant(TorchErf.A1)).fma(z, constant(TorchErf.A0));
      FloatVector dem = constant(TorchErf.B3).fma(z, constant(TorchErf.B2));
      dem = dem.fma(z, constant(TorchErf.B1)).fma(z, constant(TorchErf.B0)).fma(z, ONE);
      FloatVector.fromArray(FLOATS, x, tails + j)
          .blend(v.mul(num).div(dem), av.compare(VectorOperators.LE, TorchErf.CENTRAL))
          .blend(copySign(INFINITY, v), av.compare(VectorOperators.EQ, 1f))
          .blend(Float.NaN, av.compare(VectorOperators.LE, 1f).not())
          .intoArray(x, j);
    }
  }

  /**
   * {@link TorchErf#erff} of {@code x[j]} into {@code x[to + j]}, {@code j < n}: the scalar code
   * (its piecewise polynomial picks 11 coefficients per lane, which on vectors passes C2's node
   * limit for one compilation).
   */
  private static void erfs(float[] x, int n, int to) {
    for (int j = 0; j < n; j++) {
      x[to + j] = TorchErf.erff(x[j]);
    }
  }

  /**
   * {@link TorchErf#expf} of {@code -x[j] * x[j]} into {@code x[to + j]}, {@code j < n}: the scalar
   * code (its table lookup and conversions on vectors pass C2's node limit for one compilation).
   */
  private static void exps(float[] x, int n, int to) {
    for (int j = 0; j < n; j++) {
      x[to + j] = TorchErf.expf(-x[j] * x[j]);
    }
  }

  private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_512;
  private static final VectorSpecies<Float> EIGHT_FLOATS = FloatVector.SPECIES_256;
  private static final VectorSpecies<Float> SIXTEEN_FLOATS = FloatVector.SPECIES_512;
  private static final double ROUND = 0x1.8p52;

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
  private static void expPolynomials(float[] x, int n, int to) {
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
  private static void expsFromPolynomials(float[] x, int n, int polynomials, int to) {
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
  private static void erfTerms(float[] x, int n, int k, int to) {
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
  private static void erfPolynomials(float[] x, int n, int low, int middle) {
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
  private static void erfsFromPolynomials(float[] x, int n, int polynomials, int to) {
    for (int j = 0; j < n; j += EIGHT_FLOATS.length()) {
      DoubleVector xd = doubles(x, j);
      DoubleVector ax = xd.abs();
      DoubleVector p =
          FloatVector.fromArray(SIXTEEN_FLOATS, x, polynomials + 2 * j).reinterpretAsDoubles();
      // TorchErf.TIMES_X: 1 on the first two intervals (ax < 0.5), else 0
      DoubleVector timesX =
          ZERO.blend(1.0, interval(ax).compare(VectorOperators.LT, 2).cast(DOUBLES));
      DoubleVector r = timesX.fma(ax, ONE_DOUBLE.sub(timesX)).mul(p).min(1.0);
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

  private static final DoubleVector ZERO = DoubleVector.zero(DOUBLES);
  private static final DoubleVector ONE_DOUBLE = DoubleVector.broadcast(DOUBLES, 1.0);
  private static final DoubleVector FOUR = DoubleVector.broadcast(DOUBLES, 4.0);
  private static final long SIGN = Long.MIN_VALUE;
  private static final long ONE_BITS = Double.doubleToRawLongBits(1.0);

  /**
   * {@link TorchErf#newtonStep} on {@code x[j]} towards {@code y[from + j]}, {@code j < n}, with
   * {@code erff(x[j])} in {@code x[erfs + j]} and {@code expf(-x[j]^2)} in {@code x[exps + j]},
   * where {@code |y| < 1} (+-1 and NaN are final after the guess).
   */
  private static void newtonSteps(float[] y, int from, int n, float[] x, int erfs, int exps) {
    for (int j = 0; j < n; j += LANES) {
      FloatVector v = FloatVector.fromArray(FLOATS, y, from + j);
      FloatVector g = FloatVector.fromArray(FLOATS, x, j);
      FloatVector erf = FloatVector.fromArray(FLOATS, x, erfs + j);
      FloatVector exp = FloatVector.fromArray(FLOATS, x, exps + j);
      FloatVector next = g.sub(erf.sub(v).div(exp.mul(TorchErf.TWO_OVER_SQRT_PI_F)));
      g.blend(next, v.abs().compare(VectorOperators.LT, 1f)).intoArray(x, j);
    }
  }

  private static FloatVector constant(float value) {
    return FloatVector.broadcast(FLOATS, value);
  }

  /** {@link Math#copySign(float, float)} on each lane. */
  private static FloatVector copySign(FloatVector magnitude, FloatVector sign) {
    return magnitude
        .reinterpretAsInts()
        .and(0x7FFF_FFFF)
        .or(sign.reinterpretAsInts().and(0x8000_0000))
        .reinterpretAsFloats();
  }
}
