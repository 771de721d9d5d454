package io.nninit.runtime;

/**
 * The single-precision {@code log} and {@code sincos} that PyTorch's AVX2 {@code normal_} kernel
 * evaluates: cephes' float polynomials (coefficients below are those published with cephes {@code
 * logf}/{@code sinf}/{@code cosf}) in the operation order the compiled AVX2 kernel performs, with
 * every multiply-add that the compiler contracts written as {@link Math#fma(float, float, float)}.
 * The order is the one documented in the project's {@code reference/pytorch.md} §3a; with it the
 * results equal PyTorch's bit for bit. Scalar, allocation-free. The Vector API kernel of {@code
 * normal_} (JDK 21+) evaluates the same operations on lanes with these constants.
 */
final class TorchVectorMath {
  static final float SQRTHF = (float) 0.707106781186547524;
  static final float LOG_P0 = (float) 7.0376836292E-2;
  static final float LOG_P1 = (float) -1.1514610310E-1;
  static final float LOG_P2 = (float) 1.1676998740E-1;
  static final float LOG_P3 = (float) -1.2420140846E-1;
  static final float LOG_P4 = (float) 1.4249322787E-1;
  static final float LOG_P5 = (float) -1.6668057665E-1;
  static final float LOG_P6 = (float) 2.0000714765E-1;
  static final float LOG_P7 = (float) -2.4999993993E-1;
  static final float LOG_P8 = (float) 3.3333331174E-1;
  static final float LOG_Q1 = (float) -2.12194440e-4;
  static final float LOG_Q2 = (float) 0.693359375;
  static final float MIN_NORMAL = Float.intBitsToFloat(0x00800000);
  static final int ONE_BITS = Float.floatToRawIntBits(1f);

  static final float DP1 = (float) -0.78515625;
  static final float DP2 = (float) -2.4187564849853515625e-4;
  static final float DP3 = (float) -3.77489497744594108e-8;
  static final float SIN_P0 = (float) -1.9515295891E-4;
  static final float SIN_P1 = (float) 8.3321608736E-3;
  static final float SIN_P2 = (float) -1.6666654611E-1;
  static final float COS_P0 = (float) 2.443315711809948E-005;
  static final float COS_P1 = (float) -1.388731625493765E-003;
  static final float COS_P2 = (float) 4.166664568298827E-002;
  static final float FOUR_OVER_PI = (float) 1.27323954473516;

  private TorchVectorMath() {}

  /** Natural logarithm of a positive float, as the AVX2 kernel computes it. */
  static float log(float value) {
    float x = value < MIN_NORMAL ? MIN_NORMAL : value;
    int bits = Float.floatToRawIntBits(x);
    int exponent = (bits >>> 23) - 0x7F;
    x = Float.intBitsToFloat((bits & ~0x7F800000) | Float.floatToRawIntBits(0.5f));
    float e = (float) exponent;
    e = e + 1f;
    // all ones when x < sqrt(1/2) (x in [0.5, 1), so the sign of x - SQRTHF decides), else 0;
    // masks instead of branches, which random inputs would mispredict half the time
    int below = Float.floatToRawIntBits(x - SQRTHF) >> 31;
    float tmp = Float.intBitsToFloat(Float.floatToRawIntBits(x) & below);
    x = x - 1f;
    e = e - Float.intBitsToFloat(ONE_BITS & below);
    x = x + tmp;
    float z = x * x;
    float y = LOG_P0;
    y = Math.fma(y, x, LOG_P1);
    y = Math.fma(y, x, LOG_P2);
    y = Math.fma(y, x, LOG_P3);
    y = Math.fma(y, x, LOG_P4);
    y = Math.fma(y, x, LOG_P5);
    y = Math.fma(y, x, LOG_P6);
    y = Math.fma(y, x, LOG_P7);
    y = Math.fma(y, x, LOG_P8);
    y = y * x;
    float eq1 = e * LOG_Q1;
    y = Math.fma(y, z, eq1);
    y = Math.fma(-z, 0.5f, y);
    x = x + y;
    return Math.fma(e, LOG_Q2, x);
  }

  /**
   * Sine and cosine of a float, as the AVX2 kernel computes them; returns the sine's bits in the
   * high and the cosine's bits in the low 32 bits of the result (no allocation).
   */
  static long sinCos(float value) {
    int valueBits = Float.floatToRawIntBits(value);
    int signSin = valueBits & 0x80000000;
    float x = Float.intBitsToFloat(valueBits & 0x7FFFFFFF);
    float y = x * FOUR_OVER_PI;
    int octant = (int) y;
    octant = (octant + 1) & ~1;
    y = (float) octant;
    int swapSign = (octant & 4) << 29;
    int sinPolynomial = ((octant & 2) >> 1) - 1; // all ones when (octant & 2) == 0
    x = Math.fma(y, DP1, x);
    x = Math.fma(y, DP2, x);
    x = Math.fma(y, DP3, x);
    int signCos = (~(octant - 2) & 4) << 29;
    signSin ^= swapSign;
    float z = x * x;

    float yc = COS_P0;
    yc = Math.fma(yc, z, COS_P1);
    yc = Math.fma(yc, z, COS_P2);
    yc = yc * z;
    float halfZ = z * 0.5f;
    yc = Math.fma(yc, z, -halfZ);
    yc = yc + 1f;

    float ys = SIN_P0;
    ys = Math.fma(ys, z, SIN_P1);
    ys = Math.fma(ys, z, SIN_P2);
    ys = ys * z;
    ys = Math.fma(ys, x, x);

    float sinPart = Float.intBitsToFloat(Float.floatToRawIntBits(ys) & sinPolynomial);
    float cosPart = Float.intBitsToFloat(Float.floatToRawIntBits(yc) & ~sinPolynomial);
    ys = ys - sinPart;
    yc = yc - cosPart;
    float s = cosPart + sinPart;
    float c = yc + ys;
    int sinBits = Float.floatToRawIntBits(s) ^ signSin;
    int cosBits = Float.floatToRawIntBits(c) ^ signCos;
    return ((long) sinBits << 32) | (cosBits & 0xFFFF_FFFFL);
  }

  static float sinOf(long sinCos) {
    return Float.intBitsToFloat((int) (sinCos >>> 32));
  }

  static float cosOf(long sinCos) {
    return Float.intBitsToFloat((int) sinCos);
  }
}
