package io.nninit.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Our erf against glibc 2.36's {@code erf} and {@code erff} (the libm PyTorch 1.13 and Python call
 * on the reference machine), values in {@code libm/glibc_erf.txt}.
 */
class TorchErfTest {
  private static List<String[]> table(String kind) throws IOException {
    List<String[]> rows = new ArrayList<>();
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                TorchErfTest.class.getResourceAsStream("/libm/glibc_erf.txt"),
                StandardCharsets.US_ASCII))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String[] f = line.split(" ");
        if (f[0].equals(kind)) {
          rows.add(f);
        }
      }
    }
    return rows;
  }

  @Test
  void erfIsWithinOneUlpOfGlibc() throws IOException {
    List<String[]> rows = table("erf");
    assertTrue(rows.size() > 1000);
    long worst = 0;
    int exact = 0;
    for (String[] r : rows) {
      double x = Double.parseDouble(r[1]);
      double expected = Double.parseDouble(r[2]);
      long ulps =
          Math.abs(
              Double.doubleToRawLongBits(expected) - Double.doubleToRawLongBits(TorchErf.erf(x)));
      worst = Math.max(worst, ulps);
      exact += ulps == 0 ? 1 : 0;
    }
    System.out.printf("erf vs glibc: %d of %d exact, max %d ulp%n", exact, rows.size(), worst);
    assertTrue(worst <= 1, "max ulp " + worst);
    double worstFast = 0;
    for (String[] r : rows) {
      double x = Double.parseDouble(r[1]);
      double expected = Double.parseDouble(r[2]);
      if (Math.abs(x) >= 4) { // erfForFloat returns +-1 there: what erf rounds to in float
        assertEquals((float) expected, (float) TorchErf.erfForFloat(x), "erfForFloat(" + x + ")");
        continue;
      }
      double error = Math.abs(TorchErf.erfForFloat(x) - expected);
      worstFast = Math.max(worstFast, expected == 0 ? error : error / Math.abs(expected));
    }
    assertTrue(worstFast < 4e-15, "erfForFloat relative error " + worstFast);
  }

  @Test
  void erffIsWithinOneUlpOfGlibc() throws IOException {
    List<String[]> rows = table("erff");
    long worst = 0;
    int exact = 0;
    for (String[] r : rows) {
      float x = Float.intBitsToFloat(Integer.parseUnsignedInt(r[1], 16));
      int expected = Integer.parseUnsignedInt(r[2], 16);
      long ulps = Math.abs((long) expected - Float.floatToRawIntBits(TorchErf.erff(x)));
      worst = Math.max(worst, ulps);
      exact += ulps == 0 ? 1 : 0;
    }
    System.out.printf("erff vs glibc: %d of %d exact, max %d ulp%n", exact, rows.size(), worst);
    assertTrue(worst <= 1, "max ulp " + worst);
  }

  @Test
  void erfinvIsOddAndSaturates() {
    assertEquals(Float.POSITIVE_INFINITY, TorchErf.erfinv(1f, true));
    assertEquals(Float.NEGATIVE_INFINITY, TorchErf.erfinv(-1f, true));
    assertTrue(Float.isNaN(TorchErf.erfinv(1.5f, true)));
    for (float y = -0.99f; y < 1f; y += 0.0137f) {
      assertEquals(-TorchErf.erfinv(y, true), TorchErf.erfinv(-y, true));
      assertEquals(y, TorchErf.erff(TorchErf.erfinv(y, true)), 2e-7f);
    }
  }

  @Test
  void stagedErfinvEqualsTheScalarOne() {
    java.util.Random random = new java.util.Random(5);
    float[] y = new float[3000];
    for (int i = 0; i < y.length; i++) {
      y[i] = random.nextFloat() * 2 - 1;
    }
    y[7] = 1f;
    y[8] = -1f;
    y[9] = 1.5f;
    y[10] = Float.NaN;
    y[11] = -0f;
    y[12] = 0.7f;
    y[13] = Math.nextUp(0.7f);
    y[14] = 1 - 0x1p-24f;
    for (boolean fused : new boolean[] {true, false}) {
      float[] x = new float[y.length - 3];
      TorchErf.erfinv(y, 3, x.length, x, fused);
      for (int j = 0; j < x.length; j++) {
        assertEquals(
            Float.floatToRawIntBits(TorchErf.erfinv(y[3 + j], fused)),
            Float.floatToRawIntBits(x[j]),
            "erfinv(" + y[3 + j] + ")");
      }
    }
  }
}
