package io.nninit.runtime.spec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.nninit.annotation.KerasFlavor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The string path end to end: {@code "glorot_uniform(seed=123)"} with the case's shape and flavor
 * fills exactly the oracle's values (bit for bit: SHA-256 of the float32 bytes; orthogonal within
 * the case's tolerance).
 */
class KerasFillPlanOracleTest {
  static Stream<String> ids() throws IOException {
    return KerasOracleResolutionTest.OracleCases.all().stream()
        .filter(c -> !c.has("expect_error"))
        .map(c -> c.get("id").asText());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ids")
  void fillReproducesOracle(String id) throws Exception {
    JsonNode c = KerasOracleResolutionTest.OracleCases.byId(id);
    String text = KerasOracleResolutionTest.spec(c, c.get("initializer").asText());
    KerasFillPlan plan = KerasInitializers.resolve(text).bind(KerasOracleResolutionTest.shape(c));
    for (JsonNode f : c.get("flavors")) {
      KerasFlavor flavor = KerasFlavor.valueOf(f.asText().toUpperCase(Locale.ROOT));
      float[] out = new float[plan.count() + 2];
      out[0] = 42f;
      out[out.length - 1] = 43f;
      // the default seed must be ignored when the initializer has its own
      plan.fill(out, 1, flavor, 987654321L);
      assertEquals(42f, out[0]);
      assertEquals(43f, out[out.length - 1]);
      float[] values = new float[plan.count()];
      System.arraycopy(out, 1, values, 0, values.length);
      double tolerance = c.get("tolerance").get("abs").asDouble();
      if (tolerance == 0.0) {
        assertEquals(c.get("sha256").asText(), sha256(values), text + " " + flavor);
      } else {
        float[] expected = expected(c);
        for (int i = 0; i < values.length; i++) {
          assertEquals(expected[i], values[i], tolerance, text + " " + flavor + " [" + i + "]");
        }
      }
    }
  }

  @Test
  void defaultSeedIsUsedWithoutOwnSeed() {
    KerasFillPlan seeded = KerasInitializers.resolve("he_normal(seed=77)").bind(4, 5);
    KerasFillPlan unseeded = KerasInitializers.resolve("he_normal").bind(4, 5);
    float[] a = new float[20];
    float[] b = new float[20];
    seeded.fill(a, 0, KerasFlavor.KERAS3, 1L);
    unseeded.fill(b, 0, KerasFlavor.KERAS3, 77L);
    assertArrayEquals(a, b);
    assertEquals(77L, unseeded.effectiveSeed(77L));
    assertEquals(77L, seeded.effectiveSeed(5L));
  }

  @Test
  void rejectsShortArrayBeforeWriting() {
    KerasFillPlan plan = KerasInitializers.resolve("ones").bind(3, 3);
    float[] out = new float[9];
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> plan.fill(out, 1, KerasFlavor.KERAS3, 0));
    assertTrue(e.getMessage().contains("at least offset + 9"), e.getMessage());
    assertArrayEquals(new float[9], out);
  }

  private static float[] expected(JsonNode c) throws IOException {
    int n = c.get("num_values").asInt();
    float[] v = new float[n];
    if (c.has("values")) {
      for (int i = 0; i < n; i++) {
        v[i] = (float) c.get("values").get(i).asDouble();
      }
      return v;
    }
    String path = "/oracles/keras/" + c.get("values_file").asText();
    try (InputStream in = KerasFillPlanOracleTest.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IOException("missing test resource " + path);
      }
      ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
    }
    return v;
  }

  private static String sha256(float[] values) throws NoSuchAlgorithmException {
    ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(values);
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.array()));
  }
}
