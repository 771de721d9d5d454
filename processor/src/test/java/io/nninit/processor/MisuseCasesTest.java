package io.nninit.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Misuse of the shape, geometry and activation attributes and the lint's warnings: each case
 * asserts the tag, the message and the line javac points at, then that ECJ reports the same.
 */
class MisuseCasesTest {
  private static final String TORCH = "@Model(convention = Convention.PYTORCH)";

  /** A model {@code test.Net} with {@code fields} under {@code header}; an error or a warning. */
  record Case(
      String name,
      String header,
      String fields,
      boolean warning,
      String tag,
      String message,
      String line) {
    @Override
    public String toString() {
      return name;
    }

    JavaFileObject source() {
      return Sources.model("Net", header + "\nclass Net {\n" + fields + "\n}\n");
    }
  }

  private static Case error(
      String name, String header, String fields, String tag, String message, String line) {
    return new Case(name, header, fields, false, tag, message, line);
  }

  private static Case warning(
      String name, String header, String fields, String tag, String message, String line) {
    return new Case(name, header, fields, true, tag, message, line);
  }

  /** Twelve 3x3 CONV2D layers of 16 channels, glorot_uniform (the default), relu. */
  static String twelveConvs(String initializer) {
    StringBuilder b = new StringBuilder();
    for (int i = 1; i <= 12; i++) {
      b.append("  @Layer(type = LayerType.CONV2D, ")
          .append(i == 1 ? "inputChannels = 16, " : "")
          .append("filters = 16, kernelSize = 3, activation = \"relu\"")
          .append(initializer.isEmpty() ? "" : ", kernelInitializer = \"" + initializer + "\"")
          .append(")\n  ConvWeights conv")
          .append(i)
          .append(";\n");
    }
    return b.toString();
  }

  static Stream<Case> cases() {
    return Stream.of(
        error(
            "zero stride",
            "",
            """
              @Layer(type = LayerType.CONV2D, inputChannels = 3, filters = 8, kernelSize = 3,
                  strides = {1, 0})
              ConvWeights conv;
            """,
            "nn.geometry",
            "layer conv: every strides value must be > 0, was 0; write 1 or more instead",
            "strides = {1, 0}"),
        error(
            "strides of wrong rank",
            "",
            """
              @Layer(type = LayerType.CONV1D, inputChannels = 3, filters = 8, kernelSize = 3,
                  strides = {2, 2})
              ConvWeights conv;
            """,
            "nn.geometry",
            "layer conv: strides has 2 values; CONV1D takes 1 (used for every axis) or 1",
            "strides = {2, 2}"),
        error(
            "negative dilation",
            "",
            """
              @Layer(type = LayerType.CONV2D, inputChannels = 3, filters = 8, kernelSize = 3,
                  dilationRate = -2)
              ConvWeights conv;
            """,
            "nn.geometry",
            "every dilationRate value must be > 0, was -2",
            "dilationRate = -2"),
        error(
            "unknown Keras padding",
            "",
            """
              @Layer(type = LayerType.CONV2D, inputChannels = 3, filters = 8, kernelSize = 3,
                  padding = "full")
              ConvWeights conv;
            """,
            "nn.padding",
            "padding \"full\" is not a padding of CONV2D under Keras; write \"valid\" or \"same\"",
            "padding = \"full\""),
        error(
            "causal padding on CONV2D",
            "",
            """
              @Layer(type = LayerType.CONV2D, inputChannels = 3, filters = 8, kernelSize = 3,
                  padding = "causal")
              ConvWeights conv;
            """,
            "nn.padding",
            "padding \"causal\" is not a padding of CONV2D under Keras",
            "padding = \"causal\""),
        error(
            "PyTorch same padding with stride",
            TORCH,
            """
              @Layer(type = LayerType.CONV2D, inputChannels = 3, filters = 8, kernelSize = 3,
                  padding = "same", strides = 2)
              ConvWeights conv;
            """,
            "nn.padding",
            "PyTorch rejects padding='same' for strided convolutions (strides [2, 2])",
            "padding = \"same\""),
        error(
            "PyTorch same padding on a transposed convolution",
            TORCH,
            """
              @Layer(type = LayerType.CONV2D_TRANSPOSE, inputChannels = 3, filters = 8,
                  kernelSize = 3, padding = "same")
              ConvWeights up;
            """,
            "nn.padding",
            "padding \"same\" is not a padding of CONV2D_TRANSPOSE under PyTorch",
            "padding = \"same\""),
        error(
            "padding string on a PyTorch transposed convolution",
            TORCH,
            """
              @Layer(type = LayerType.CONV1D_TRANSPOSE, inputChannels = 3, filters = 8,
                  kernelSize = 3, padding = "valid")
              ConvWeights up;
            """,
            "nn.padding",
            "padding \"valid\" is not a padding of CONV1D_TRANSPOSE under PyTorch; write"
                + " paddingSize = {...} instead",
            "padding = \"valid\""),
        error(
            "padding given twice",
            TORCH,
            """
              @Layer(type = LayerType.CONV2D, inputChannels = 3, filters = 8, kernelSize = 3,
                  padding = "valid", paddingSize = 1)
              ConvWeights conv;
            """,
            "nn.padding",
            "paddingSize and padding = \"valid\" both set the padding; keep one of them",
            "paddingSize = 1"),
        error(
            "paddingSize under Keras",
            "",
            """
              @Layer(type = LayerType.CONV2D, inputChannels = 3, filters = 8, kernelSize = 3,
                  paddingSize = 1)
              ConvWeights conv;
            """,
            "nn.attribute",
            "paddingSize does not apply to CONV2D; remove it; Keras pads by mode",
            "paddingSize = 1"),
        error(
            "negative paddingSize",
            TORCH,
            """
              @Layer(type = LayerType.CONV2D, inputChannels = 3, filters = 8, kernelSize = 3,
                  paddingSize = -1)
              ConvWeights conv;
            """,
            "nn.geometry",
            "every paddingSize value must be >= 0, was -1; write 0 or more instead",
            "paddingSize = -1"),
        error(
            "outputPadding on a plain convolution",
            "",
            """
              @Layer(type = LayerType.CONV2D, inputChannels = 3, filters = 8, kernelSize = 3,
                  outputPadding = 1)
              ConvWeights conv;
            """,
            "nn.attribute",
            "outputPadding does not apply to CONV2D",
            "outputPadding = 1"),
        error(
            "outputPadding not below the stride",
            "",
            """
              @Layer(type = LayerType.CONV2D_TRANSPOSE, inputChannels = 3, filters = 8,
                  kernelSize = 3, strides = 2, outputPadding = 2)
              ConvWeights up;
            """,
            "nn.padding",
            "outputPadding 2 on axis 0 must be less than the stride (2)",
            "outputPadding = 2"),
        error(
            "strides on DENSE",
            "",
            """
              @Layer(type = LayerType.DENSE, inputChannels = 3, units = 4, strides = 2)
              DenseWeights fc;
            """,
            "nn.attribute",
            "layer fc: strides does not apply to DENSE",
            "strides = 2"),
        error(
            "unknown activation",
            "",
            """
              @Layer(type = LayerType.DENSE, inputChannels = 3, units = 4, activation = "rellu")
              DenseWeights fc;
            """,
            "nn.activation",
            "unknown activation \"rellu\"; did you mean 'relu'?",
            "activation = \"rellu\""),
        error(
            "activation on batch normalization",
            "",
            """
              @Layer(type = LayerType.BATCH_NORMALIZATION, inputChannels = 3, activation = "relu")
              BatchNormWeights bn;
            """,
            "nn.attribute",
            "activation does not apply to BATCH_NORMALIZATION",
            "activation = \"relu\""),
        error(
            "non-positive input shape",
            "@Model(inputShape = {28, 0, 1})",
            """
              @Layer(type = LayerType.CONV2D, filters = 8, kernelSize = 3)
              ConvWeights conv;
            """,
            "nn.input-shape",
            "inputShape must list positive sizes (without the batch axis), was (28, 0, 1)",
            "inputShape = {28, 0, 1}"),
        error(
            "input shape of the wrong rank",
            "@Model(inputShape = {28, 28})",
            """
              @Layer(type = LayerType.CONV2D, filters = 8, kernelSize = 3)
              ConvWeights conv;
            """,
            "nn.shape",
            "layer conv: CONV2D takes a 3-axis input (H, W, C), but its input (the model's"
                + " inputShape) is (28, 28); write inputShape with 3 values",
            "@Layer(type = LayerType.CONV2D"),
        error(
            "kernel larger than the input",
            "@Model(inputShape = {8, 8, 3})",
            """
              @Layer(type = LayerType.CONV2D, filters = 8, kernelSize = 3)
              ConvWeights conv1;
              @Layer(type = LayerType.CONV2D, filters = 8, kernelSize = 7)
              ConvWeights conv2;
            """,
            "nn.shape",
            "layer conv2: its kernel (7, 7) (dilated (7, 7)) is larger than its input (6, 6, 8)"
                + " (the output of conv1) on axis 0 with padding 'valid'",
            "kernelSize = 7"),
        error(
            "dilated kernel larger than the input",
            "@Model(inputShape = {6, 3})",
            """
              @Layer(type = LayerType.CONV1D, filters = 8, kernelSize = 3, dilationRate = 3)
              ConvWeights conv;
            """,
            "nn.shape",
            "its kernel (3,) (dilated (7,)) is larger than its input (6, 3)",
            "kernelSize = 3"),
        error(
            "PyTorch output size not positive",
            "@Model(convention = Convention.PYTORCH, inputShape = {3, 4, 4})",
            """
              @Layer(type = LayerType.CONV2D, filters = 8, kernelSize = 6)
              ConvWeights conv;
            """,
            "nn.shape",
            "layer conv: its output size on axis 0 would be -1 (input (3, 4, 4) from the model's"
                + " inputShape, kernel (6, 6), strides (1, 1), dilation (1, 1), padding 'valid')",
            "@Layer(type = LayerType.CONV2D"),
        error(
            "DENSE inputChannels disagreeing with the shape",
            "@Model(inputShape = {10})",
            """
              @Layer(type = LayerType.DENSE, inputChannels = 12, units = 4)
              DenseWeights fc;
            """,
            "nn.shape",
            "layer fc: inputChannels = 12 disagrees with its input (10,) (the model's"
                + " inputShape), which gives 10 input features on its last axis; remove"
                + " inputChannels or write 10",
            "inputChannels = 12"),
        error(
            "PyTorch DENSE after a convolution counts the flattened features",
            "@Model(convention = Convention.PYTORCH, inputShape = {1, 28, 28})",
            """
              @Layer(type = LayerType.CONV2D, filters = 32, kernelSize = 3)
              ConvWeights conv;
              @Layer(type = LayerType.DENSE, inputChannels = 32, units = 10)
              DenseWeights fc;
            """,
            "nn.shape",
            "layer fc: inputChannels = 32 disagrees with its input (32, 26, 26) (the output of"
                + " conv), which gives 21632 input features once flattened (nn.Flatten)",
            "inputChannels = 32"),
        error(
            "convolution after a PyTorch DENSE",
            "@Model(convention = Convention.PYTORCH, inputShape = {16})",
            """
              @Layer(type = LayerType.DENSE, units = 64)
              DenseWeights fc;
              @Layer(type = LayerType.CONV1D, filters = 8, kernelSize = 3)
              ConvWeights conv;
            """,
            "nn.shape",
            "layer conv: CONV1D takes a 2-axis input (C, L), but its input (the output of fc) is"
                + " (64,)",
            "@Layer(type = LayerType.CONV1D"),
        error(
            "first layer's inputChannels disagreeing with the shape",
            "@Model(inputShape = {28, 28, 1})",
            """
              @Layer(type = LayerType.CONV2D, inputChannels = 3, filters = 8, kernelSize = 3)
              ConvWeights conv;
            """,
            "nn.shape",
            "inputChannels = 3 disagrees with its input (28, 28, 1) (the model's inputShape),"
                + " which gives 1 channels on its last axis",
            "inputChannels = 3"),
        warning(
            "twelve glorot_uniform relu convolutions",
            "",
            twelveConvs(""),
            "nninit.signal",
            "layers conv1 to conv12: the predicted variance of the signal changes by a factor of"
                + " 0.000244 (2^-12.0) over this run of 12 layers (per layer: conv1 0.5"
                + " (glorot_uniform, relu), conv2 0.5 (glorot_uniform, relu), conv3 0.5"
                + " (glorot_uniform, relu), ..., conv11 0.5 (glorot_uniform, relu), conv12 0.5"
                + " (glorot_uniform, relu)), beyond the threshold 10; kernel initializer he_normal"
                + " would keep it near 1 (predicted 1 (2^0.0))",
            "inputChannels = 16, filters = 16"),
        warning(
            "PyTorch default Linear layers with relu",
            TORCH,
            """
              @Layer(type = LayerType.DENSE, inputChannels = 64, units = 64, activation = "relu")
              DenseWeights fc1;
              @Layer(type = LayerType.DENSE, units = 64, activation = "relu")
              DenseWeights fc2;
            """,
            "nninit.signal",
            "layers fc1, fc2: the predicted variance of the signal changes by a factor of 0.0278"
                + " (2^-5.2)",
            "inputChannels = 64, units = 64"),
        warning(
            "ones kernel grows the signal",
            "",
            """
              @Layer(type = LayerType.DENSE, inputChannels = 100, units = 4,
                  kernelInitializer = "random_normal(stddev=1.0)")
              DenseWeights fc;
            """,
            "nninit.signal",
            "layer fc: the predicted variance of the signal changes by a factor of 100 (2^6.6)"
                + " over this run of 1 layer",
            "inputChannels = 100, units = 4"),
        warning(
            "zeros kernel",
            "@SuppressWarnings(\"nninit.signal\")",
            """
              @Layer(type = LayerType.DENSE, inputChannels = 8, units = 4,
                  kernelInitializer = "zeros")
              DenseWeights fc;
            """,
            "nninit.symmetry",
            "layer fc: every weight of kernel (8, 4) gets the same value (zeros)",
            "kernelInitializer = \"zeros\""),
        warning(
            "constant PyTorch kernel",
            TORCH,
            """
              @Layer(type = LayerType.CONV1D, inputChannels = 8, filters = 4, kernelSize = 1,
                  kernelInitializer = "constant_(val=0.125)")
              ConvWeights conv;
            """,
            "nninit.symmetry",
            "layer conv: every weight of kernel (4, 8, 1) gets the same value",
            "constant_(val=0.125)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void reportsTheMessageOnTheLine(Case c) {
    JavaFileObject source = c.source();
    Compilation compilation = javac().withProcessors(new ModelProcessor()).compile(source);
    if (c.warning()) {
      assertThat(compilation).succeeded();
      assertThat(compilation)
          .hadWarningContaining("[" + c.tag() + "] " + c.message())
          .inFile(source)
          .onLineContaining(c.line());
    } else {
      assertThat(compilation).failed();
      assertThat(compilation)
          .hadErrorContaining("[" + c.tag() + "] ")
          .inFile(source)
          .onLineContaining(c.line());
      assertThat(compilation).hadErrorContaining(c.message());
    }
    EcjCheck.assertSameAsJavac(source, compilation);
  }

  @Test
  void geometryProblemsAreReportedWithTheValidatorsProblems() {
    Compilation compilation =
        javac()
            .withProcessors(new ModelProcessor())
            .compile(
                Sources.model(
                    "Net",
                    """
                    class Net {
                      @Layer(type = LayerType.CONV2D, inputChannels = 3, filters = 0, kernelSize = 3,
                          strides = 0)
                      ConvWeights conv;
                    }
                    """));
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation).hadErrorContaining("[nn.size] layer conv: filters must be > 0, was 0");
    assertThat(compilation)
        .hadErrorContaining("[nn.geometry] layer conv: every strides value must be > 0, was 0");
  }

  @Test
  void kernelSizeOfTheWrongRankBesideGeometry() {
    // found by FuzzModelsTest (fuzz.seed=4084483759475): an internal error before the fix
    Compilation compilation =
        javac()
            .withProcessors(new ModelProcessor())
            .compile(
                Sources.model(
                    "Net",
                    """
                    @Model(inputShape = {1, 8, 6, 6})
                    class Net {
                      @Layer(type = LayerType.CONV3D_TRANSPOSE, filters = 11, kernelSize = {3, 3},
                          strides = {3, 2, 2})
                      ConvWeights up;
                    }
                    """));
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("[nn.kernel-size] layer up: kernelSize has 2 values; CONV3D_TRANSPOSE");
  }

  @Test
  void unresolvedConstantsInGeometryAreJavacsToReport() {
    Compilation compilation =
        javac()
            .withProcessors(new ModelProcessor())
            .compile(
                Sources.model(
                    "Net",
                    """
                    @Model(inputShape = {SIZE, 3})
                    class Net {
                      @Layer(type = LayerType.CONV1D, filters = 4, kernelSize = 3, strides = STRIDE)
                      ConvWeights conv;
                    }
                    """));
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorContaining("cannot find symbol");
    for (var d : compilation.errors()) {
      String text = d.getMessage(null);
      assertTrue(!text.contains("[nn.internal]"), text);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void everyCaseHasOneDiagnosticOfItsKind(Case c) {
    List<EcjCheck.Ours> ours =
        EcjCheck.ours(javac().withProcessors(new ModelProcessor()).compile(c.source()));
    assertEquals(1, ours.size(), ours.toString());
  }
}
