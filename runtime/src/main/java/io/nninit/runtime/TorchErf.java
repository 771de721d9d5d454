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
 * {@link #expf} and {@link #logf} (double evaluations rounded once to float: correctly rounded but
 * for arguments extremely close to a rounding boundary), so the inverse differs from PyTorch's by
 * at most a few ulp (4 ulp is the tested bound on the PyTorch oracle) and is exact for most
 * arguments. Allocation-free.
 */
final class TorchErf {
  /** 2/sqrt(pi) as a double-double: the nearest double and the rest. */
  private static final double TWO_OVER_SQRT_PI = 0x1.20dd750429b6dp+0;

  private static final double TWO_OVER_SQRT_PI_LO = 0x1.1ae3a914fed80p-56;
  static final float TWO_OVER_SQRT_PI_F = 2f / (float) Math.sqrt(Math.PI);
  static final float A0 = (float) 0.886226899;
  static final float A1 = (float) -1.645349621;
  static final float A2 = (float) 0.914624893;
  static final float A3 = (float) -0.140543331;
  static final float B0 = (float) -2.118377725;
  static final float B1 = (float) 1.442710462;
  static final float B2 = (float) -0.329097515;
  static final float B3 = (float) 0.012229801;
  static final float C0 = (float) -1.970840454;
  static final float C1 = (float) -1.624906493;
  static final float C2 = (float) 3.429567803;
  static final float C3 = (float) 1.641345311;
  static final float D0 = (float) 3.543889200;
  static final float D1 = (float) 1.637067800;
  static final float CENTRAL = (float) 0.7;

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
   * A fast error function for {@link #erff}, relative error below 1e-15 (ample for a float result):
   * on {@code [0, 4)} one polynomial of degree 10 per interval of width 1/4 in {@code t = (|x| -
   * centre) * 8}, fitted by us (least squares at Chebyshev nodes) to {@code erf(x) / x} on the two
   * intervals below 0.5 (multiplied by {@code |x|}, so that tiny arguments keep their relative
   * accuracy) and to {@code erf(x)} from 0.5 on; 1 from 4 on, where erf rounds to 1 in float.
   * Branch-free: in {@code trunc_normal_} the interval is random, and branches on it mispredicted.
   */
  static double erfForFloat(double x) {
    double ax = Math.abs(x);
    int interval = Math.min((int) (ax * 4), PIECE_COUNT - 1);
    double t = (ax - (0.125 + 0.25 * interval)) * 8;
    double p = estrin(PIECES, interval * PIECE_TERMS, t);
    double r = Math.min(Math.fma(TIMES_X[interval], ax, 1.0 - TIMES_X[interval]) * p, 1.0);
    long beyond = Double.doubleToRawLongBits(4.0 - ax) >> 63; // all ones when ax > 4
    long bits = (Double.doubleToRawLongBits(r) & ~beyond) | (ONE_BITS & beyond);
    return Math.copySign(Double.longBitsToDouble(bits), x);
  }

  /** 1 where the piece is {@code erf(x) / x}, else 0 (for {@code erfForFloat}'s factor). */
  private static final double[] TIMES_X = {1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};

  /**
   * The polynomial {@code sum_k c[base + k] t^k} of degree 10, by Estrin's scheme: products of
   * powers of {@code t} instead of one long Horner chain, so that the steps overlap (about half of
   * Horner's latency).
   */
  private static double estrin(double[] c, int base, double t) {
    double t2 = t * t;
    double t4 = t2 * t2;
    double t8 = t4 * t4;
    double p0 = Math.fma(c[base + 1], t, c[base]);
    double p2 = Math.fma(c[base + 3], t, c[base + 2]);
    double p4 = Math.fma(c[base + 5], t, c[base + 4]);
    double p6 = Math.fma(c[base + 7], t, c[base + 6]);
    double p8 = Math.fma(c[base + 9], t, c[base + 8]);
    double low = Math.fma(Math.fma(p6, t2, p4), t4, Math.fma(p2, t2, p0));
    return Math.fma(Math.fma(c[base + 10], t2, p8), t8, low);
  }

  static final int PIECE_TERMS = 11;
  static final int PIECE_COUNT = 16;
  private static final long ONE_BITS = Double.doubleToRawLongBits(1.0);

  /**
   * Coefficients of t^0 .. t^10, t = (x - centre) * 8, on [i/4, (i+1)/4): erf(x)/x for i = 0, 1,
   * erf(x) for i = 2 .. 15. Read (never written) by the Vector API kernel too.
   */
  static final double[] PIECES = {
    // [0, 0.25): erf(x) / x
    0x1.1f5e1a35c3b89p+0,
    -0x1.7d900b9e8e926p-7,
    -0x1.766bd13cfd368p-8,
    0x1.c5a8e00e36771p-14,
    0x1.b4c1668cd3622p-16,
    -0x1.40e08908f9657p-21,
    -0x1.9370e55b81ccbp-24,
    0x1.49690a270140ep-29,
    0x1.2fe818b58ae6dp-32,
    -0x1.08dc7ef544b38p-37,
    -0x1.7e88a3f9317fep-41,
    // [0.25, 0.5): erf(x) / x
    0x1.13e08c7a16a26p+0,
    -0x1.09ac3c1b2b0fap-5,
    -0x1.276ba5c06232dp-8,
    0x1.24d6bbb4430b0p-12,
    0x1.01ba55d8b1d46p-16,
    -0x1.7d1fdcb4aff5dp-20,
    -0x1.390f04adfede1p-25,
    0x1.65cfa3eb467a6p-28,
    0x1.cc3febd050ba6p-35,
    -0x1.05c5d49ff0784p-36,
    0x1.4c07d8605d21ap-50,
    // [0.5, 0.75)
    0x1.3f196dcd0f139p-1,
    0x1.86e9694134be9p-4,
    -0x1.e8a3c39182528p-8,
    -0x1.c8105022da5b8p-14,
    0x1.6963c8a3fa4f2p-15,
    -0x1.c1242a2fd98f1p-21,
    -0x1.52b2658c56631p-23,
    0x1.c7c97498104dfp-28,
    0x1.b6299d3d1a519p-32,
    -0x1.d840ee2f25989p-36,
    -0x1.79f5c479cf080p-41,
    // [0.75, 1)
    0x1.91724951b8fc9p-1,
    0x1.0cab61f084bc1p-4,
    -0x1.d62beb64e869ap-8,
    0x1.7c9d7569a1cf9p-13,
    0x1.cc60567cb1afep-16,
    -0x1.1350f41d4b2f8p-19,
    -0x1.53bb40633444ep-25,
    0x1.30aadfc408108p-27,
    -0x1.e4120ebaeb151p-34,
    -0x1.a886759511beap-36,
    0x1.dbecfae8237a0p-41,
    // [1, 1.25)
    0x1.c6dad2829ec66p-1,
    0x1.45e99bcbb7922p-5,
    -0x1.6ea6cf452e3c0p-8,
    0x1.4cb3cf0a9d543p-12,
    0x1.ca5083073318dp-18,
    -0x1.f65d15feaf45bp-20,
    0x1.fd1c87bcd06c7p-25,
    0x1.3accdf327d675p-28,
    -0x1.8b562ed1304a7p-32,
    -0x1.7f3fa0a336d6bp-39,
    0x1.35fa5b0020bfap-40,
    // [1.25, 1.5)
    0x1.e5768c3b4a400p-1,
    0x1.5ce595c455ab8p-6,
    -0x1.dfbbadedf59b9p-9,
    0x1.4374d82e20d1dp-12,
    -0x1.f3b8d532d6a6ep-18,
    -0x1.f572c62232fc3p-21,
    0x1.6b16fa4b0d7bfp-24,
    -0x1.73f255efc49acp-31,
    -0x1.17476d11602afp-32,
    0x1.9a1175549f8e4p-37,
    0x1.614313879cb5cp-42,
    // [1.5, 1.75)
    0x1.f4f693b67bd79p-1,
    0x1.499d478bca6fcp-7,
    -0x1.0bcfca219494fp-9,
    0x1.d6631e1a3d973p-13,
    -0x1.974c03688cf5bp-17,
    -0x1.17d434c48dfebp-24,
    0x1.d857f4f50ecf3p-25,
    -0x1.954971f7c1872p-29,
    -0x1.2e56b82b56052p-35,
    0x1.70786482a6622p-37,
    -0x1.6e4b6c2f1f1f3p-42,
    // [1.75, 2)
    0x1.fbe61eef4cf70p-1,
    0x1.12ceb37ff9d95p-8,
    -0x1.01a1c847f8a00p-10,
    0x1.143d1c6f15a60p-13,
    -0x1.5a3165281a654p-17,
    0x1.779b20567e232p-22,
    0x1.0d09ccce39559p-26,
    -0x1.42fe7f4c02f9bp-29,
    0x1.76c006f861288p-34,
    0x1.81017c86bacc1p-39,
    -0x1.7bf00a6e9f320p-42,
    // [2, 2.25)
    0x1.fea4218d6594fp-1,
    0x1.94624e78e1589p-10,
    -0x1.ada8736069271p-12,
    0x1.0ea475d9d5ed9p-14,
    -0x1.afe55408467aep-18,
    0x1.9973b674930cdp-22,
    -0x1.dd783968d7bbap-28,
    -0x1.ea0b05dc2d920p-31,
    0x1.6a68a5bedc344p-34,
    -0x1.2a1055461177ap-39,
    -0x1.9cccd6c5b4681p-44,
    // [2.25, 2.5)
    0x1.ff9960f3eb32bp-1,
    0x1.06918b6355c04p-11,
    -0x1.37ccd585eda3cp-13,
    0x1.c1ec102d66303p-16,
    -0x1.ae596173b5c0fp-19,
    0x1.11dae56a36295p-22,
    -0x1.982ae4cc1c50dp-27,
    0x1.026821cf627a2p-34,
    0x1.37264456638a8p-35,
    -0x1.5f7644a304f98p-39,
    0x1.30579a4032c44p-44,
    // [2.5, 2.75)
    0x1.ffe514bbdc19dp-1,
    0x1.2ce8988094978p-13,
    -0x1.8af14828865d6p-15,
    0x1.407fbd1690656p-17,
    -0x1.62d4c719c3e3ap-20,
    0x1.146c4db805655p-23,
    -0x1.267ecca3618d0p-27,
    0x1.64f14d1f4711ep-32,
    0x1.19b52df874256p-39,
    -0x1.3cd9dddaa81b0p-40,
    0x1.b41b5c83ee0bfp-44,
    // [2.75, 3)
    0x1.fff9ba420e83ap-1,
    0x1.30538fbb7eb9dp-15,
    -0x1.b5781e9c9c2a2p-17,
    0x1.89e17c0046ba2p-19,
    -0x1.ed4ac8d6e8456p-22,
    0x1.c11f2e5f194b0p-25,
    -0x1.2adc569239a67p-28,
    0x1.151a2fa6f3227p-32,
    -0x1.1e5d95141d11dp-37,
    -0x1.fd368b6b299ecp-44,
    0x1.f7e3fc2ee6471p-45,
    // [3, 3.25)
    0x1.fffeb3ebb267fp-1,
    0x1.0f9e1b4de8279p-17,
    -0x1.a8670aa739eabp-19,
    0x1.a3737e153a2b9p-21,
    -0x1.2454506352805p-23,
    0x1.2e7e811eb7323p-26,
    -0x1.da473e145a1dfp-30,
    0x1.1764fb215090ep-33,
    -0x1.d577fd6d2870fp-38,
    0x1.b8c1d2e9ba57ep-43,
    0x1.7de0dddeb0f7dp-46,
    // [3.25, 3.5)
    0x1.ffffc316d9ed7p-1,
    0x1.abe09e92b8124p-20,
    -0x1.690585b7c87cbp-21,
    0x1.84522f2535b35p-23,
    -0x1.298f984a78876p-25,
    0x1.5775df46fe3adp-28,
    -0x1.3301dd3e4fc03p-31,
    0x1.ac4a8000c9366p-35,
    -0x1.d764bf2cf5e95p-39,
    0x1.8c145f27cfb21p-43,
    0x1.1b00785149e7ap-45,
    // [3.5, 3.75)
    0x1.fffff618c3dabp-1,
    0x1.296a70f716bd8p-22,
    -0x1.0d88762d643f8p-23,
    0x1.394b1e1053c53p-25,
    -0x1.05762667d7035p-27,
    0x1.4c20c24df9582p-30,
    -0x1.4b82019c6aec3p-33,
    0x1.0804cb246fc1ep-36,
    -0x1.5f4b6b21bcb5ep-40,
    0x1.7e7df25d20369p-44,
    0x1.5790ccb6be954p-46,
    // [3.75, 4)
    0x1.fffffe92ced98p-1,
    0x1.6ce1aa6245c5fp-25,
    -0x1.617a9b07cfd94p-26,
    0x1.b95f913e71ee7p-28,
    -0x1.8e20c9867857ap-30,
    0x1.137664910f7a6p-32,
    -0x1.2e4d5194e5d2dp-35,
    0x1.0ba2e96d0681fp-38,
    -0x1.c8bb7846bf502p-42,
    0x1.651fdecab3e35p-45,
    0x1.aa5204c297519p-46,
  };

  /** Single-precision {@code erf}, rounded from the double one. */
  static float erff(float x) {
    return (float) erfForFloat(x);
  }

  /**
   * Single-precision {@code exp}, rounded from {@link #expForFloat}: the correctly rounded float
   * but for arguments whose exact result lies within about 2^-52 (relative) of a rounding boundary.
   */
  static float expf(float x) {
    return (float) expForFloat(x);
  }

  /**
   * Single-precision {@code log} of a positive float, rounded from {@link BoxMullerMath#log}: the
   * correctly rounded float but for arguments within about 2^-60 of a rounding boundary.
   */
  static float logf(float x) {
    return x >= Float.MIN_NORMAL && x < Float.POSITIVE_INFINITY
        ? (float) BoxMullerMath.log(x)
        : (float) StrictMath.log(x);
  }

  /**
   * {@code exp(x)} for the Newton steps of {@link #erfinv}, relative error about 2^-53: {@code x =
   * (k/32) ln 2 + r} with {@code k} the nearest integer to {@code 32 x / ln 2} ({@code |r| <= ln2 /
   * 64}), {@code exp(x) = 2^(k >> 5) * 2^((k & 31) / 32) * exp(r)}, the middle factor from a table
   * and {@code exp(r)} from its Taylor series to degree 6 (truncation below 2^-57). Pure
   * arithmetic, so the same on every JVM; {@code StrictMath.exp} beyond {@code |x| > 80}.
   */
  static double expForFloat(double x) {
    if (!(Math.abs(x) <= EXP_DIRECT_LIMIT)) {
      return StrictMath.exp(x);
    }
    double kd = Math.rint(x * EXP_INVERSE_STEP);
    int k = (int) kd;
    double r = Math.fma(kd, -EXP_STEP_LO, Math.fma(kd, -EXP_STEP_HI, x));
    double r2 = r * r;
    double p =
        Math.fma(
            r2 * r2,
            Math.fma(r, 1.0 / 120, 1.0 / 24) + r2 * (1.0 / 720),
            Math.fma(r, 1.0 / 6, 0.5) * r2 + r);
    double scale = Double.longBitsToDouble((long) ((k >> EXP_TABLE_BITS) + 1023) << 52);
    double t = EXP_TABLE[k & (EXP_TABLE_SIZE - 1)];
    return Math.fma(t, p, t) * scale;
  }

  private static final int EXP_TABLE_BITS = 5;
  static final int EXP_TABLE_SIZE = 1 << EXP_TABLE_BITS;
  private static final double EXP_DIRECT_LIMIT = 80;
  static final double EXP_INVERSE_STEP = EXP_TABLE_SIZE / Math.log(2);

  /** (ln 2)/32 rounded to 40 significant bits, so that {@code k * EXP_STEP_HI} is exact. */
  static final double EXP_STEP_HI =
      Math.scalb(Math.rint(Math.scalb(0x1.62e42fefa39efp-1 / EXP_TABLE_SIZE, 45)), -45);

  static final double EXP_STEP_LO =
      0x1.62e42fefa39efp-1 / EXP_TABLE_SIZE - EXP_STEP_HI + 0x1.abc9e3b39803fp-56 / EXP_TABLE_SIZE;

  /** {@code 2^(j/32)}, j = 0..31. Read (never written) by the Vector API kernel too. */
  static final double[] EXP_TABLE = expTable();

  private static double[] expTable() {
    double[] t = new double[EXP_TABLE_SIZE];
    for (int j = 0; j < EXP_TABLE_SIZE; j++) {
      t[j] = StrictMath.pow(2.0, j / (double) EXP_TABLE_SIZE);
    }
    return t;
  }

  /**
   * PyTorch's {@code calc_erfinv<float>}. {@code fused}: whether each Horner step {@code a*z+b} is
   * one fused multiply-add (PyTorch's AVX2 build) or two roundings (its default build).
   */
  static float erfinv(float y, boolean fused) {
    if (!(Math.abs(y) < 1f)) {
      return erfinvGuess(y, fused);
    }
    return newtonStep(newtonStep(erfinvGuess(y, fused), y), y);
  }

  /**
   * {@link #erfinv} on {@code y[from, from + count)} into {@code x[0, count)}, stage by stage
   * (first guesses, then each Newton step over the whole range), so that the CPU overlaps the long
   * dependency chains of neighbouring elements. The same float operations per element as {@link
   * #erfinv}, hence the same values.
   */
  static void erfinv(float[] y, int from, int count, float[] x, boolean fused) {
    for (int j = 0; j < count; j++) {
      x[j] = erfinvGuess(y[from + j], fused);
    }
    for (int step = 0; step < 2; step++) {
      for (int j = 0; j < count; j++) {
        float v = y[from + j];
        float g = x[j];
        float next = newtonStep(g, v);
        x[j] = Math.abs(v) < 1f ? next : g; // +-1 and NaN are final after the guess
      }
    }
  }

  /**
   * The rational first guess of {@code calc_erfinv<float>}; for {@code |y| >= 1} (or NaN) the final
   * result: NaN beyond 1, infinity at +-1.
   */
  static float erfinvGuess(float y, boolean fused) {
    float ay = Math.abs(y);
    if (ay > 1f) {
      return Float.NaN;
    }
    if (ay == 1f) {
      return Math.copySign(Float.POSITIVE_INFINITY, y);
    }
    if (ay <= CENTRAL) {
      float z = y * y;
      float num = mad(mad(mad(A3, z, A2, fused), z, A1, fused), z, A0, fused);
      float dem = mad(mad(mad(mad(B3, z, B2, fused), z, B1, fused), z, B0, fused), z, 1f, fused);
      return y * num / dem;
    }
    float z = (float) Math.sqrt(-logf((1f - ay) / 2f));
    float num = mad(mad(mad(C3, z, C2, fused), z, C1, fused), z, C0, fused);
    float dem = mad(mad(D1, z, D0, fused), z, 1f, fused);
    return Math.copySign(num, y) / dem;
  }

  /** One Newton step of {@code calc_erfinv<float>} towards {@code erf(x) = y}. */
  static float newtonStep(float x, float y) {
    return x - (erff(x) - y) / (TWO_OVER_SQRT_PI_F * expf(-x * x));
  }

  private static float mad(float a, float b, float c, boolean fused) {
    return fused ? Math.fma(a, b, c) : a * b + c;
  }
}
