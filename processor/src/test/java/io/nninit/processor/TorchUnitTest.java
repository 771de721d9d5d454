package io.nninit.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nninit.annotation.Convention;
import io.nninit.annotation.KerasFlavor;
import io.nninit.annotation.LayerType;
import io.nninit.runtime.spec.TorchKernel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** TorchPlanner, TorchRules and the writer's helpers on hand-made specs, without javac. */
class TorchUnitTest {
  private static LayerSpec layer(
      String name,
      LayerType type,
      int size,
      List<Integer> kernel,
      int in,
      int groups,
      String... initializers) {
    Map<String, String> all = new HashMap<>();
    for (String a : LayerTypes.INITIALIZER_ATTRIBUTES) {
      all.put(a, "");
    }
    for (int i = 0; i < initializers.length; i += 2) {
      all.put(initializers[i], initializers[i + 1]);
    }
    return new LayerSpec(
        name,
        type,
        type == LayerType.DENSE ? size : 0,
        type == LayerType.DENSE ? 0 : size,
        kernel,
        in,
        groups,
        2,
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

  private static List<LayerPlan> plan(LayerSpec... layers) {
    ModelSpec spec =
        new ModelSpec(
            "p",
            List.of("M"),
            false,
            "",
            -7,
            Convention.PYTORCH,
            KerasFlavor.KERAS3,
            List.of(layers),
            null,
            null,
            Map.of());
    assertEquals(List.of(), new ModelValidator().validate(spec)); // -7 is a valid torch seed
    ConventionPlanner.Result r = new TorchPlanner().plan(spec);
    assertEquals(List.of(), r.problems());
    assertEquals(List.of(), r.plan().draws());
    return r.plan().layers();
  }

  private static TorchWeightFill fill(LayerPlan layer, int weight) {
    return (TorchWeightFill) layer.weights().get(weight).fill();
  }

  @Test
  void pytorchLayoutsAndStateDictKeys() {
    List<LayerPlan> layers =
        plan(
            layer("fc", LayerType.DENSE, 6, List.of(), 4, 1),
            layer("c1", LayerType.CONV1D, 8, List.of(3), 0, 2),
            layer("t2", LayerType.CONV2D_TRANSPOSE, 4, List.of(2, 3), 0, 4),
            layer("dw", LayerType.DEPTHWISE_CONV2D, 0, List.of(3), 0, 1),
            layer("sep", LayerType.SEPARABLE_CONV2D, 5, List.of(3), 0, 1),
            layer("bn", LayerType.BATCH_NORMALIZATION, 0, List.of(), 0, 1),
            layer("c3", LayerType.CONV3D, 2, List.of(1, 2, 3), 0, 1));
    assertEquals(List.of(6, 4), layers.get(0).weights().get(0).shape()); // (out, in)
    assertEquals(List.of(8, 3, 3), layers.get(1).weights().get(0).shape()); // (out, in/g, k)
    assertEquals(List.of(8, 1, 2, 3), layers.get(2).weights().get(0).shape()); // (in, out/g, k)
    assertEquals(List.of(8, 1, 3, 3), layers.get(3).weights().get(0).shape()); // in*dm = 4*2
    assertEquals(List.of(16, 1, 3, 3), layers.get(4).weights().get(0).shape());
    assertEquals(List.of(5, 16, 1, 1), layers.get(4).weights().get(1).shape());
    assertEquals("sep.pointwise.bias", fill(layers.get(4), 2).key());
    assertEquals("pointwise.bias", fill(layers.get(4), 2).localKey());
    assertEquals(
        List.of("bn.weight", "bn.bias", "bn.running_mean", "bn.running_var"),
        layers.get(5).weights().stream().map(w -> ((TorchWeightFill) w.fill()).key()).toList());
    assertEquals(
        List.of("gamma", "beta", "moving_mean", "moving_variance"),
        layers.get(5).weights().stream().map(WeightPlan::name).toList());
    assertEquals(List.of(2, 5, 1, 2, 3), layers.get(6).weights().get(0).shape());
    assertEquals("nn.ConvTranspose2d(8, 4, kernel_size=(2, 3), groups=4)", layers.get(2).summary());
    assertEquals("nn.BatchNorm2d(5, eps=1e-05, momentum=0.1)", layers.get(5).summary());
    assertEquals("1.5e-07", TorchPlanner.python(1.5e-7));
    assertEquals("1e+20", TorchPlanner.python(1e20));
    assertEquals("0.001", TorchPlanner.python(0.001));
    assertEquals("the 5 out_channels of sep", layers.get(5).channelsFrom());
    assertEquals("c1Weight", layers.get(1).weights().get(0).field());
    assertEquals("bnRunningVar", layers.get(5).weights().get(3).field());
  }

  @Test
  void moduleDefaultsUnlessAnInitializerIsWritten() {
    List<LayerPlan> layers =
        plan(
            layer(
                "fc",
                LayerType.DENSE,
                10,
                List.of(),
                64,
                1,
                "kernelInitializer",
                "trunc_normal_(std=0.02)"));
    TorchWeightFill w = fill(layers.get(0), 0);
    TorchWeightFill b = fill(layers.get(0), 1);
    // kaiming_uniform_(a=math.sqrt(5)) on fan_in 64: 1 ulp below 1/8, as Python computes it
    assertEquals(
        new TorchKernel.Uniform(-0.12499999999999999, 0.12499999999999999),
        w.construction().kernel());
    assertTrue(w.explicit().orElseThrow().kernel() instanceof TorchKernel.TruncNormal);
    assertEquals(new TorchKernel.Uniform(-0.125, 0.125), b.construction().kernel());
    assertTrue(b.explicit().isEmpty());
    assertEquals("trunc_normal_(std=0.02)", w.source());
  }

  @Test
  void groupsApplyToTransposedConvolutionsOnlyUnderPyTorch() {
    assertTrue(TorchRules.applies(LayerType.CONV2D_TRANSPOSE, "groups"));
    assertFalse(LayerTypes.applies(LayerType.CONV2D_TRANSPOSE, "groups"));
    assertFalse(TorchRules.applies(LayerType.DENSE, "groups"));
  }

  @Test
  void pythonCallPutsTheTensorFirst() {
    assertEquals(
        "nn.init.kaiming_normal_(model.c.weight, mode='fan_out')",
        TorchWeightsWriter.pythonCall(
            "torch.nn.init.kaiming_normal_(mode='fan_out')", "model.c.weight"));
    assertEquals(
        "nn.init.zeros_(model.c.bias)", TorchWeightsWriter.pythonCall("zeros_", "model.c.bias"));
  }
}
