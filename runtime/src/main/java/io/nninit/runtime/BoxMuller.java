package io.nninit.runtime;

/**
 * TF's {@code BoxMullerFloat(x0, x1)}: two standard normal floats from two Philox words, with
 * glibc's {@code logf} and {@code sincosf} ({@link GlibcFloatMath}), so the results are TF's on
 * Linux bit for bit:
 *
 * <pre>
 *   u1 = max(U(x0), 1e-7f);  v1 = (float) (2.0 * M_PI * U(x1));  r = sqrtf(-2.0f * logf(u1));
 *   f0 = sinf(v1) * r;       f1 = cosf(v1) * r                   (float multiplies)
 * </pre>
 *
 * The pair travels packed in one long ({@code f0} bits low, {@code f1} bits high) so that nothing
 * is allocated.
 */
final class BoxMuller {
  private static final int MANTISSA = 0x7F_FFFF;

  private BoxMuller() {}

  /**
   * The pair {@code (f0, f1)} of the words {@code x0, x1}, packed; read it with {@link #sine} and
   * {@link #cosine}.
   */
  static long pair(int x0, int x1) {
    int k1 = x1 & MANTISSA;
    // sqrtf is correctly rounded; so is the double square root of a float rounded back to float.
    float radius = (float) Math.sqrt(-2.0f * GlibcFloatMath.logf(x0 & MANTISSA));
    long sincos = GlibcFloatMath.sincosf(k1);
    float f0 = Float.intBitsToFloat((int) sincos) * radius;
    float f1 = Float.intBitsToFloat((int) (sincos >>> 32)) * radius;
    return (Float.floatToRawIntBits(f0) & 0xFFFF_FFFFL)
        | ((long) Float.floatToRawIntBits(f1) << 32);
  }

  /** {@code f0}, the sine branch, of a packed pair. */
  static float sine(long pair) {
    return Float.intBitsToFloat((int) pair);
  }

  /** {@code f1}, the cosine branch, of a packed pair. */
  static float cosine(long pair) {
    return Float.intBitsToFloat((int) (pair >>> 32));
  }
}
