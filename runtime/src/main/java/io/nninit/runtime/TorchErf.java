package io.nninit.runtime;

/**
 * The error function and PyTorch's single-precision inverse error function, written from the
 * published mathematics (no libm source).
 *
 * <p>{@link #erf(double)} is within 1 ulp of glibc's {@code erf} (which Python's {@code math.erf}
 * calls) and equal to it for about 98 % of arguments (tested against a glibc table); {@link
 * #erff(float)} is within 1 ulp of glibc's {@code erff} and equal for about 98 %. {@link
 * #erfinv(float, boolean)} follows PyTorch's {@code calc_erfinv<float>}: a rational first guess
 * (Giles' published coefficients) and two Newton steps. PyTorch's Newton steps call glibc's {@code
 * erff} and {@code expf}, and the tail guess glibc's {@code logf}; here they are {@link #erff},
 * {@code (float) exp(...)} and {@code (float) log(...)}, so the inverse differs from PyTorch's by
 * at most a few ulp (4 ulp is the tested bound on the PyTorch oracle) and is exact for most
 * arguments. Allocation-free.
 */
final class TorchErf {
  /** 2/sqrt(pi) as a double-double: the nearest double and the rest. */
  private static final double TWO_OVER_SQRT_PI = 0x1.20dd750429b6dp+0;

  private static final double TWO_OVER_SQRT_PI_LO = 0x1.1ae3a914fed80p-56;
  private static final float TWO_OVER_SQRT_PI_F = 2f / (float) Math.sqrt(Math.PI);
  private static final float A0 = (float) 0.886226899;
  private static final float A1 = (float) -1.645349621;
  private static final float A2 = (float) 0.914624893;
  private static final float A3 = (float) -0.140543331;
  private static final float B0 = (float) -2.118377725;
  private static final float B1 = (float) 1.442710462;
  private static final float B2 = (float) -0.329097515;
  private static final float B3 = (float) 0.012229801;
  private static final float C0 = (float) -1.970840454;
  private static final float C1 = (float) -1.624906493;
  private static final float C2 = (float) 3.429567803;
  private static final float C3 = (float) 1.641345311;
  private static final float D0 = (float) 3.543889200;
  private static final float D1 = (float) 1.637067800;
  private static final float CENTRAL = (float) 0.7;

  private TorchErf() {}

  /**
   * The error function in double precision, for the bounds of {@code trunc_normal_}: the Taylor
   * series {@code erf(x) = 2/sqrt(pi) * sum_n (-1)^n x^(2n+1) / (n! (2n+1))} summed in
   * double-double arithmetic (about 106 bits, which absorbs the series' cancellation up to |x| = 6,
   * beyond which erf rounds to +-1), then rounded once. Nearly always the correctly rounded value;
   * tested within 1 ulp of glibc's {@code erf}, which Python's {@code math.erf} calls.
   */
  static double erf(double x) {
    if (Double.isNaN(x)) {
      return x;
    }
    double ax = Math.abs(x);
    if (ax >= 6.0) {
      return Math.copySign(1.0, x);
    }
    // -x^2 as a double-double
    double sqHi = -(ax * ax);
    double sqLo = -Math.fma(ax, ax, -(ax * ax));
    double termHi = ax;
    double termLo = 0;
    double sumHi = ax;
    double sumLo = 0;
    for (int n = 1; n < 400; n++) {
      // term *= -x^2
      double p = termHi * sqHi;
      double e = Math.fma(termHi, sqHi, -p) + (termHi * sqLo + termLo * sqHi);
      termHi = p + e;
      termLo = e - (termHi - p);
      // term /= n
      double q = termHi / n;
      double r = Math.fma(-q, n, termHi) + termLo;
      double q2 = r / n;
      termHi = q + q2;
      termLo = q2 - (termHi - q);
      // contribution = term / (2n+1)
      int odd = 2 * n + 1;
      double c = termHi / odd;
      double cr = Math.fma(-c, odd, termHi) + termLo;
      double c2 = cr / odd;
      // sum += contribution (two-sum)
      double s = sumHi + c;
      double bb = s - sumHi;
      double err = (sumHi - (s - bb)) + (c - bb);
      err += sumLo + c2;
      sumHi = s + err;
      sumLo = err - (sumHi - s);
      if (Math.abs(c) < 0x1p-110 * Math.abs(sumHi)) {
        break;
      }
    }
    // times 2/sqrt(pi) as a double-double
    double p = sumHi * TWO_OVER_SQRT_PI;
    double e =
        Math.fma(sumHi, TWO_OVER_SQRT_PI, -p)
            + (sumHi * TWO_OVER_SQRT_PI_LO + sumLo * TWO_OVER_SQRT_PI);
    return Math.copySign(Math.min(p + e, 1.0), x);
  }

  /**
   * A faster error function for {@link #erff}: {@code erf(x) = 2/sqrt(pi) * exp(-x^2) * sum_n
   * (2x^2)^n x / (2n+1)!!} (positive terms, no cancellation), relative error below 1e-14, ample for
   * a float result.
   */
  static double erfForFloat(double x) {
    double ax = Math.abs(x);
    if (ax >= 6.0) {
      return Math.copySign(1.0, x);
    }
    double twoX2 = 2.0 * ax * ax;
    double term = ax;
    double sum = ax;
    for (int n = 1; n < 400; n++) {
      term *= twoX2 / (2 * n + 1);
      double before = sum;
      sum += term;
      if (sum == before) {
        break;
      }
    }
    // exp(-x^2) with x^2 = hi + lo split exactly, so the rounding of x^2 does not enter exp
    double hi = ax * ax;
    double lo = Math.fma(ax, ax, -hi);
    double gaussian = StrictMath.exp(-hi) * (1.0 - lo);
    return Math.copySign(Math.min(TWO_OVER_SQRT_PI * gaussian * sum, 1.0), x);
  }

  /** Single-precision {@code erf}, rounded from the double one. */
  static float erff(float x) {
    return (float) erfForFloat(x);
  }

  /** Single-precision {@code exp}, rounded from the double one. */
  static float expf(float x) {
    return (float) StrictMath.exp(x);
  }

  /** Single-precision {@code log}, rounded from the double one. */
  static float logf(float x) {
    return (float) StrictMath.log(x);
  }

  /**
   * PyTorch's {@code calc_erfinv<float>}. {@code fused}: whether each Horner step {@code a*z+b} is
   * one fused multiply-add (PyTorch's AVX2 build) or two roundings (its default build).
   */
  static float erfinv(float y, boolean fused) {
    float ay = Math.abs(y);
    if (ay > 1f) {
      return Float.NaN;
    }
    if (ay == 1f) {
      return Math.copySign(Float.POSITIVE_INFINITY, y);
    }
    float x;
    if (ay <= CENTRAL) {
      float z = y * y;
      float num = mad(mad(mad(A3, z, A2, fused), z, A1, fused), z, A0, fused);
      float dem = mad(mad(mad(mad(B3, z, B2, fused), z, B1, fused), z, B0, fused), z, 1f, fused);
      x = y * num / dem;
    } else {
      float z = (float) Math.sqrt(-logf((1f - ay) / 2f));
      float num = mad(mad(mad(C3, z, C2, fused), z, C1, fused), z, C0, fused);
      float dem = mad(mad(D1, z, D0, fused), z, 1f, fused);
      x = Math.copySign(num, y) / dem;
    }
    x = x - (erff(x) - y) / (TWO_OVER_SQRT_PI_F * expf(-x * x));
    x = x - (erff(x) - y) / (TWO_OVER_SQRT_PI_F * expf(-x * x));
    return x;
  }

  private static float mad(float a, float b, float c, boolean fused) {
    return fused ? Math.fma(a, b, c) : a * b + c;
  }
}
