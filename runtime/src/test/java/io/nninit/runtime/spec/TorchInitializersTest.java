package io.nninit.runtime.spec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nninit.runtime.TorchGenerator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Resolution of PyTorch initializer strings: Python argument rules and PyTorch's errors. */
class TorchInitializersTest {
  private static final int[] CONV = {8, 3, 3, 3};

  private static SpecException rejects(String text, int[] shape, String code, String message) {
    SpecException e =
        assertThrows(SpecException.class, () -> TorchInitializers.resolve(text, shape), text);
    assertEquals(code, e.code(), e.getMessage());
    assertTrue(
        e.getMessage().contains(message), "'" + e.getMessage() + "' lacks '" + message + "'");
    return e;
  }

  @Test
  void fanBasedInitializersNeedTwoDimensions() {
    String fans = "Fan in and fan out can not be computed for tensor with fewer than 2 dimensions";
    for (String init :
        List.of("kaiming_uniform_", "kaiming_normal_", "xavier_uniform_", "xavier_normal_")) {
      rejects(init, new int[] {7}, SpecException.SHAPE, fans);
      rejects(init + "()", new int[] {}, SpecException.SHAPE, fans);
    }
  }

  @Test
  void shapeRestrictedInitializersSayWhatPyTorchSays() {
    rejects(
        "eye_",
        new int[] {3, 3, 3},
        SpecException.SHAPE,
        "Only tensors with 2 dimensions are supported");
    rejects(
        "sparse_(0.1)",
        new int[] {3, 4, 5},
        SpecException.SHAPE,
        "Only tensors with 2 dimensions are supported");
    rejects(
        "dirac_",
        new int[] {4, 4},
        SpecException.SHAPE,
        "Only tensors with 3, 4, or 5 dimensions are supported");
    rejects("dirac_", new int[] {2, 2, 2, 2, 2, 2}, SpecException.SHAPE, "3, 4, or 5 dimensions");
    SpecException e =
        rejects(
            "dirac_(groups=3)",
            new int[] {4, 4, 5},
            SpecException.SHAPE,
            "dim 0 must be divisible by groups");
    assertEquals("dirac_(groups=".length(), e.offset());
    rejects("dirac_(0)", new int[] {4, 4, 5}, SpecException.ARGUMENT_VALUE, "groups must be >= 1");
    rejects(
        "orthogonal_",
        new int[] {7},
        SpecException.SHAPE,
        "Only tensors with 2 or more dimensions are supported");
  }

  @Test
  void nonlinearitiesAndSlopesFollowCalculateGain() {
    rejects(
        "kaiming_uniform_(nonlinearity='softplus')",
        CONV,
        SpecException.ARGUMENT_VALUE,
        "Unsupported nonlinearity softplus");
    rejects(
        "kaiming_uniform_(a=True)",
        CONV,
        SpecException.ARGUMENT_TYPE,
        "negative_slope True not a valid number");
    rejects(
        "kaiming_normal_(a='x')",
        CONV,
        SpecException.ARGUMENT_TYPE,
        "negative_slope x not a valid number");
    rejects(
        "xavier_uniform_(gain=calculate_gain('gelu'))",
        CONV,
        SpecException.ARGUMENT_VALUE,
        "Unsupported nonlinearity gelu");
    rejects(
        "kaiming_normal_(mode='fan_avg')",
        CONV,
        SpecException.ARGUMENT_VALUE,
        "Mode fan_avg not supported, please use one of ['fan_in', 'fan_out']");
    // Python ignores param for other nonlinearities, and mode is lower-cased
    assertEquals(
        TorchInitializers.resolve("kaiming_normal_(mode='fan_in', nonlinearity='relu')", CONV)
            .kernel(),
        TorchInitializers.resolve(
                "kaiming_normal_(a='x', mode='FAN_IN', nonlinearity='relu')", CONV)
            .kernel());
    assertEquals(5.0 / 3, TorchGain.calculateGain("tanh"));
    assertEquals(Math.sqrt(2.0 / (1 + 0.2 * 0.2)), TorchGain.calculateGain("leaky_relu", 0.2));
  }

  @Test
  void argumentsBindLikePython() {
    assertEquals(
        TorchInitializers.resolve("kaiming_normal_(mode='fan_out', nonlinearity='relu')", CONV)
            .kernel(),
        TorchInitializers.resolve("torch.nn.init.kaiming_normal_(0, 'fan_out', 'relu')", CONV)
            .kernel());
    assertEquals(
        new TorchKernel.Uniform(-0.1, 0.2),
        TorchInitializers.resolve("uniform_(-0.1, b=0.2)", CONV).kernel());
    assertEquals(
        new TorchKernel.Uniform(0.0, 1.0),
        TorchInitializers.resolve("nn.init.uniform_", CONV).kernel());
    assertEquals(
        new TorchKernel.TruncNormal(0.0, 0.02, -2.0, 2.0),
        TorchInitializers.resolve("trunc_normal_(std=0.02)", CONV).kernel());
    assertEquals(
        new TorchKernel.Constant(0.37f),
        TorchInitializers.resolve("constant_(0.37)", CONV).kernel());
    assertEquals(
        new TorchKernel.Sparse(8, 27, 0.1, 0.01),
        TorchInitializers.resolve("sparse_(0.1)", new int[] {8, 27}).kernel());
    SpecException e =
        rejects(
            "uniform_(0, low=1)",
            CONV,
            SpecException.UNKNOWN_ARGUMENT,
            "uniform_ has no argument 'low'; its signature is uniform_(a=0.0, b=1.0)");
    assertEquals("uniform_(0, ".length(), e.offset());
    rejects("uniform_(0, 1, 2)", CONV, SpecException.UNKNOWN_ARGUMENT, "takes 2 argument(s)");
    rejects(
        "uniform_(0, a=1)",
        CONV,
        SpecException.UNKNOWN_ARGUMENT,
        "multiple values for argument 'a'");
    rejects(
        "constant_()", CONV, SpecException.UNKNOWN_ARGUMENT, "missing its required argument 'val'");
    rejects(
        "sparse_",
        new int[] {4, 4},
        SpecException.UNKNOWN_ARGUMENT,
        "missing its required argument 'sparsity'");
    rejects("uniform_(1, 0)", CONV, SpecException.ARGUMENT_VALUE, "from=1.0 > to=0.0");
    rejects("normal_(0, -1)", CONV, SpecException.ARGUMENT_VALUE, "std >= 0.0");
    rejects("normal_('0')", CONV, SpecException.ARGUMENT_TYPE, "mean must be a number");
    rejects(
        "xavier_uniform_(gain=max(1))",
        CONV,
        SpecException.ARGUMENT_TYPE,
        "calculate_gain(...) and math.sqrt(...)");
    rejects("trunc_normal_(std=0)", CONV, SpecException.ARGUMENT_VALUE, "std must be > 0");
  }

  @Test
  void unknownNamesGetAPyTorchSuggestion() {
    rejects("he_normal", CONV, SpecException.UNKNOWN_INITIALIZER, "write kaiming_normal_");
    rejects("glorot_uniform", CONV, SpecException.UNKNOWN_INITIALIZER, "write xavier_uniform_");
    rejects(
        "kaiming_normal",
        CONV,
        SpecException.UNKNOWN_INITIALIZER,
        "in-place name is kaiming_normal_");
    rejects("fancy_", CONV, SpecException.UNKNOWN_INITIALIZER, "known: uniform_, normal_");
  }

  @Test
  void boundsAreComputedInPythonsOrder() {
    // nn.Linear(27, 64): math.sqrt(5)**2 = 5.000000000000001 makes the weight bound one double ulp
    // below the bias bound (values from PyTorch, see the oracle's module_init cases)
    int[] linear = TorchModules.linearWeightShape(27, 64);
    TorchKernel.Uniform weight =
        (TorchKernel.Uniform) TorchInitializers.moduleDefaultWeight(linear).kernel();
    TorchKernel.Uniform bias =
        (TorchKernel.Uniform) TorchInitializers.moduleDefaultBias(linear, 64).kernel();
    assertEquals(0.19245008972987523, weight.to());
    assertEquals(0.19245008972987526, bias.to());
    assertEquals(
        weight, TorchInitializers.resolve("kaiming_uniform_(a=math.sqrt(5))", linear).kernel());
    TorchKernel.Uniform tanh =
        (TorchKernel.Uniform)
            TorchInitializers.resolve("xavier_uniform_(gain=calculate_gain('tanh'))", linear)
                .kernel();
    assertEquals(5.0 / 3 * Math.sqrt(2.0 / 91.0) * Math.sqrt(3.0), tanh.to());
  }

  @Test
  void derivationExplainsTheConstants() {
    TorchInitializer init =
        TorchInitializers.resolve("kaiming_normal_(mode='fan_out', nonlinearity='relu')", CONV);
    assertEquals("kaiming_normal_(mode='fan_out', nonlinearity='relu')", init.source());
    assertEquals(List.of(8, 3, 3, 3), init.shape());
    assertEquals(216, init.count());
    assertEquals(
        "fan_out = 8*3*3 = 72, gain = calculate_gain('relu', 0) = 1.4142135623730951,"
            + " std = gain/sqrt(fan_out) = 0.16666666666666669",
        init.derivation());
  }

  @Test
  void kaimingOnAZeroElementTensorIsANoOp() {
    TorchInitializer init = TorchInitializers.resolve("kaiming_uniform_", new int[] {0, 5});
    TorchGenerator g = new TorchGenerator(1);
    init.fill(new float[0], 0, g);
    assertEquals(new TorchGenerator(1).random(), g.random());
    assertTrue(init.derivation().contains("no-op"));
  }

  @Test
  void moduleShapesFollowPyTorchLayouts() {
    assertArrayEquals(
        new int[] {16, 4, 3, 3}, TorchModules.convWeightShape(8, 16, 2, new int[] {3, 3}));
    assertArrayEquals(
        new int[] {8, 3, 3, 3}, TorchModules.convTransposeWeightShape(8, 6, 2, new int[] {3, 3}));
    SpecException e =
        assertThrows(
            SpecException.class, () -> TorchModules.convWeightShape(6, 4, 4, new int[] {3}));
    assertTrue(e.getMessage().contains("in_channels must be divisible by groups"), e.getMessage());
    e =
        assertThrows(
            SpecException.class,
            () -> TorchModules.convTransposeWeightShape(8, 6, 4, new int[] {3}));
    assertTrue(e.getMessage().contains("out_channels must be divisible by groups"), e.getMessage());
  }
}
