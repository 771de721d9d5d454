package io.nninit.runtime;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;

/**
 * Double-precision sine and cosine that allocate nothing, for PyTorch's double Box–Muller ({@code
 * normal_} on fewer than 16 elements, {@link TorchGenerator}): since JDK 21, {@code
 * StrictMath.sin/cos} allocate an array on every call with {@code |x| > pi/4}, which escape
 * analysis does not remove. Written from the textbook method, with our own constants and error
 * budget:
 *
 * <ol>
 *   <li><b>Reduction.</b> {@code k = rint(x * 2/pi)} and {@code r = x - k pi/2} with {@code pi/2 =
 *       P1 + P2 + P3} (three doubles, about 164 bits, derived from the decimal digits of pi at
 *       class initialization). {@code x - k P1} is exact with one {@link Math#fma} (both terms are
 *       multiples of 2^-53 and their difference is below 1), {@code k P2} is exact as a pair of
 *       doubles, {@code k P3} is one rounded product; the sum is kept as a double-double {@code r}.
 *       Its error is below 2^-105 relative plus 2^-135 absolute for {@code |x| <= 2^20}; no double
 *       comes closer than about 2^-61 to a nonzero multiple of pi/2 (a classic result on argument
 *       reduction), so {@code r} is good to at least 74 bits, and to about 105 bits unless {@code
 *       x} is within 2^-30 of such a multiple.
 *   <li><b>Series.</b> With {@code z = r^2} (double-double), {@code sin r = r (1 + sum_n (-1)^n z^n
 *       / (2n+1)!)} and {@code cos r = 1 + sum_n (-1)^n z^n / (2n)!}, Horner's scheme in
 *       double-double for the terms above 2^-50 (coefficients are double-doubles of {@code 1/n!})
 *       and in plain double for the rest, truncated below 2^-118 relative for {@code |r| <= pi/4}.
 *   <li><b>One rounding.</b> The double-double result (about 104 bits) is rounded once, so the
 *       result is the correctly rounded double unless the exact value lies within about 2^-100
 *       (relative) of the midpoint between two doubles.
 * </ol>
 *
 * <p>So these are practically always the correctly rounded {@code sin x} and {@code cos x}: the
 * value glibc (PyTorch's {@code sin/cos}) and fdlibm ({@code StrictMath}) aim at, which neither
 * returns everywhere. Equal to mpmath's correctly rounded values on every argument of the test
 * reference (1511, including the hardest reductions). On 10^7 PyTorch angles {@code 2 pi u} the
 * results differ from fdlibm's by one ulp on 3.4 % of them (mpmath sided with DoubleTrig on all 40
 * differences checked), and the float normals built from them were all equal. Pure Java arithmetic
 * and {@link Math#fma} (exactly specified), so the results are the same on every JVM; fast only
 * where {@code fma} is one instruction (x86 since Haswell/Zen, AArch64).
 */
final class DoubleTrig {
  /** The largest accepted magnitude of an argument. */
  static final double MAX_ARGUMENT = 0x1p20;

  /** Below this magnitude, {@code sin x} rounds to {@code x} and {@code cos x} to 1. */
  private static final double TINY = 0x1p-27;

  /** Decimal digits of pi (a fact); 70 digits are about 232 bits, far more than needed. */
  private static final String PI_DIGITS =
      "3.141592653589793238462643383279502884197169399375105820974944592307816";

  private static final MathContext WIDE = new MathContext(70);

  /** Only picks the multiple k; its own rounding does not matter (|r| stays near pi/4). */
  private static final double TWO_OVER_PI = 2 / Math.PI;

  /** pi/2 = P1 + P2 + P3 + (about 2^-164): each the double nearest to what remains. */
  private static final double P1;

  private static final double P2;
  private static final double P3;

  /** Leading terms of sin's series, in double-double: {@code (-1)^n / (2n+1)!}, n = 0..7. */
  private static final double[] SIN_HI = new double[8];

  private static final double[] SIN_LO = new double[8];

  /** Further terms of sin's series, in double: n = 8..14. */
  private static final double[] SIN_TAIL = new double[7];

  /** Leading terms of cos's series, in double-double: {@code (-1)^n / (2n)!}, n = 0..8. */
  private static final double[] COS_HI = new double[9];

  private static final double[] COS_LO = new double[9];

  /** Further terms of cos's series, in double: n = 9..15. */
  private static final double[] COS_TAIL = new double[7];

  static {
    BigDecimal rest = new BigDecimal(PI_DIGITS).divide(BigDecimal.valueOf(2));
    P1 = rest.doubleValue();
    rest = rest.subtract(new BigDecimal(P1));
    P2 = rest.doubleValue();
    rest = rest.subtract(new BigDecimal(P2));
    P3 = rest.doubleValue();
    fillSeries(SIN_HI, SIN_LO, SIN_TAIL, 1);
    fillSeries(COS_HI, COS_LO, COS_TAIL, 0);
  }

  private DoubleTrig() {}

  /**
   * The coefficients {@code (-1)^n / (2n + odd)!}: the first {@code hi.length} as double-doubles,
   * the next {@code tail.length} as doubles.
   */
  private static void fillSeries(double[] hi, double[] lo, double[] tail, int odd) {
    for (int n = 0; n < hi.length + tail.length; n++) {
      BigInteger factorial = BigInteger.ONE;
      for (int i = 2; i <= 2 * n + odd; i++) {
        factorial = factorial.multiply(BigInteger.valueOf(i));
      }
      BigDecimal c = BigDecimal.ONE.divide(new BigDecimal(factorial), WIDE);
      if (n % 2 == 1) {
        c = c.negate();
      }
      double h = c.doubleValue();
      if (n < hi.length) {
        hi[n] = h;
        lo[n] = c.subtract(new BigDecimal(h)).doubleValue();
      } else {
        tail[n - hi.length] = h;
      }
    }
  }

  /**
   * {@code sin x}, practically always correctly rounded (see the class comment).
   *
   * @throws IllegalArgumentException if {@code x} is NaN, infinite or of magnitude above {@link
   *     #MAX_ARGUMENT}
   */
  static double sin(double x) {
    return evaluate(x, 0);
  }

  /**
   * {@code cos x}, practically always correctly rounded (see the class comment).
   *
   * @throws IllegalArgumentException if {@code x} is NaN, infinite or of magnitude above {@link
   *     #MAX_ARGUMENT}
   */
  static double cos(double x) {
    return evaluate(x, 1);
  }

  /** {@code sin(x + shift pi/2)}. */
  private static double evaluate(double x, int shift) {
    double ax = Math.abs(x);
    if (!(ax <= MAX_ARGUMENT)) {
      throw new IllegalArgumentException(
          "sin/cos argument "
              + x
              + " is not a finite number of magnitude at most 2^20; the Box-Muller angles this"
              + " serves lie in [0, 2 pi], so check how the angle was computed");
    }
    if (ax < TINY) {
      return shift == 0 ? x : 1.0;
    }
    double k = Math.rint(x * TWO_OVER_PI);
    double rh;
    double rl;
    if (k == 0) {
      rh = x;
      rl = 0;
    } else {
      double a = Math.fma(-k, P1, x); // exact
      double bh = k * P2;
      double bl = Math.fma(k, P2, -bh); // k P2 = bh + bl exactly
      double s = a - bh;
      double v = s - a;
      double e = (a - (s - v)) - (bh + v); // a - bh = s + e exactly
      double t = e - (bl + k * P3);
      rh = s + t;
      rl = t - (rh - s);
    }
    // sin(x + shift pi/2) = sin(r + q pi/2): sin r, cos r, -sin r, -cos r for q = 0, 1, 2, 3
    int q = ((int) (long) k + shift) & 3;
    double value = (q & 1) == 0 ? sinReduced(rh, rl) : cosReduced(rh, rl);
    return (q & 2) == 0 ? value : -value;
  }

  /** {@code sin r} for the double-double {@code r = rh + rl}, {@code |r| <= pi/4}, rounded once. */
  private static double sinReduced(double rh, double rl) {
    double zh = rh * rh;
    double zl = Math.fma(rh, rh, -zh) + 2 * rh * rl;
    return series(zh, zl, SIN_HI, SIN_LO, SIN_TAIL, rh, rl);
  }

  /** {@code cos r} for the double-double {@code r = rh + rl}, {@code |r| <= pi/4}, rounded once. */
  private static double cosReduced(double rh, double rl) {
    double zh = rh * rh;
    double zl = Math.fma(rh, rh, -zh) + 2 * rh * rl;
    return series(zh, zl, COS_HI, COS_LO, COS_TAIL, 1, 0);
  }

  /**
   * {@code f * sum_n c_n z^n}, rounded once, for double-doubles {@code z = zh + zl} and {@code f =
   * fh + fl}: the tail coefficients by Horner's scheme in double, then the leading ones in
   * double-double.
   */
  private static double series(
      double zh, double zl, double[] hi, double[] lo, double[] tail, double fh, double fl) {
    double ph = tail[tail.length - 1];
    for (int n = tail.length - 2; n >= 0; n--) {
      ph = Math.fma(ph, zh, tail[n]);
    }
    double pl = 0;
    for (int n = hi.length - 1; n >= 0; n--) {
      // q = z * p
      double qh = zh * ph;
      double ql = Math.fma(zh, ph, -qh) + (zh * pl + zl * ph);
      // p = c_n + q
      double sh = hi[n] + qh;
      double v = sh - hi[n];
      double e = ((hi[n] - (sh - v)) + (qh - v)) + (lo[n] + ql);
      ph = sh + e;
      pl = e - (ph - sh);
    }
    double h = fh * ph;
    return h + (Math.fma(fh, ph, -h) + (fh * pl + fl * ph));
  }
}
