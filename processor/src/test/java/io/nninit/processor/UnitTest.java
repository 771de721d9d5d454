package io.nninit.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nninit.annotation.Convention;
import io.nninit.annotation.KerasFlavor;
import io.nninit.annotation.LayerType;
import io.nninit.runtime.spec.KerasOp;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Validator and planner on hand-made specs, without javac. */
class UnitTest {
  private static LayerSpec layer(
      String name,
      LayerType type,
      int units,
      int filters,
      List<Integer> kernel,
      int in,
      Map<String, String> initializers) {
    Map<String, String> all = new HashMap<>();
    for (String a : LayerTypes.INITIALIZER_ATTRIBUTES) {
      all.put(a, initializers.getOrDefault(a, ""));
    }
    return new LayerSpec(
        name,
        type,
        units,
        filters,
        kernel,
        in,
        1,
        1,
        true,
        true,
        true,
        -1,
        -1,
        all,
        LayerTypes.RUNTIME + "." + LayerTypes.fieldType(type),
        Set.of(),
        null,
        null,
        Map.of());
  }

  private static ModelSpec model(long seed, LayerSpec... layers) {
    return new ModelSpec(
        "p",
        List.of("M"),
        false,
        "",
        seed,
        Convention.KERAS,
        KerasFlavor.KERAS3,
        List.of(layers),
        null,
        null,
        Map.of());
  }

  @Test
  void validatorAcceptsAndRejects() {
    LayerSpec ok = layer("fc", LayerType.DENSE, 3, 0, List.of(), 4, Map.of());
    assertEquals(List.of(), new ModelValidator().validate(model(1, ok)));
    List<Problem> problems =
        new ModelValidator()
            .validate(model(1L << 32, layer("c", LayerType.CONV2D, 0, 8, List.of(), 3, Map.of())));
    assertEquals(2, problems.size(), problems.toString());
    assertTrue(problems.get(0).text().startsWith("[nn.seed] "), problems.toString());
    assertTrue(
        problems.get(1).text().startsWith("[nn.size] layer c: CONV2D needs kernelSize"),
        problems.toString());
  }

  @Test
  void plannerInfersChannelsAndDrawOrder() {
    ModelSpec spec =
        model(
            5,
            layer("conv", LayerType.CONV2D, 0, 8, List.of(3), 3, Map.of()),
            layer(
                "bn",
                LayerType.BATCH_NORMALIZATION,
                0,
                0,
                List.of(),
                0,
                Map.of("betaInitializer", "random_normal", "gammaInitializer", "he_uniform")),
            layer(
                "fc",
                LayerType.DENSE,
                2,
                0,
                List.of(),
                0,
                Map.of("kernelInitializer", "glorot_uniform(seed=3)")));
    ConventionPlanner.Result r = new KerasPlanner().plan(spec);
    assertEquals(List.of(), r.problems());
    List<LayerPlan> layers = r.plan().layers();
    assertEquals(List.of(3, 3, 3, 8), layers.get(0).weights().get(0).shape());
    assertEquals(8, layers.get(1).inputChannels());
    assertEquals(List.of(8, 2), layers.get(2).weights().get(0).shape());
    assertEquals("the 8 channels of bn", layers.get(2).channelsFrom());
    // BN's constructor creates beta before gamma; layer.weights lists gamma first
    assertEquals(
        List.of("conv.kernel_initializer", "bn.beta_initializer", "bn.gamma_initializer"),
        r.plan().draws().stream().map(d -> d.layer() + "." + d.argument()).toList());
    assertEquals(
        List.of("gamma", "beta", "moving_mean", "moving_variance"),
        layers.get(1).weights().stream().map(WeightPlan::name).toList());
    KerasWeightFill fc = (KerasWeightFill) layers.get(2).weights().get(0).fill();
    assertTrue(fc.seedField().isEmpty());
    assertTrue(fc.plan().op() instanceof KerasOp.Uniform);
  }

  @Test
  void plannerReportsUnknownFirstChannelsOnce() {
    ConventionPlanner.Result r =
        new KerasPlanner()
            .plan(
                model(
                    5,
                    layer("a", LayerType.DENSE, 3, 0, List.of(), 0, Map.of()),
                    layer("b", LayerType.DENSE, 3, 0, List.of(), 0, Map.of())));
    assertEquals(1, r.problems().size());
    assertTrue(r.problems().get(0).text().startsWith("[nn.input-channels] layer a "));
  }

  @Test
  void namesAndLiterals() {
    assertEquals("initConv1", Names.initMethod("conv1"));
    assertEquals("bnMovingVariance", Names.weightField("bn", "moving_variance"));
    assertEquals("1.0E-5f", Literals.ofFloat(1e-5f).toString());
    assertEquals("java.lang.Float.NaN", Literals.ofFloat(Float.NaN).toString());
    assertEquals("-7L", Literals.ofLong(-7).toString());
  }
}
