package io.nninit.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The fast log/sin/cos round to the same floats as fdlibm's {@code StrictMath} (correctly rounded
 * there) on every one of the 2^23 Box-Muller arguments; {@link GlibcFloatMathTest} then checks the
 * glibc results built on them against glibc's own hashes.
 */
class BoxMullerMathTest {
  @Test
  void roundsLikeStrictMathOnTheWholeDomain() {
    int logMismatches = 0;
    int sinMismatches = 0;
    int cosMismatches = 0;
    for (int k = 0; k < GlibcFloatMath.DOMAIN_SIZE; k++) {
      float u = GlibcFloatMath.logArgument(k);
      float v = GlibcFloatMath.angle(k);
      if ((float) BoxMullerMath.log(u) != (float) StrictMath.log(u)) {
        logMismatches++;
      }
      if ((float) BoxMullerMath.sin(v) != (float) StrictMath.sin(v)) {
        sinMismatches++;
      }
      if ((float) BoxMullerMath.cos(v) != (float) StrictMath.cos(v)) {
        cosMismatches++;
      }
    }
    assertEquals(0, logMismatches, "log");
    assertEquals(0, sinMismatches, "sin");
    assertEquals(0, cosMismatches, "cos");
  }

  /**
   * {@code TorchInit}'s DEFAULT-capability Box–Muller angles {@code (float) (2 pi u)}, {@code u = k
   * 2^-24} (the Keras angles are the even k): sin and cos round to the same floats as {@code
   * StrictMath}'s on all 2^24 of them.
   */
  @Test
  void roundsLikeStrictMathOnEveryTorchDefaultAngle() {
    int sinMismatches = 0;
    int cosMismatches = 0;
    for (int k = 0; k < 1 << 24; k++) {
      float theta = (float) (2.0 * Math.PI * (k * 0x1p-24f));
      if ((float) BoxMullerMath.sin(theta) != (float) StrictMath.sin(theta)) {
        sinMismatches++;
      }
      if ((float) BoxMullerMath.cos(theta) != (float) StrictMath.cos(theta)) {
        cosMismatches++;
      }
    }
    assertEquals(0, sinMismatches, "sin");
    assertEquals(0, cosMismatches, "cos");
  }

  @Test
  void sincosfPacksTheSameValuesAsSinfAndCosf() {
    for (int k = 0; k < GlibcFloatMath.DOMAIN_SIZE; k += 997) {
      long pair = GlibcFloatMath.sincosf(k);
      assertEquals(Float.floatToRawIntBits(GlibcFloatMath.sinf(k)), (int) pair, "sin k=" + k);
      assertEquals(
          Float.floatToRawIntBits(GlibcFloatMath.cosf(k)), (int) (pair >>> 32), "cos k=" + k);
    }
  }
}
