package io.nninit.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Compile errors of the PyTorch convention: PyTorch's own errors (shapes, nonlinearities, slopes)
 * and the other convention's arguments and names, each with its tag on the exact annotation value.
 */
class TorchCompileErrorsTest {
  private static final String TORCH = "@Model(convention = Convention.PYTORCH)";

  private static JavaFileObject net(String header, String fields) {
    return Sources.model("Net", header + "\nclass Net {\n" + fields + "\n}\n");
  }

  private static void assertError(JavaFileObject source, String tag, String message, String line) {
    Compilation compilation = javac().withProcessors(new ModelProcessor()).compile(source);
    assertThat(compilation).failed();
    assertThat(compilation)
        .hadErrorContaining("[" + tag + "] ")
        .inFile(source)
        .onLineContaining(line);
    assertThat(compilation).hadErrorContaining(message);
    EcjCheck.assertSameAsJavac(source, compilation);
  }

  private static void assertTorchError(String fields, String tag, String message, String line) {
    assertError(net(TORCH, fields), tag, message, line);
  }

  @Test
  void kerasInitializerNameUnderPyTorch() {
    assertTorchError(
        """
          @Layer(type = LayerType.DENSE, inputChannels = 3, units = 3,
              kernelInitializer = "he_normal")
          DenseWeights fc;
        """,
        "nn.init.unknown",
        "under the PyTorch convention write kaiming_normal_",
        "kernelInitializer = \"he_normal\"");
    assertTorchError(
        """
          @Layer(type = LayerType.DENSE, inputChannels = 3, units = 3,
              biasInitializer = "random_uniform(minval=-0.1)")
          DenseWeights fc;
        """,
        "nn.init.unknown",
        "is a Keras initializer, but this model declares convention = Convention.PYTORCH",
        "biasInitializer = \"random_uniform(minval=-0.1)\"");
  }

  @Test
  void pytorchInitializerNameUnderKeras() {
    assertError(
        net(
            "",
            """
              @Layer(type = LayerType.DENSE, inputChannels = 3, units = 3,
                  kernelInitializer = "kaiming_normal_(nonlinearity='relu')")
              DenseWeights fc;
            """),
        "nn.init.unknown",
        "is a PyTorch initializer, but this model follows Keras",
        "kernelInitializer = \"kaiming_normal_(nonlinearity='relu')\"");
  }

  @Test
  void fanBasedInitializerOnABias() {
    assertTorchError(
        """
          @Layer(type = LayerType.CONV2D, inputChannels = 3, filters = 8, kernelSize = 3,
              biasInitializer = "xavier_uniform_")
          ConvWeights conv;
        """,
        "nn.init.shape",
        "Fan in and fan out can not be computed for tensor with fewer than 2 dimensions",
        "biasInitializer = \"xavier_uniform_\"");
  }

  @Test
  void diracOnAMatrixAndWithGroupsThatDoNotDivide() {
    assertTorchError(
        """
          @Layer(type = LayerType.DENSE, inputChannels = 3, units = 3,
              kernelInitializer = "dirac_")
          DenseWeights fc;
        """,
        "nn.init.shape",
        "dirac_: Only tensors with 3, 4, or 5 dimensions are supported",
        "kernelInitializer = \"dirac_\"");
    assertTorchError(
        """
          @Layer(type = LayerType.CONV2D, inputChannels = 3, filters = 8, kernelSize = 3,
              kernelInitializer = "dirac_(groups=3)")
          ConvWeights conv;
        """,
        "nn.init.shape",
        "dirac_: dim 0 must be divisible by groups",
        "kernelInitializer = \"dirac_(groups=3)\"");
  }

  @Test
  void sparseAndEyeOnAConvolution() {
    assertTorchError(
        """
          @Layer(type = LayerType.CONV1D, inputChannels = 3, filters = 8, kernelSize = 3,
              kernelInitializer = "sparse_(0.1)")
          ConvWeights conv;
        """,
        "nn.init.shape",
        "sparse_: Only tensors with 2 dimensions are supported",
        "kernelInitializer = \"sparse_(0.1)\"");
    assertTorchError(
        """
          @Layer(type = LayerType.CONV1D, inputChannels = 3, filters = 8, kernelSize = 3,
              kernelInitializer = "eye_")
          ConvWeights conv;
        """,
        "nn.init.shape",
        "eye_: Only tensors with 2 dimensions are supported",
        "kernelInitializer = \"eye_\"");
  }

  @Test
  void unknownNonlinearityAndBadSlope() {
    assertTorchError(
        """
          @Layer(type = LayerType.DENSE, inputChannels = 3, units = 3,
              kernelInitializer = "kaiming_normal_(nonlinearity='gelu')")
          DenseWeights fc;
        """,
        "nn.init.argument-value",
        "Unsupported nonlinearity gelu",
        "kernelInitializer = \"kaiming_normal_(nonlinearity='gelu')\"");
    assertTorchError(
        """
          @Layer(type = LayerType.DENSE, inputChannels = 3, units = 3,
              kernelInitializer = "kaiming_uniform_(a=True)")
          DenseWeights fc;
        """,
        "nn.init.argument-type",
        "negative_slope True not a valid number",
        "kernelInitializer = \"kaiming_uniform_(a=True)\"");
  }

  @Test
  void flavorIsKerasOnly() {
    assertError(
        net(
            "@Model(convention = Convention.PYTORCH, flavor = KerasFlavor.TF_KERAS2)",
            """
              @Layer(type = LayerType.DENSE, inputChannels = 3, units = 3)
              DenseWeights fc;
            """),
        "nn.attribute",
        "flavor only applies to Convention.KERAS",
        "flavor = KerasFlavor.TF_KERAS2");
  }

  @Test
  void batchNormHasWeightAndBiasTogether() {
    assertTorchError(
        """
          @Layer(type = LayerType.BATCH_NORMALIZATION, inputChannels = 8, center = false)
          BatchNormWeights bn;
        """,
        "nn.attribute",
        "PyTorch's BatchNorm has a weight and a bias together (affine=True) or neither",
        "center = false");
  }

  @Test
  void initializerOfATensorTheModuleDoesNotHave() {
    assertTorchError(
        """
          @Layer(type = LayerType.DENSE, inputChannels = 3, units = 3, useBias = false,
              biasInitializer = "zeros_")
          DenseWeights fc;
        """,
        "nn.attribute",
        "biasInitializer has no tensor to fill under PyTorch, since useBias = false",
        "biasInitializer = \"zeros_\"");
  }

  @Test
  void batchNormMomentumInPyTorchsWords() {
    assertTorchError(
        """
          @Layer(type = LayerType.BATCH_NORMALIZATION, inputChannels = 8,
              momentum = 1.5)
          BatchNormWeights bn;
        """,
        "nn.momentum",
        "leave it out for PyTorch's 0.1",
        "momentum = 1.5");
  }

  @Test
  void groupsMustDivideTransposedChannels() {
    assertTorchError(
        """
          @Layer(type = LayerType.CONV2D_TRANSPOSE, inputChannels = 6, filters = 4, kernelSize = 2,
              groups = 3)
          ConvWeights up;
        """,
        "nn.groups",
        "groups = 3 must divide both the input channels (6) and filters (4)",
        "groups = 3");
  }

  @Test
  void groupsOnTransposedIsPyTorchOnly() {
    assertError(
        net(
            "",
            """
              @Layer(type = LayerType.CONV2D_TRANSPOSE, inputChannels = 6, filters = 4,
                  kernelSize = 2, groups = 2)
              ConvWeights up;
            """),
        "nn.attribute",
        "Keras' transposed convolutions have no groups (PyTorch's have",
        "groups = 2");
  }

  @Test
  void everyLongIsAPyTorchSeed() {
    Compilation compilation =
        Sources.strict(
            net(
                "@Model(seed = -5, convention = Convention.PYTORCH)",
                """
                  @Layer(type = LayerType.DENSE, inputChannels = 3, units = 3)
                  DenseWeights fc;
                """));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .generatedSourceFile("test.Net_Layers")
        .contentsAsUtf8String()
        .contains("static final long MODEL_SEED = -5L;");
  }
}
