package io.nninit.runtime.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every case of the Keras oracle (TF 2.18 / Keras source, see the oracle README): our resolution
 * gives Keras' fans, the double-precision VarianceScaling quantities and the float32 constants, and
 * rejects the shapes Keras rejects. Values come from the oracle file only.
 */
class KerasOracleResolutionTest {
  static List<JsonNode> cases() throws IOException {
    return OracleCases.all();
  }

  /** The initializer string for a case: its Keras name with the config as keyword arguments. */
  static String spec(JsonNode c, String name) {
    List<String> args = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : c.get("config").properties()) {
      JsonNode v = e.getValue();
      String literal =
          v.isTextual()
              ? "'" + v.asText() + "'"
              : v.isIntegralNumber() ? v.asText() : Double.toString(v.asDouble());
      args.add(e.getKey() + "=" + literal);
    }
    return args.isEmpty() ? name : name + "(" + String.join(", ", args) + ")";
  }

  static int[] shape(JsonNode c) {
    int[] s = new int[c.get("shape").size()];
    for (int i = 0; i < s.length; i++) {
      s[i] = c.get("shape").get(i).asInt();
    }
    return s;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ids")
  void matchesOracle(String id) throws IOException {
    JsonNode c = OracleCases.byId(id);
    for (String name : List.of(c.get("initializer").asText(), c.get("class").asText())) {
      String text = spec(c, name);
      KerasInitializer init = KerasInitializers.resolve(text);
      assertEquals(c.get("initializer").asText(), init.name(), text);
      if (c.has("expect_error")) {
        SpecException e = assertThrows(SpecException.class, () -> init.bind(shape(c)), text);
        assertEquals(SpecException.SHAPE, e.code());
        assertTrue(e.getMessage().contains(c.get("message_contains").asText()), e.getMessage());
        continue;
      }
      KerasFillPlan plan = init.bind(shape(c));
      assertEquals(c.get("fan_in").asLong(), plan.fans().fanIn(), text);
      assertEquals(c.get("fan_out").asLong(), plan.fans().fanOut(), text);
      assertEquals(c.get("num_values").asInt(), plan.count(), text);
      assertEquals(c.has("seed"), init.isRandom(), text);
      if (c.has("seed")) {
        assertEquals(c.get("seed").asLong(), init.seed().orElseThrow(), text);
      }
      if (c.has("scale_over_fan")) {
        assertEquals(c.get("scale").asDouble(), init.scale(), text);
        assertEquals(c.get("mode").asText(), init.mode(), text);
        assertEquals(c.get("distribution").asText(), init.distribution(), text);
        String d = plan.derivation();
        assertTrue(d.contains(" = " + c.get("scale_over_fan").asDouble()), d);
        if (c.has("stddev")) {
          assertTrue(d.contains(" = " + c.get("stddev").asDouble() + " ->"), d);
        }
        if (c.has("limit")) {
          assertTrue(d.contains(" = " + c.get("limit").asDouble() + " ->"), d);
        }
      }
      checkOp(c, plan.op(), text);
    }
  }

  private static void checkOp(JsonNode c, KerasOp op, String text) {
    JsonNode f = c.get("float32_params");
    String kind = c.has("distribution") ? c.get("distribution").asText() : "";
    switch (c.get("initializer").asText()) {
      case "zeros", "ones", "constant" -> {
        KerasOp.Constant k = assertInstanceOf(KerasOp.Constant.class, op, text);
        assertEquals((float) c.get("value").asDouble(), k.value(), text);
      }
      case "identity" -> {
        KerasOp.Identity k = assertInstanceOf(KerasOp.Identity.class, op, text);
        assertEquals((float) c.get("gain").asDouble(), k.gain(), text);
        assertEquals(c.get("shape").get(0).asInt(), k.rows());
        assertEquals(c.get("shape").get(1).asInt(), k.cols());
      }
      case "orthogonal" -> {
        KerasOp.Orthogonal k = assertInstanceOf(KerasOp.Orthogonal.class, op, text);
        assertEquals(f.get("gain").floatValue(), k.gain(), text);
        assertEquals(c.get("num_rows").asInt(), k.rows(), text);
        assertEquals(c.get("num_cols").asInt(), k.cols(), text);
      }
      default -> {
        if (kind.equals("uniform")) {
          KerasOp.Uniform u = assertInstanceOf(KerasOp.Uniform.class, op, text);
          assertEquals(f.get("minval").floatValue(), u.minval(), text);
          assertEquals(f.get("maxval").floatValue(), u.maxval(), text);
          assertEquals(f.get("maxval_minus_minval").floatValue(), u.range(), text);
        } else if (kind.equals("truncated_normal")) {
          KerasOp.TruncatedNormal t = assertInstanceOf(KerasOp.TruncatedNormal.class, op, text);
          assertEquals(f.get("mean").floatValue(), t.mean(), text);
          assertEquals(f.get("stddev").floatValue(), t.stddev(), text);
        } else {
          assertTrue(kind.equals("normal") || kind.equals("untruncated_normal"), text);
          KerasOp.Normal n = assertInstanceOf(KerasOp.Normal.class, op, text);
          assertEquals(f.get("mean").floatValue(), n.mean(), text);
          assertEquals(f.get("stddev").floatValue(), n.stddev(), text);
        }
      }
    }
  }

  static Stream<String> ids() throws IOException {
    return OracleCases.all().stream().map(c -> c.get("id").asText());
  }

  @Test
  void oracleHasEveryInitializer() throws IOException {
    assertEquals(726, OracleCases.all().size());
    List<String> seen =
        OracleCases.all().stream()
            .map(c -> c.get("initializer").asText())
            .distinct()
            .sorted()
            .toList();
    assertEquals(KerasInitializers.canonicalNames().stream().sorted().toList(), seen);
  }

  /** Loads the copied oracle once. */
  static final class OracleCases {
    private static List<JsonNode> cases;

    static synchronized List<JsonNode> all() throws IOException {
      if (cases == null) {
        try (InputStream in =
            KerasOracleResolutionTest.class.getResourceAsStream("/oracles/keras/index.json")) {
          JsonNode root = new ObjectMapper().readTree(in);
          List<JsonNode> list = new ArrayList<>();
          root.get("cases").forEach(list::add);
          cases = List.copyOf(list);
        }
      }
      return cases;
    }

    static JsonNode byId(String id) throws IOException {
      return all().stream().filter(c -> c.get("id").asText().equals(id)).findFirst().orElseThrow();
    }
  }
}
