package io.nninit.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nninit.annotation.KerasFlavor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.DoubleAccumulator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every random case of the Keras oracle ({@code src/test/resources/oracles/keras}, produced by
 * TensorFlow 2.18 CPU through TF Java) driven through {@link KerasRandom} and {@link
 * KerasOrthogonal} with the case's seed pair and float32 parameters.
 */
class KerasOracleTest {
  private static final String ROOT = "/oracles/keras/";
  private static final AtomicInteger EXACT = new AtomicInteger();
  private static final AtomicInteger WITHIN_TOLERANCE = new AtomicInteger();
  private static final DoubleAccumulator LARGEST_ORTHOGONAL_DIFFERENCE =
      new DoubleAccumulator(Math::max, 0);
  private static final AtomicInteger SEED_PAIRS = new AtomicInteger();

  enum Family {
    UNIFORM,
    NORMAL,
    TRUNCATED_NORMAL,
    ORTHOGONAL
  }

  static Stream<Arguments> randomCases() throws IOException {
    List<Arguments> cases = new ArrayList<>();
    for (JsonNode c : index().get("cases")) {
      if (c.has("seed_pair") && !c.has("expect_error")) {
        cases.add(Arguments.of(c.get("id").asText(), c));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("randomCases")
  void reproducesTensorFlow(String id, JsonNode c) throws IOException {
    float[] expected = expectedValues(c);
    assertEquals(c.get("num_values").asInt(), expected.length, id + ": oracle value count");
    long seed0 = c.get("seed_pair").get(0).asLong();
    long seed1 = c.get("seed_pair").get(1).asLong();
    JsonNode p = c.get("float32_params");
    float[] actual = new float[expected.length];
    Family family = family(c);
    switch (family) {
      case UNIFORM ->
          KerasRandom.uniform(
              actual,
              0,
              actual.length,
              seed0,
              seed1,
              f32(p, "minval"),
              f32(p, "maxval_minus_minval"));
      case NORMAL ->
          KerasRandom.normal(
              actual, 0, actual.length, seed0, seed1, f32(p, "mean"), f32(p, "stddev"));
      case TRUNCATED_NORMAL ->
          KerasRandom.truncatedNormal(
              actual, 0, actual.length, seed0, seed1, f32(p, "mean"), f32(p, "stddev"));
      case ORTHOGONAL ->
          new KerasOrthogonal(c.get("num_rows").asInt(), c.get("num_cols").asInt())
              .fill(actual, 0, seed0, seed1, f32(p, "gain"));
    }
    double tolerance = c.get("tolerance").get("abs").asDouble();
    if (tolerance == 0) {
      assertNotEquals(Family.ORTHOGONAL, family, id + ": only orthogonal cases may be inexact");
      for (int i = 0; i < expected.length; i++) {
        if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
          fail(
              String.format(
                  Locale.ROOT,
                  "%s: element %d is %s (0x%08x), TF gives %s (0x%08x)",
                  id,
                  i,
                  actual[i],
                  Float.floatToRawIntBits(actual[i]),
                  expected[i],
                  Float.floatToRawIntBits(expected[i])));
        }
      }
      assertEquals(c.get("sha256").asText(), sha256(actual), id + ": SHA-256 of the values");
      EXACT.incrementAndGet();
    } else {
      for (int i = 0; i < expected.length; i++) {
        double difference = Math.abs((double) expected[i] - actual[i]);
        LARGEST_ORTHOGONAL_DIFFERENCE.accumulate(difference);
        assertTrue(
            difference <= tolerance,
            id
                + ": element "
                + i
                + " is "
                + actual[i]
                + ", TF gives "
                + expected[i]
                + ", difference "
                + difference
                + " > tolerance "
                + tolerance);
      }
      WITHIN_TOLERANCE.incrementAndGet();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("randomCases")
  void derivesTheSeedPairOfEachFlavor(String id, JsonNode c) {
    long seed = c.get("seed").asLong();
    for (JsonNode flavor : c.get("flavors")) {
      KerasFlavor f = KerasFlavor.valueOf(flavor.asText().toUpperCase(Locale.ROOT));
      assertEquals(
          c.get("seed_pair").get(0).asLong(),
          KerasRandom.seedPairFirst(seed, f),
          id + ": seed pair of flavor " + f);
      SEED_PAIRS.incrementAndGet();
    }
  }

  @Test
  void coversEveryRandomCaseOfTheIndex() throws IOException {
    int random = 0;
    for (JsonNode c : index().get("cases")) {
      if (c.get("source").asText().startsWith("tensorflow")) {
        random++;
        assertTrue(c.has("seed_pair"), c.get("id").asText());
      }
    }
    assertEquals(712, random, "TF-computed cases in index.json");
    assertEquals(712, randomCases().count());
  }

  @AfterAll
  static void printTotals() {
    System.out.printf(
        Locale.ROOT,
        "Keras oracle: %d cases bit-exact, %d orthogonal cases within tolerance (largest"
            + " difference %.3g), %d seed pairs%n",
        EXACT.get(),
        WITHIN_TOLERANCE.get(),
        LARGEST_ORTHOGONAL_DIFFERENCE.get(),
        SEED_PAIRS.get());
  }

  private static Family family(JsonNode c) {
    String initializer = c.get("initializer").asText();
    String distribution = c.path("distribution").asText("");
    if (initializer.equals("orthogonal")) {
      return Family.ORTHOGONAL;
    }
    if (initializer.equals("random_uniform") || distribution.equals("uniform")) {
      return Family.UNIFORM;
    }
    if (initializer.equals("random_normal") || distribution.equals("untruncated_normal")) {
      return Family.NORMAL;
    }
    // truncated_normal, glorot/he/lecun_normal, variance_scaling "truncated_normal" and its alias
    // "normal"
    return Family.TRUNCATED_NORMAL;
  }

  private static float f32(JsonNode params, String name) {
    JsonNode value = params.get(name);
    if (value == null) {
      throw new AssertionError("float32_params lacks " + name + ": " + params);
    }
    return (float) value.asDouble();
  }

  private static float[] expectedValues(JsonNode c) throws IOException {
    if (c.has("values")) {
      JsonNode values = c.get("values");
      float[] result = new float[values.size()];
      for (int i = 0; i < result.length; i++) {
        result[i] = (float) values.get(i).asDouble();
      }
      return result;
    }
    byte[] bytes = resource(c.get("values_file").asText());
    float[] result = new float[bytes.length / 4];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(result);
    return result;
  }

  private static String sha256(float[] values) {
    ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(values);
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.array()));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  private static JsonNode index() throws IOException {
    return new ObjectMapper().readTree(resource("index.json"));
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = KerasOracleTest.class.getResourceAsStream(ROOT + name)) {
      if (in == null) {
        throw new IOException("missing test resource " + ROOT + name);
      }
      return in.readAllBytes();
    }
  }
}
