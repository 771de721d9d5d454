package io.nninit.runtime;

/**
 * The error function and PyTorch's single-precision inverse error function.
 *
 * <p>{@link #erf(double)} evaluates {@code erf(x) = 2/sqrt(pi) * exp(-x^2) * sum_n (2x^2)^n x /
 * (2n+1)!!} (a series of positive terms, so no cancellation); its error is a few units in the last
 * place of a double, against libm's {@code erf} which Python's {@code math.erf} uses. {@link
 * #erfinv(float, boolean)} follows PyTorch's {@code calc_erfinv<float>}: a rational first guess
 * (Giles' published coefficients) and two Newton steps. PyTorch's Newton steps call glibc's {@code
 * erff} and {@code expf}, and the tail guess glibc's {@code logf}; here they are the correctly
 * rounded (up to a rare double-rounding tie) values {@code (float) erf((double) x)}, {@code (float)
 * exp(...)} and {@code (float) log(...)}, which differ from glibc's in the last bit for a few
 * percent of arguments. The inverse therefore differs from PyTorch's by at most a few ulp (bound
 * tested: 4 ulp on the PyTorch oracle), and is exact for most arguments. Allocation-free.
 */
final class TorchErf {
  private static final double TWO_OVER_SQRT_PI = 2.0 / Math.sqrt(Math.PI);
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

  /** The error function in double precision (within a few ulp of libm's {@code erf}). */
  static double erf(double x) {
    if (Double.isNaN(x)) {
      return x;
    }
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
    double result = TWO_OVER_SQRT_PI * StrictMath.exp(-ax * ax) * sum;
    return Math.copySign(Math.min(result, 1.0), x);
  }

  /** Single-precision {@code erf}, rounded from the double one. */
  static float erff(float x) {
    return (float) erf(x);
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
