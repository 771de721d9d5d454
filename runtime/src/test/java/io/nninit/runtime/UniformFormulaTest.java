package io.nninit.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The fast uniform kernel (four interleaved blocks, {@code U} from the float bits) equals TF's
 * formula {@code (k * 2^-23) * range + minval} on the words of the reference {@link Philox} (itself
 * checked against Random123's vectors) for ranges where the scaling is exact, where it underflows,
 * and for infinities and NaN.
 */
class UniformFormulaTest {
  @Test
  void fastKernelEqualsTheFormulaForEveryKindOfRange() {
    float[] ranges = {
      1f,
      0.1f,
      3.3e-7f,
      0x1.234568p-110f,
      Float.MIN_VALUE,
      0f,
      -2f,
      Float.POSITIVE_INFINITY,
      Float.NaN
    };
    long seed0 = 99;
    long key = Philox.streamKey(seed0, 0);
    long counterHi = Philox.streamCounterHigh(seed0, 0);
    for (float range : ranges) {
      float[] out = new float[203];
      KerasRandom.uniform(out, 0, out.length, 5, seed0, 0, -0.5f, range);
      for (int i = 0; i < out.length; i++) {
        long element = 5L + i;
        long block = element / 4;
        long lo = Philox.blockLow(block, counterHi, key);
        long hi = Philox.blockHigh(block, counterHi, key);
        int word = Philox.word(lo, hi, (int) (element % 4));
        float u = (word & 0x7F_FFFF) * 0x1p-23f;
        float expected = u * range + -0.5f;
        assertEquals(
            Float.floatToRawIntBits(expected),
            Float.floatToRawIntBits(out[i]),
            "range " + range + ", element " + element);
      }
    }
  }
}
