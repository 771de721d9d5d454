package io.nninit.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@code sample} command end to end: arguments in, one JSON line out, oracle values bit for
 * bit.
 */
class SampleCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
    return new Run(code, out.toString(), err.toString());
  }

  /** Oracle cases copied from ../shared/oracles: values computed by TensorFlow and PyTorch. */
  static Stream<JsonNode> oracleCases() throws IOException {
    try (InputStream in =
        SampleCommandTest.class.getResourceAsStream("/oracles/sample_cases.json")) {
      List<JsonNode> cases = new ArrayList<>();
      JSON.readTree(in).get("cases").forEach(cases::add);
      return cases.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("oracleCases")
  void printsTheOracleValuesBitForBit(JsonNode c) throws IOException {
    List<String> args = new ArrayList<>();
    args.add("sample");
    String shape = joinShape(c.get("shape"));
    String initializer;
    if (c.get("convention").asText().equals("pytorch")) {
      args.add("--convention");
      args.add("pytorch");
      initializer = torchCall(c);
    } else {
      initializer = c.get("initializer").asText();
      args.add("--flavor");
      args.add(c.get("flavor").asText());
    }
    args.addAll(
        List.of("--initializer", initializer, "--shape", shape, "--seed", c.get("seed").asText()));

    Run r = run(args.toArray(new String[0]));

    assertEquals(0, r.code(), r.err());
    assertEquals("", r.err());
    assertEquals(1, r.out().strip().lines().count(), "one JSON object on one line");
    JsonNode printed = JSON.readTree(r.out());
    assertEquals(initializer, printed.get("initializer").asText());
    assertEquals(c.get("shape"), printed.get("shape"));
    assertEquals(c.get("seed").asLong(), printed.get("seed").asLong());
    JsonNode expected = c.get("values");
    JsonNode actual = printed.get("values");
    assertEquals(expected.size(), actual.size());
    for (int i = 0; i < expected.size(); i++) {
      float want = (float) expected.get(i).asDouble();
      float got = Float.parseFloat(actual.get(i).asText());
      assertEquals(
          Float.floatToRawIntBits(want),
          Float.floatToRawIntBits(got),
          "value " + i + " of " + c.get("id"));
      assertEquals(Float.toString(got), actual.get(i).asText(), "written as Float.toString");
    }
  }

  private static String joinShape(JsonNode shape) {
    List<String> dims = new ArrayList<>();
    shape.forEach(d -> dims.add(d.asText()));
    return String.join(",", dims);
  }

  private static String torchCall(JsonNode c) {
    String function = c.get("function").asText();
    String name = function.substring(function.lastIndexOf('.') + 1);
    List<String> kwargs = new ArrayList<>();
    c.get("kwargs").properties().forEach(e -> kwargs.add(e.getKey() + "=" + python(e.getValue())));
    return name + "(" + String.join(", ", kwargs) + ")";
  }

  private static String python(JsonNode v) {
    return v.isTextual() ? "'" + v.asText() + "'" : v.asText();
  }

  @Test
  void thePublishedGlorotExampleIsPrintedExactly() {
    Run r = run("sample", "--initializer", "glorot_uniform", "--shape", "3,3", "--seed", "123");
    assertEquals(0, r.code());
    assertEquals(
        "{\"initializer\": \"glorot_uniform\", \"shape\": [3, 3], \"seed\": 123, \"values\": [-0.047984123,"
            + " -0.22223973, -0.9824271, -0.57410717, -0.79084826, -0.6723347, -0.54534245, -0.14903617,"
            + " 0.22151732]}",
        r.out().strip());
  }

  @Test
  void optionsTakeEitherSpelling() {
    Run spaced = run("sample", "--initializer", "he_uniform", "--shape", "4,2", "--seed", "-7");
    Run joined =
        run("sample", "--initializer=he_uniform", "--shape=4,2", "--seed=-7", "--flavor=keras3");
    assertEquals(0, spaced.code(), spaced.err());
    assertEquals(spaced.out(), joined.out());
  }

  @Test
  void negativeSeedsAreHandledAsTheFlavorHandlesThem() throws IOException {
    // keras3 takes floormod(-1, 2147483646) = 2147483645; tf_keras2 keeps -1: different streams.
    JsonNode keras3 =
        JSON.readTree(
            run("sample", "--initializer", "random_uniform", "--shape", "6", "--seed", "-1").out());
    JsonNode same =
        JSON.readTree(
            run("sample", "--initializer", "random_uniform", "--shape", "6", "--seed", "2147483645")
                .out());
    JsonNode tfKeras2 =
        JSON.readTree(
            run(
                    "sample",
                    "--initializer",
                    "random_uniform",
                    "--shape",
                    "6",
                    "--seed",
                    "-1",
                    "--flavor",
                    "tf_keras2")
                .out());
    assertEquals(same.get("values"), keras3.get("values"));
    assertTrue(!keras3.get("values").equals(tfKeras2.get("values")));
    assertEquals(-1, tfKeras2.get("seed").asLong());
  }

  @Test
  void withoutASeedOneIsDrawnAndPrinted() throws IOException {
    Run r = run("sample", "--initializer", "glorot_normal", "--shape", "5,4");
    assertEquals(0, r.code(), r.err());
    JsonNode printed = JSON.readTree(r.out());
    long seed = printed.get("seed").asLong();
    assertTrue(seed >= 1 && seed <= 1_000_000_000L, "drawn like Keras' make_default_seed: " + seed);
    Run again =
        run(
            "sample",
            "--initializer",
            "glorot_normal",
            "--shape",
            "5,4",
            "--seed",
            Long.toString(seed));
    assertEquals(r.out(), again.out(), "the printed seed reproduces the values");
  }

  @Test
  void anInitializersOwnSeedIsReported() throws IOException {
    JsonNode printed =
        JSON.readTree(run("sample", "--initializer", "he_normal(seed=7)", "--shape", "2,2").out());
    assertEquals(7, printed.get("seed").asLong());
  }

  @Test
  void nonFiniteValuesAreWrittenAsStrings() throws IOException {
    Run r = run("sample", "--initializer", "constant(value=float('nan'))", "--shape", "1");
    // Keras' constant takes a number; float('nan') is not a literal our syntax has, so this is an
    // error.
    assertEquals(2, r.code());
    assertEquals("\"NaN\"", Json.number(Float.NaN));
    assertEquals("\"-Infinity\"", Json.number(Float.NEGATIVE_INFINITY));
    assertEquals("\"Infinity\"", Json.number(Float.POSITIVE_INFINITY));
    assertEquals("1.0E-7", Json.number(1e-7f));
  }

  static Stream<List<String>> badCommandLines() {
    return Stream.of(
        List.of("sample", "--shape", "3,3"),
        List.of("sample", "--initializer", "he_normal"),
        List.of("sample", "--initializer", "he_nromal", "--shape", "3,3"),
        List.of("sample", "--initializer", "he_normal(", "--shape", "3,3"),
        List.of("sample", "--initializer", "he_normal(sead=1)", "--shape", "3,3"),
        List.of("sample", "--initializer", "variance_scaling(scale=0)", "--shape", "3,3"),
        List.of("sample", "--initializer", "variance_scaling(mode='fan_middle')", "--shape", "3,3"),
        List.of("sample", "--initializer", "orthogonal", "--shape", "5"),
        List.of("sample", "--initializer", "identity", "--shape", "3,3,3"),
        List.of("sample", "--initializer", "he_normal", "--shape", "3,x"),
        List.of("sample", "--initializer", "he_normal", "--shape", "3,-3"),
        List.of("sample", "--initializer", "he_normal", "--shape", "3,3", "--seed", "x"),
        List.of(
            "sample",
            "--initializer",
            "he_normal",
            "--shape",
            "3,3",
            "--seed",
            "99999999999999999999"),
        List.of("sample", "--initializer", "he_normal(seed=1)", "--shape", "3,3", "--seed", "1"),
        List.of("sample", "--initializer", "he_normal", "--shape", "3,3", "--flavor", "keras4"),
        List.of("sample", "--initializer", "he_normal", "--shape", "3,3", "--convention", "jax"),
        List.of(
            "sample", "--convention", "pytorch", "--initializer", "he_normal", "--shape", "3,3"),
        List.of(
            "sample",
            "--convention",
            "pytorch",
            "--initializer",
            "kaiming_normal_",
            "--shape",
            "3"),
        List.of(
            "sample",
            "--convention",
            "pytorch",
            "--initializer",
            "xavier_uniform_(gain=calculate_gain('swishy'))",
            "--shape",
            "3,3"),
        List.of(
            "sample",
            "--convention",
            "pytorch",
            "--initializer",
            "eye_",
            "--shape",
            "3,3",
            "--flavor",
            "keras3"),
        List.of("sample", "--initializer", "he_normal", "--shape", "3,3", "--unknown", "1"));
  }

  @ParameterizedTest
  @MethodSource("badCommandLines")
  void errorsAreOneLineOnStderrWithExitCode2(List<String> args) {
    Run r = run(args.toArray(new String[0]));
    assertEquals(2, r.code(), r.out() + r.err());
    assertEquals("", r.out());
    assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
    assertTrue(r.err().startsWith("error: "), r.err());
    assertTrue(r.err().length() > 30, "says what was wrong: " + r.err());
    assertTrue(
        !r.err().toLowerCase(Locale.ROOT).contains("exception"), "no stack trace: " + r.err());
  }
}
