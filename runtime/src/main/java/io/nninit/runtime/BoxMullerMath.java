package io.nninit.runtime;

/**
 * Fast double-precision {@code log}, {@code sin} and {@code cos} on the Box-Muller arguments of
 * {@link GlibcFloatMath}, accurate enough that rounding them to float gives the correctly rounded
 * float result, the same as {@code (float) StrictMath.f(x)}, on all 2^23 arguments (the tests check
 * every one). {@code sin} and {@code cos} serve {@link TorchInit}'s DEFAULT-capability Box-Muller
 * too, with the same guarantee on all 2^24 of its angles {@code (float) (2 pi k 2^-24)}. Nothing
 * allocates after class initialization. Pure Java arithmetic (strict since Java 17), so the results
 * are the same on every JVM. Short polynomials evaluated with few dependent steps, so that the CPU
 * overlaps the work of neighbouring elements, with {@link Math#fma} (exactly specified, so still
 * the same results everywhere; one instruction on x86 since Haswell/Zen and on every AArch64 CPU,
 * about 8% faster here than separate multiplies and adds, but very slow on a CPU without FMA).
 *
 * <p><b>log.</b> The argument {@code u = m * 2^e}, {@code m} in [1, 2), is split at the nearest
 * {@code c = 1 + i/256}; {@code log u = e ln2 + log c + log1p(r)} with {@code r = (m - c) / c} (the
 * difference is exact) and a degree-6 Taylor series for {@code log1p} ({@code |r| <= 2^-9},
 * truncation below 2^-65). For {@code c >= 1.5} the table holds {@code log(c / 2)} and the exponent
 * is raised by one, so that arguments just below 1 never subtract two nearly equal logarithms.
 *
 * <p><b>sin, cos.</b> The angle {@code x} lies in [0, 2 pi). With {@code H}, pi/64 rounded to 40
 * significant bits, {@code j = round(x / H)} and {@code d = x - j H} (exact: both terms are
 * multiples of 2^-45 and {@code |d| <= H/2}); then {@code sin x = S + (S (cos d - 1) + C sin d)},
 * {@code cos x = C + (C (cos d - 1) - S sin d)} with {@code S, C = sin, cos(j H)} from a 129-entry
 * table ({@code StrictMath} at class initialization) and Taylor series of {@code sin d} (to degree
 * 7) and {@code cos d - 1} (to degree 8), truncated below 2^-60 relative.
 */
final class BoxMullerMath {
  private static final int LOG_TABLE_BITS = 8;
  private static final int LOG_TABLE_SIZE = (1 << LOG_TABLE_BITS) + 1; // c = 1 + i/256, i = 0..256
  static final int HALVING_INDEX = 1 << (LOG_TABLE_BITS - 1); // c >= 1.5
  static final double LN2_HI = 6.93147180369123816490e-01; // ln 2, first 32 bits
  static final double LN2_LO = 1.90821492927058770002e-10; // ln 2 - LN2_HI

  /** pi/64 rounded to 40 significant bits, so that {@code j * H} is exact for j <= 2^13. */
  static final double H = Math.scalb(Math.rint(Math.scalb(Math.PI / 64, 44)), -44);

  static final double INVERSE_H = 1.0 / H;
  private static final int TRIG_TABLE_SIZE = 129; // j = 0 .. 128 covers [0, 2 pi)

  // The constants and tables below are shared with VectorNormal and VectorErfExp (JDK 21+), which
  // repeat these steps lane by lane; the tables are never written after class initialization.

  /** {@code 1 / c_i}. */
  static final double[] INVERSE_CENTER = new double[LOG_TABLE_SIZE];

  /** {@code log c_i}, or {@code log(c_i / 2)} from {@link #HALVING_INDEX} on. */
  static final double[] LOG_CENTER = new double[LOG_TABLE_SIZE];

  /** {@code sin(j H)} at {@code 2 j}, {@code cos(j H)} at {@code 2 j + 1}. */
  static final double[] SIN_COS = new double[2 * TRIG_TABLE_SIZE];

  static {
    for (int i = 0; i < LOG_TABLE_SIZE; i++) {
      double center = 1.0 + i / (double) (1 << LOG_TABLE_BITS);
      INVERSE_CENTER[i] = 1.0 / center;
      LOG_CENTER[i] = StrictMath.log(i >= HALVING_INDEX ? center / 2.0 : center);
    }
    for (int j = 0; j < TRIG_TABLE_SIZE; j++) {
      SIN_COS[2 * j] = StrictMath.sin(j * H);
      SIN_COS[2 * j + 1] = StrictMath.cos(j * H);
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
    double low = Math.fma(r, 1.0 / 3, -1.0 / 2);
    double high = Math.fma(r, 1.0 / 5, -1.0 / 4);
    double tail = r2 * Math.fma(r2, Math.fma(r2, -1.0 / 6, high), low);
    double e = exponent;
    return Math.fma(e, LN2_HI, LOG_CENTER[i]) + (r + Math.fma(e, LN2_LO, tail));
  }

  /** The table index {@code j = round(x / H)} of an angle {@code x} in [0, 2 pi). */
  static int sector(double x) {
    return (int) (x * INVERSE_H + 0.5);
  }

  /** {@code d = x - j H}, exact. */
  static double offset(double x, int j) {
    return x - j * H;
  }

  /** {@code sin d} for {@code |d| <= H/2}. */
  static double sinOffset(double d) {
    double z = d * d;
    return Math.fma(d * z, Math.fma(z, Math.fma(z, -1.0 / 5040, 1.0 / 120), -1.0 / 6), d);
  }

  /** {@code cos d - 1} for {@code |d| <= H/2}. */
  static double cosOffsetMinusOne(double d) {
    double z = d * d;
    return Math.fma(
        z * z, z * Math.fma(z, 1.0 / 40320, -1.0 / 720), z * Math.fma(z, 1.0 / 24, -1.0 / 2));
  }

  /** {@code sin x} from the sector {@code j} and the parts of {@code d}. */
  static double sin(int j, double sinD, double cosDMinusOne) {
    double s = SIN_COS[2 * j];
    double c = SIN_COS[2 * j + 1];
    return s + Math.fma(s, cosDMinusOne, c * sinD);
  }

  /** {@code cos x} from the sector {@code j} and the parts of {@code d}. */
  static double cos(int j, double sinD, double cosDMinusOne) {
    double s = SIN_COS[2 * j];
    double c = SIN_COS[2 * j + 1];
    return c + Math.fma(c, cosDMinusOne, -s * sinD);
  }

  /** {@code sin x} for {@code x} in [0, 2 pi). */
  static double sin(double x) {
    int j = sector(x);
    double d = offset(x, j);
    return sin(j, sinOffset(d), cosOffsetMinusOne(d));
  }

  /** {@code cos x} for {@code x} in [0, 2 pi). */
  static double cos(double x) {
    int j = sector(x);
    double d = offset(x, j);
    return cos(j, sinOffset(d), cosOffsetMinusOne(d));
  }
}
