package io.nninit.runtime;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code trunc_normal_}'s float passes after the uniform draw ({@link TorchInit#truncNormalWords}:
 * {@link TorchErf#erfinv(float[], int, int, float[], boolean)} of the fused (AVX2) build, then
 * {@code * scale + mean} and the clamp), stage by stage over a part of the chunk as the scalar code
 * does: the rational first guesses (both of them, blended per lane), the Newton updates and the
 * scale and clamp on float vectors; {@link TorchErf#erff} and {@link TorchErf#expf} of the Newton
 * steps, and the tail guess's {@link TorchErf#logf} (in two stages, with one gather for its
 * 257-entry table, so that each stays within C2's node limit for one compilation), on double
 * vectors ({@link VectorErfExp}). The whole kernel runs only with 512-bit vectors ({@link
 * VectorKernels#wide()}).
 *
 * <p>Every lane has the scalar code's bits: the same float operations in the same order (each fused
 * multiply-add of the fused build a lanewise {@code fma}; lanewise add, multiply, divide, min and
 * max are the IEEE operations Java's are), both guesses computed and the right one blended in, and
 * {@link VectorErfExp}'s helpers are exact in the same way.
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
   * one call site that sees many classes, which C2 does not inline, so that it compiles each stage
   * alone: inlined together they pass its node limit for inlining, and a vector that crosses a call
   * that is not inlined is boxed (allocates).
   */
  private enum Stage {
    TAIL_ROOTS {
      @Override
      void run(float[] y, int from, int n, float[] x, int m, int[] lanes) {
        tailRoots(y, from, n, x, m);
      }
    },
    LOG_PARTS {
      @Override
      void run(float[] y, int from, int n, float[] x, int m, int[] lanes) {
        VectorErfExp.logParts(y, from, n, x, 3 * m);
      }
    },
    TAIL_ROOTS_FROM_PARTS {
      @Override
      void run(float[] y, int from, int n, float[] x, int m, int[] lanes) {
        VectorErfExp.tailRootsFromParts(y, from, n, x, 3 * m, m, lanes);
      }
    },
    TAIL_GUESSES {
      @Override
      void run(float[] y, int from, int n, float[] x, int m, int[] lanes) {
        tailGuesses(y, from, n, x, m);
      }
    },
    GUESSES {
      @Override
      void run(float[] y, int from, int n, float[] x, int m, int[] lanes) {
        guesses(y, from, n, x, m);
      }
    },
    ERFS {
      @Override
      void run(float[] y, int from, int n, float[] x, int m, int[] lanes) {
        erfs(x, n, m);
      }
    },
    ERF_LOW_TERMS {
      @Override
      void run(float[] y, int from, int n, float[] x, int m, int[] lanes) {
        VectorErfExp.erfTerms(x, n, 0, 3 * m);
      }
    },
    ERF_MIDDLE_TERMS {
      @Override
      void run(float[] y, int from, int n, float[] x, int m, int[] lanes) {
        VectorErfExp.erfTerms(x, n, 4, 5 * m);
      }
    },
    ERF_POLYNOMIALS {
      @Override
      void run(float[] y, int from, int n, float[] x, int m, int[] lanes) {
        VectorErfExp.erfPolynomials(x, n, 3 * m, 5 * m);
      }
    },
    ERFS_FROM_POLYNOMIALS {
      @Override
      void run(float[] y, int from, int n, float[] x, int m, int[] lanes) {
        VectorErfExp.erfsFromPolynomials(x, n, 3 * m, m);
      }
    },
    EXPS {
      @Override
      void run(float[] y, int from, int n, float[] x, int m, int[] lanes) {
        exps(x, n, 2 * m);
      }
    },
    EXP_POLYNOMIALS {
      @Override
      void run(float[] y, int from, int n, float[] x, int m, int[] lanes) {
        VectorErfExp.expPolynomials(x, n, 3 * m);
      }
    },
    EXPS_FROM_POLYNOMIALS {
      @Override
      void run(float[] y, int from, int n, float[] x, int m, int[] lanes) {
        VectorErfExp.expsFromPolynomials(x, n, 3 * m, 2 * m);
      }
    },
    NEWTON_STEPS {
      @Override
      void run(float[] y, int from, int n, float[] x, int m, int[] lanes) {
        newtonSteps(y, from, n, x, m, 2 * m);
      }
    };

    /**
     * The stage on the values {@code j < n}: {@code y[from + j]}, the arguments, {@code x[j]} the
     * current values of erfinv, {@code x[m + j]} to {@code x[7 m + 2 j]} the stages' inputs and
     * outputs (see {@link #truncNormalTransform}).
     */
    abstract void run(float[] y, int from, int n, float[] x, int m, int[] lanes);
  }

  /**
   * Whether erff and expf run on vectors of 8 doubles ({@link VectorErfExp}; else they are the
   * scalar {@link #erfs} and {@link #exps}), and the tail guess's logf too (else {@link
   * #tailRoots}).
   */
  private static final boolean WIDE = DoubleVector.SPECIES_PREFERRED.vectorBitSize() >= 512;

  private static final Stage[] STAGES =
      WIDE
          ? new Stage[] {
            Stage.LOG_PARTS,
            Stage.TAIL_ROOTS_FROM_PARTS,
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
      float[] x,
      int[] lanes) {
    // x[0, m): the values; x[m, 2 m) and x[2 m, 3 m): a float per value from stage to stage;
    // x[3 m, 5 m) and x[5 m, 7 m): a double per value (its bits) from stage to stage
    int m = x.length / 7 / LANES * LANES;
    if (!fused
        || m == 0
        || lanes.length
            < TorchInit.TRUNC_LANES) { // PyTorch's default build (two roundings per step): scalar
      return 0;
    }
    int done = 0;
    while (count - done >= LANES) {
      int n = Math.min(count - done, m) / LANES * LANES;
      int at = from + done;
      for (Stage stage : STAGES) {
        stage.run(d, at, n, x, m, lanes);
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
   * {@code x[to + j]}, {@code j < n}: the scalar code.
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
   * {@link TorchErf#erff} of {@code x[j]} into {@code x[to + j]}, {@code j < n}: the scalar code,
   * without 512-bit vectors.
   */
  private static void erfs(float[] x, int n, int to) {
    for (int j = 0; j < n; j++) {
      x[to + j] = TorchErf.erff(x[j]);
    }
  }

  /**
   * {@link TorchErf#expf} of {@code -x[j] * x[j]} into {@code x[to + j]}, {@code j < n}: the scalar
   * code, without 512-bit vectors.
   */
  private static void exps(float[] x, int n, int to) {
    for (int j = 0; j < n; j++) {
      x[to + j] = TorchErf.expf(-x[j] * x[j]);
    }
  }

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
