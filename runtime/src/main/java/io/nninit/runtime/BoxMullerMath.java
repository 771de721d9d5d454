package io.nninit.runtime;

/**
 * Fast double-precision {@code log}, {@code sin} and {@code cos} on the Box-Muller arguments of
 * {@link GlibcFloatMath}, accurate enough that rounding them to float gives the correctly rounded
 * float result, the same as {@code (float) StrictMath.f(x)}, on all 2^23 arguments (the tests
 * check every one). Pure Java arithmetic (strict since Java 17), so the results are the same on
 * every JVM; no intrinsic or native call.
 *
 * <p><b>log.</b> The argument {@code u = m * 2^e}, {@code m} in [1, 2), is split at the nearest
 * {@code c = 1 + i/128}; {@code log u = e ln2 + log c + log1p(r)} with {@code r = (m - c) / c}
 * (the difference is exact) and a degree-7 Taylor series for {@code log1p} ({@code |r| <= 2^-8},
 * truncation below 2^-66). For {@code c >= 1.5} the table holds {@code log(c / 2)} and the exponent
 * is raised by one, so that arguments just below 1 never subtract two nearly equal logarithms.
 *
 * <p><b>sin, cos.</b> The angle lies in [0, 2 pi): {@code q = round(x * 2/pi)}, {@code y = x - q
 * pi/2} with pi/2 in two parts (the first with 33 significant bits, so {@code q * part} is exact),
 * {@code |y| <= pi/4}; Taylor series to degree 17 (sine) and 18 (cosine), truncation below 2^-63,
 * then the quadrant's signs and swap.
 */
final class BoxMullerMath {
  private static final int LOG_TABLE_BITS = 7;
  private static final int LOG_TABLE_SIZE = (1 << LOG_TABLE_BITS) + 1; // c = 1 + i/128, i = 0..128
  private static final int HALVING_INDEX = 1 << (LOG_TABLE_BITS - 1); // c >= 1.5
  private static final double LN2_HI = 6.93147180369123816490e-01; // ln 2, first 32 bits
  private static final double LN2_LO = 1.90821492927058770002e-10; // ln 2 - LN2_HI
  private static final double PIO2_HI = 1.57079632673412561417e+00; // pi/2, first 33 bits
  private static final double PIO2_LO = 6.07710050650619224932e-11; // pi/2 - PIO2_HI
  private static final double TWO_OVER_PI = 2.0 / Math.PI;

  /** {@code 1 / c_i}. */
  private static final double[] INVERSE_CENTER = new double[LOG_TABLE_SIZE];

  /** {@code log c_i}, or {@code log(c_i / 2)} from {@link #HALVING_INDEX} on. */
  private static final double[] LOG_CENTER = new double[LOG_TABLE_SIZE];

  static {
    for (int i = 0; i < LOG_TABLE_SIZE; i++) {
      double center = 1.0 + i / (double) (1 << LOG_TABLE_BITS);
      INVERSE_CENTER[i] = 1.0 / center;
      LOG_CENTER[i] = StrictMath.log(i >= HALVING_INDEX ? center / 2.0 : center);
    }
  }

  private BoxMullerMath() {}

  /** The natural logarithm of a positive, normal float {@code u}. */
  static double log(float u) {
    int bits = Float.floatToRawIntBits(u);
    int mantissa = bits & 0x7F_FFFF;
    int i = (mantissa + (1 << (22 - LOG_TABLE_BITS))) >>> (23 - LOG_TABLE_BITS); // nearest c
    int exponent = (bits >>> 23) - 127 + (i >= HALVING_INDEX ? 1 : 0);
    double m = Float.intBitsToFloat(mantissa | 0x3F80_0000); // in [1, 2)
    double r = (m - (1.0 + i * (1.0 / (1 << LOG_TABLE_BITS)))) * INVERSE_CENTER[i];
    double r2 = r * r;
    double tail =
        r2
            * (-1.0 / 2
                + r
                    * (1.0 / 3
                        + r * (-1.0 / 4 + r * (1.0 / 5 + r * (-1.0 / 6 + r * (1.0 / 7))))));
    double e = exponent;
    return (e * LN2_HI + LOG_CENTER[i]) + (r + (tail + e * LN2_LO));
  }

  /** {@code y = x - q pi/2} for {@code q = round(x * 2/pi)}, {@code x} in [0, 2 pi). */
  static int quadrant(double x) {
    return (int) (x * TWO_OVER_PI + 0.5);
  }

  /** The reduced angle of {@code x} in quadrant {@code q}, within [-pi/4, pi/4]. */
  static double reduce(double x, int q) {
    return (x - q * PIO2_HI) - q * PIO2_LO;
  }

  /** {@code sin y} for {@code |y| <= pi/4}. */
  static double sinReduced(double y) {
    double z = y * y;
    double p =
        -1.0 / 6
            + z
                * (1.0 / 120
                    + z
                        * (-1.0 / 5040
                            + z
                                * (1.0 / 362880
                                    + z
                                        * (-1.0 / 39916800
                                            + z
                                                * (1.0 / 6227020800.0
                                                    + z
                                                        * (-1.0 / 1307674368000.0
                                                            + z * (1.0 / 355687428096000.0)))))));
    return y + y * z * p;
  }

  /** {@code cos y} for {@code |y| <= pi/4}. */
  static double cosReduced(double y) {
    double z = y * y;
    double p =
        1.0 / 24
            + z
                * (-1.0 / 720
                    + z
                        * (1.0 / 40320
                            + z
                                * (-1.0 / 3628800
                                    + z
                                        * (1.0 / 479001600
                                            + z
                                                * (-1.0 / 87178291200.0
                                                    + z
                                                        * (1.0 / 20922789888000.0
                                                            + z * (-1.0 / 6402373705728000.0)))))));
    return 1.0 - (0.5 * z - z * z * p);
  }

  /** {@code sin x} for {@code x} in [0, 2 pi). */
  static double sin(double x) {
    int q = quadrant(x);
    double y = reduce(x, q);
    switch (q & 3) {
      case 0:
        return sinReduced(y);
      case 1:
        return cosReduced(y);
      case 2:
        return -sinReduced(y);
      default:
        return -cosReduced(y);
    }
  }

  /** {@code cos x} for {@code x} in [0, 2 pi). */
  static double cos(double x) {
    int q = quadrant(x);
    double y = reduce(x, q);
    switch (q & 3) {
      case 0:
        return cosReduced(y);
      case 1:
        return -sinReduced(y);
      case 2:
        return -cosReduced(y);
      default:
        return sinReduced(y);
    }
  }
}
