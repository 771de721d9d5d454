package io.nninit.runtime.spec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.nninit.runtime.TorchCapability;
import io.nninit.runtime.TorchGenerator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every non-batch-norm case of the PyTorch oracle, through the public resolution and kernels:
 * arrays bit for bit (uint32) unless the case or the documented precision allows a tolerance,
 * derived bounds and gains as exact doubles, PyTorch's errors as our errors, and the number of
 * words drawn from the generator.
 */
class TorchOracleTest {
  /** trunc_normal_: PyTorch uses glibc erff/expf/logf, we use correctly rounded ones. */
  private static final int TRUNC_NORMAL_ULPS = 4;

  /** DEFAULT capability, normal_ on >= 16 elements: glibc logf/sinf/cosf vs correctly rounded. */
  private static final double DEFAULT_NORMAL_ATOL_PER_STD = 1e-6;

  private static final Pattern TENSOR_STEP =
      Pattern.compile("torch\\.empty\\(\\[(\\d+)\\]\\)\\.(normal_|uniform_)\\((.*)\\)");

  private enum Outcome {
    EXACT,
    TOLERANCE,
    RAISED
  }

  /** The table column of an outcome; column 3 counts failures. */
  private static int column(Outcome outcome) {
    return switch (outcome) {
      case EXACT -> 0;
      case TOLERANCE -> 1;
      case RAISED -> 2;
    };
  }

  private final TorchOracle oracle = TorchOracle.load();

  /**
   * Per family: elements compared, elements not bit-equal, worst difference (ulp or |diff|/atol).
   */
  private final Map<String, double[]> elements = new TreeMap<>();

  private String currentFamily = "";

  @Test
  void everyCaseMatchesPyTorch() {
    Map<String, int[]> counts = new TreeMap<>();
    List<String> failures = new ArrayList<>();
    for (JsonNode c : oracle.cases()) {
      String id = c.get("id").asText();
      String family = family(id);
      int[] row = counts.computeIfAbsent(family, f -> new int[4]);
      currentFamily = family;
      try {
        row[column(run(c))]++;
      } catch (AssertionError | RuntimeException e) {
        row[3]++;
        failures.add(id + ": " + e);
      }
    }
    StringBuilder table =
        new StringBuilder(
            "PyTorch oracle, per family: exact / within tolerance / error raised as expected /"
                + " FAILED\n");
    int[] total = new int[4];
    counts.forEach(
        (family, row) -> {
          table.append(
              String.format("  %-34s %5d %5d %5d %5d%n", family, row[0], row[1], row[2], row[3]));
          for (int i = 0; i < 4; i++) {
            total[i] += row[i];
          }
        });
    table.append(
        String.format(
            "  %-34s %5d %5d %5d %5d%n", "TOTAL", total[0], total[1], total[2], total[3]));
    table.append("Elements compared with a tolerance: family, elements, not bit-equal, worst\n");
    elements.forEach(
        (family, e) ->
            table.append(
                String.format(
                    "  %-34s %7d %6d (%.2f %%)  worst %s%n",
                    family,
                    (long) e[0],
                    (long) e[1],
                    100 * e[1] / e[0],
                    e[3] > 0 ? String.format("%.3f of atol", e[2]) : (long) e[2] + " ulp")));
    System.out.print(table);
    assertTrue(
        failures.isEmpty(),
        failures.size()
            + " case(s) differ from PyTorch:\n"
            + String.join("\n", failures.subList(0, Math.min(30, failures.size()))));
    assertEquals(oracle.cases().size(), total[0] + total[1] + total[2]);
  }

  private static String family(String id) {
    String[] parts = id.split("/", -1);
    return id.startsWith("cap_default/") ? parts[0] + "/" + parts[1] : parts[0];
  }

  private Outcome run(JsonNode c) {
    String function = c.get("function").asText();
    if (function.equals("sequence")) {
      return c.get("id").asText().startsWith("sequence/model/")
          ? modelSequence(c)
          : tensorSequence(c);
    }
    if (function.equals("torch.nn.init.calculate_gain")) {
      return calculateGain(c);
    }
    if (function.equals("torch.nn.init._calculate_fan_in_and_fan_out")) {
      return fans(c);
    }
    if (c.has("derived") && c.get("derived").has("weight_bound")) {
      return moduleInit(c);
    }
    return initializer(c);
  }

  private Outcome initializer(JsonNode c) {
    String id = c.get("id").asText();
    String function = c.get("function").asText();
    String name = function.substring(function.lastIndexOf('.') + 1);
    List<String> args = new ArrayList<>();
    c.get("args").forEach(a -> args.add(TorchOracle.python(a)));
    for (Map.Entry<String, JsonNode> kw : c.get("kwargs").properties()) {
      String value = TorchOracle.python(kw.getValue());
      if (kw.getKey().equals("gain") && id.contains("gain=relu")) {
        value = "calculate_gain('relu')"; // the case's gain is calculate_gain('relu')
      }
      args.add(kw.getKey() + "=" + value);
    }
    String text = name + "(" + String.join(", ", args) + ")";
    int[] shape = TorchOracle.shape(c.get("shape"));
    TorchInitializer init = TorchInitializers.resolve(text, shape);
    checkDerived(c, init.kernel());
    TorchGenerator generator = generator(c);
    float[] out = new float[init.count() + 3];
    Arrays.fill(out, Float.NaN);
    init.fill(out, 2, generator);
    assertTrue(
        Float.isNaN(out[0]) && Float.isNaN(out[1]) && Float.isNaN(out[out.length - 1]),
        "wrote outside its range");
    checkDraws(c, generator);
    float[] expected = oracle.array(c.get("outputs").get("out"));
    float[] actual = Arrays.copyOfRange(out, 2, 2 + init.count());
    if (c.has("tolerance")) {
      return compareAbsolute(expected, actual, c.get("tolerance").get("atol").asDouble());
    }
    if (name.equals("trunc_normal_")) {
      return compareUlps(expected, actual, TRUNC_NORMAL_ULPS);
    }
    if (generator.capability() == TorchCapability.DEFAULT
        && init.kernel() instanceof TorchKernel.Normal n
        && init.count() >= 16) {
      return compareAbsolute(expected, actual, DEFAULT_NORMAL_ATOL_PER_STD * n.std());
    }
    return compareBits(expected, actual);
  }

  private Outcome moduleInit(JsonNode c) {
    String function = c.get("function").asText();
    JsonNode kw = c.get("kwargs");
    int[] weightShape;
    if (function.equals("torch.nn.Linear")) {
      weightShape =
          TorchModules.linearWeightShape(
              kw.get("in_features").asInt(), kw.get("out_features").asInt());
    } else {
      int spatial = function.charAt(function.length() - 2) - '0';
      int[] kernel = new int[spatial];
      JsonNode k = kw.get("kernel_size");
      for (int i = 0; i < spatial; i++) {
        kernel[i] = k.isArray() ? k.get(i).asInt() : k.asInt();
      }
      int groups = kw.has("groups") ? kw.get("groups").asInt() : 1;
      int in = kw.get("in_channels").asInt();
      int outChannels = kw.get("out_channels").asInt();
      weightShape =
          function.contains("Transpose")
              ? TorchModules.convTransposeWeightShape(in, outChannels, groups, kernel)
              : TorchModules.convWeightShape(in, outChannels, groups, kernel);
    }
    assertArrayEquals(TorchOracle.shape(c.get("shape")), weightShape, "weight shape");
    JsonNode derived = c.get("derived");
    TorchInitializer weight = TorchInitializers.moduleDefaultWeight(weightShape);
    assertExactDouble(
        derived.get("weight_bound_hex").asText(),
        ((TorchKernel.Uniform) weight.kernel()).to(),
        "weight bound");
    assertEquals(derived.get("fan_in").asLong(), TorchFans.fanIn(weightShape));
    assertEquals(derived.get("fan_out").asLong(), TorchFans.fanOut(weightShape));
    TorchGenerator generator = generator(c);
    float[] w = new float[weight.count()];
    weight.fill(w, 0, generator);
    Outcome outcome = compareBits(oracle.array(c.get("outputs").get("weight")), w);
    JsonNode biasRef = c.get("outputs").get("bias");
    if (biasRef != null) {
      TorchInitializer bias =
          TorchInitializers.moduleDefaultBias(weightShape, biasRef.get("count").asInt());
      assertExactDouble(
          derived.get("bias_bound_hex").asText(),
          ((TorchKernel.Uniform) bias.kernel()).to(),
          "bias bound");
      float[] b = new float[bias.count()];
      bias.fill(b, 0, generator);
      compareBits(oracle.array(biasRef), b);
    }
    checkDraws(c, generator);
    return outcome;
  }

  private Outcome calculateGain(JsonNode c) {
    JsonNode args = c.get("args");
    String text =
        "calculate_gain("
            + TorchOracle.python(args.get(0))
            + ", "
            + TorchOracle.python(args.get(1))
            + ")";
    JsonNode result = c.get("result");
    if (result.has("raises")) {
      return expectRaises(result, () -> TorchGain.calculateGain(SpecParser.parse(text)));
    }
    double gain = TorchGain.calculateGain(SpecParser.parse(text));
    assertExactDouble(result.get("hex").asText(), gain, text);
    if (args.get(1).isNull()) {
      assertEquals(gain, TorchGain.calculateGain(args.get(0).asText()), "calculateGain(String)");
    } else {
      assertEquals(
          gain,
          TorchGain.calculateGain(args.get(0).asText(), args.get(1).asDouble()),
          "calculateGain(String, double)");
    }
    return Outcome.EXACT;
  }

  private Outcome fans(JsonNode c) {
    int[] shape = TorchOracle.shape(c.get("shape"));
    JsonNode result = c.get("result");
    if (result.has("raises")) {
      expectRaises(result, () -> TorchFans.fanIn(shape));
      return expectRaises(result, () -> TorchFans.fanOut(shape));
    }
    assertEquals(result.get("fan_in").asLong(), TorchFans.fanIn(shape), "fan_in");
    assertEquals(result.get("fan_out").asLong(), TorchFans.fanOut(shape), "fan_out");
    return Outcome.EXACT;
  }

  /** {@code torch.empty([n]).normal_(...)} / {@code .uniform_(...)} steps after one manual_seed. */
  private Outcome tensorSequence(JsonNode c) {
    TorchGenerator generator = generator(c);
    Outcome worst = Outcome.EXACT;
    for (JsonNode step : c.get("steps")) {
      Matcher m = TENSOR_STEP.matcher(step.get("call").asText());
      assertTrue(m.matches(), "unexpected step " + step);
      int n = Integer.parseInt(m.group(1));
      TorchInitializer init =
          TorchInitializers.resolve(m.group(2) + "(" + m.group(3) + ")", new int[] {n});
      float[] out = new float[n];
      init.fill(out, 0, generator);
      compareBits(oracle.array(c.get("outputs").get(step.get("output").asText())), out);
    }
    checkDraws(c, generator);
    return worst;
  }

  /** Conv2d(3, 8, 3), BatchNorm2d(8), Linear(72, 10), then three nn.init calls, one generator. */
  private Outcome modelSequence(JsonNode c) {
    List<String> steps = new ArrayList<>();
    c.get("steps").forEach(s -> steps.add(s.get("call").asText()));
    assertEquals(
        List.of(
            "conv = nn.Conv2d(3, 8, 3)",
            "bn = nn.BatchNorm2d(8)",
            "lin = nn.Linear(72, 10)",
            "nn.init.kaiming_normal_(conv.weight, mode='fan_out', nonlinearity='relu')",
            "nn.init.trunc_normal_(lin.weight, std=0.02)",
            "nn.init.zeros_(lin.bias)"),
        steps);
    TorchGenerator g = generator(c);
    int[] convShape = TorchModules.convWeightShape(3, 8, 1, new int[] {3, 3});
    int[] linShape = TorchModules.linearWeightShape(72, 10);
    float[] convW = new float[8 * 27];
    float[] convB = new float[8];
    float[] bnW = new float[8];
    float[] bnB = new float[8];
    float[] linW = new float[720];
    float[] linB = new float[10];
    TorchInitializers.moduleDefaultWeight(convShape).fill(convW, 0, g);
    TorchInitializers.moduleDefaultBias(convShape, 8).fill(convB, 0, g);
    Arrays.fill(bnW, 1f); // BatchNorm draws nothing: weight 1, bias 0
    TorchInitializers.moduleDefaultWeight(linShape).fill(linW, 0, g);
    TorchInitializers.moduleDefaultBias(linShape, 10).fill(linB, 0, g);
    TorchInitializers.resolve(
            "nn.init.kaiming_normal_(mode='fan_out', nonlinearity='relu')", convShape)
        .fill(convW, 0, g);
    TorchInitializers.resolve("nn.init.trunc_normal_(std=0.02)", linShape).fill(linW, 0, g);
    TorchInitializers.resolve("nn.init.zeros_", new int[] {10}).fill(linB, 0, g);
    checkDraws(c, g);
    JsonNode outputs = c.get("outputs");
    compareBits(oracle.array(outputs.get("conv.weight")), convW);
    compareBits(oracle.array(outputs.get("conv.bias")), convB);
    compareBits(oracle.array(outputs.get("bn.weight")), bnW);
    compareBits(oracle.array(outputs.get("bn.bias")), bnB);
    compareBits(oracle.array(outputs.get("lin.bias")), linB);
    return compareUlps(oracle.array(outputs.get("lin.weight")), linW, TRUNC_NORMAL_ULPS);
  }

  private static TorchGenerator generator(JsonNode c) {
    long seed = c.get("seed").isNull() ? 0 : c.get("seed").asLong();
    TorchCapability capability = TorchCapability.valueOf(c.get("capability").asText());
    return new TorchGenerator(seed, capability);
  }

  /** The generator consumed exactly the case's {@code draws} words. */
  private static void checkDraws(JsonNode c, TorchGenerator used) {
    if (!c.has("draws")) {
      return;
    }
    TorchGenerator fresh = new TorchGenerator(used.initialSeed());
    for (long i = c.get("draws").asLong(); i > 0; i--) {
      fresh.random();
    }
    assertEquals(
        fresh.random(), used.random(), "generator position after " + c.get("draws") + " draws");
  }

  private static void checkDerived(JsonNode c, TorchKernel kernel) {
    if (!c.has("derived")) {
      return;
    }
    JsonNode d = c.get("derived");
    if (d.has("bound_hex")) {
      TorchKernel.Uniform u = (TorchKernel.Uniform) kernel;
      assertExactDouble(d.get("bound_hex").asText(), u.to(), "bound");
      assertEquals(-u.to(), u.from());
    }
    if (d.has("std_hex")) {
      assertExactDouble(d.get("std_hex").asText(), ((TorchKernel.Normal) kernel).std(), "std");
    }
  }

  private static void assertExactDouble(String pythonHex, double actual, String what) {
    double expected = Double.parseDouble(pythonHex);
    assertEquals(
        Double.doubleToRawLongBits(expected),
        Double.doubleToRawLongBits(actual),
        what
            + ": expected "
            + pythonHex
            + " = "
            + expected
            + ", got "
            + Double.toHexString(actual));
  }

  private static Outcome expectRaises(JsonNode result, Runnable call) {
    try {
      call.run();
    } catch (SpecException e) {
      String message = result.get("message").asText();
      assertTrue(
          e.getMessage().contains(message),
          "message '" + e.getMessage() + "' lacks PyTorch's '" + message + "'");
      return Outcome.RAISED;
    }
    return fail(
        "PyTorch raises " + result.get("raises") + ": " + result.get("message") + "; we did not");
  }

  private static Outcome compareBits(float[] expected, float[] actual) {
    assertEquals(expected.length, actual.length, "length");
    for (int i = 0; i < expected.length; i++) {
      if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
        fail(
            "element "
                + i
                + ": expected "
                + expected[i]
                + " (0x"
                + Integer.toHexString(Float.floatToRawIntBits(expected[i]))
                + "), got "
                + actual[i]
                + " (0x"
                + Integer.toHexString(Float.floatToRawIntBits(actual[i]))
                + ")");
      }
    }
    return Outcome.EXACT;
  }

  private void record(boolean differs, double worst, boolean relativeToAtol) {
    double[] e = elements.computeIfAbsent(currentFamily, f -> new double[4]);
    e[0]++;
    e[1] += differs ? 1 : 0;
    e[2] = Math.max(e[2], worst);
    e[3] = relativeToAtol ? 1 : 0;
  }

  private Outcome compareUlps(float[] expected, float[] actual, int maxUlps) {
    assertEquals(expected.length, actual.length, "length");
    boolean exact = true;
    for (int i = 0; i < expected.length; i++) {
      long distance = Math.abs((long) ordered(expected[i]) - ordered(actual[i]));
      if (distance > maxUlps) {
        fail(
            "element "
                + i
                + ": expected "
                + expected[i]
                + ", got "
                + actual[i]
                + ", "
                + distance
                + " ulp apart (max "
                + maxUlps
                + ")");
      }
      exact &= distance == 0;
      record(distance != 0, (double) distance, false);
    }
    return exact ? Outcome.EXACT : Outcome.TOLERANCE;
  }

  private Outcome compareAbsolute(float[] expected, float[] actual, double atol) {
    assertEquals(expected.length, actual.length, "length");
    boolean exact = true;
    for (int i = 0; i < expected.length; i++) {
      double diff = Math.abs((double) expected[i] - actual[i]);
      if (!(diff <= atol)) {
        fail(
            "element "
                + i
                + ": expected "
                + expected[i]
                + ", got "
                + actual[i]
                + ", |diff| "
                + diff
                + " > atol "
                + atol);
      }
      boolean same = Float.floatToRawIntBits(expected[i]) == Float.floatToRawIntBits(actual[i]);
      exact &= same;
      record(!same, diff / atol, true);
    }
    return exact ? Outcome.EXACT : Outcome.TOLERANCE;
  }

  /** Floats mapped to integers whose difference is the number of ulps between them. */
  private static int ordered(float f) {
    int bits = Float.floatToRawIntBits(f);
    return bits < 0 ? Integer.MIN_VALUE - bits : bits;
  }
}
