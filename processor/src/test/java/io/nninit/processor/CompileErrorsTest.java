package io.nninit.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** One test per compile error kind: the tag, the message and the line javac points at. */
class CompileErrorsTest {
  /** A model {@code test.Net} with {@code fields} as its body, under {@code header}. */
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

  private static void assertLayerError(String layer, String tag, String message, String line) {
    assertError(net("", layer), tag, message, line);
  }

  @Test
  void unknownInitializerSuggestsClosestName() {
    assertLayerError(
        """
          @Layer(type = LayerType.DENSE, inputChannels = 3, units = 3,
              kernelInitializer = "he_normall")
          DenseWeights fc;
        """,
        "nn.init.unknown",
        "did you mean 'he_normal'?",
        "kernelInitializer = \"he_normall\"");
  }

  @Test
  void malformedInitializerSyntax() {
    assertLayerError(
        """
          @Layer(type = LayerType.DENSE, inputChannels = 3, units = 3,
              kernelInitializer = "he_normal(seed=7")
          DenseWeights fc;
        """,
        "nn.spec.syntax",
        "missing ')' to close he_normal( (at column 17)",
        "kernelInitializer = \"he_normal(seed=7\"");
  }

  @Test
  void unknownArgumentName() {
    assertLayerError(
        """
          @Layer(type = LayerType.DENSE, inputChannels = 3, units = 3,
              biasInitializer = "random_uniform(minvalue=0.1)")
          DenseWeights fc;
        """,
        "nn.init.argument",
        "random_uniform has no argument 'minvalue'; did you mean" + " 'minval'?",
        "minvalue=0.1");
  }

  @Test
  void argumentOfWrongType() {
    assertLayerError(
        """
          @Layer(type = LayerType.DENSE, inputChannels = 3, units = 3,
              kernelInitializer = "he_normal(seed=1.5)")
          DenseWeights fc;
        """,
        "nn.init.argument-type",
        "seed must be an integer or None",
        "seed=1.5");
  }

  @Test
  void nonPositiveScale() {
    assertLayerError(
        """
          @Layer(type = LayerType.DENSE, inputChannels = 3, units = 3,
              kernelInitializer = "variance_scaling(scale=0.0)")
          DenseWeights fc;
        """,
        "nn.init.argument-value",
        "scale must be a positive number",
        "scale=0.0");
  }

  @Test
  void unknownMode() {
    assertLayerError(
        """
          @Layer(type = LayerType.DENSE, inputChannels = 3, units = 3,
              kernelInitializer = "variance_scaling(mode='fan_inn')")
          DenseWeights fc;
        """,
        "nn.init.argument-value",
        "invalid mode 'fan_inn'; did you mean 'fan_in'?",
        "fan_inn");
  }

  @Test
  void unknownDistribution() {
    assertLayerError(
        """
          @Layer(type = LayerType.DENSE, inputChannels = 3, units = 3,
              kernelInitializer = "variance_scaling(distribution='gaussian')")
          DenseWeights fc;
        """,
        "nn.init.argument-value",
        "invalid distribution 'gaussian'",
        "gaussian");
  }

  @Test
  void nonPositiveFilters() {
    assertLayerError(
        """
          @Layer(type = LayerType.CONV2D, inputChannels = 3, filters = -1, kernelSize = {3, 3})
          ConvWeights conv1;
        """,
        "nn.size",
        "layer conv1: filters must be > 0, was -1; write a positive value such as 1",
        "filters = -1");
  }

  @Test
  void missingUnits() {
    assertLayerError(
        """
          @Layer(type = LayerType.DENSE, inputChannels = 3)
          DenseWeights fc;
        """,
        "nn.size",
        "layer fc: DENSE needs units (the output features); add units = ...",
        "@Layer(type = LayerType.DENSE");
  }

  @Test
  void kernelSizeOfWrongRank() {
    assertLayerError(
        """
          @Layer(type = LayerType.CONV2D, inputChannels = 3, filters = 8,
              kernelSize = {3, 3, 3})
          ConvWeights conv1;
        """,
        "nn.kernel-size",
        "kernelSize has 3 values; CONV2D takes 1 (used for every axis) or 2",
        "kernelSize = {3, 3, 3}");
  }

  @Test
  void groupsNotDividingChannels() {
    assertLayerError(
        """
          @Layer(type = LayerType.CONV2D, inputChannels = 3, filters = 8, kernelSize = 3,
              groups = 2)
          ConvWeights conv1;
        """,
        "nn.groups",
        "groups = 2 must divide both the input channels (3) and filters (8)",
        "groups = 2");
  }

  @Test
  void firstLayerWithoutInputChannels() {
    assertLayerError(
        """
          @Layer(type = LayerType.CONV2D, filters = 8, kernelSize = 3)
          ConvWeights conv1;
        """,
        "nn.input-channels",
        "layer conv1 is the first layer, so its input channels cannot"
            + " be inferred; add inputChannels",
        "@Layer(type = LayerType.CONV2D, filters = 8");
  }

  @Test
  void orthogonalOnBias() {
    assertLayerError(
        """
          @Layer(type = LayerType.DENSE, inputChannels = 3, units = 3,
              biasInitializer = "orthogonal")
          DenseWeights fc;
        """,
        "nn.init.shape",
        "orthogonal needs a weight of rank 2 or more",
        "biasInitializer");
  }

  @Test
  void identityOnConvKernel() {
    assertLayerError(
        """
          @Layer(type = LayerType.CONV2D, inputChannels = 3, filters = 3, kernelSize = 1,
              kernelInitializer = "identity")
          ConvWeights conv1;
        """,
        "nn.init.shape",
        "identity needs a 2-D weight",
        "kernelInitializer = \"identity\"");
  }

  @Test
  void fieldOfWrongType() {
    assertLayerError(
        """
          @Layer(type = LayerType.DENSE, inputChannels = 3, units = 3)
          ConvWeights fc;
        """,
        "nn.field-type",
        "layer fc is a DENSE, so its field must be of type"
            + " io.nninit.runtime.DenseWeights; declare it as `DenseWeights fc;`",
        "ConvWeights fc;");
  }

  @Test
  void privateField() {
    assertLayerError(
        """
          @Layer(type = LayerType.DENSE, inputChannels = 3, units = 3)
          private DenseWeights fc;
        """,
        "nn.field-modifier",
        "layer field fc must not be private",
        "private DenseWeights fc;");
  }

  @Test
  void finalField() {
    assertLayerError(
        """
          @Layer(type = LayerType.DENSE, inputChannels = 3, units = 3)
          final DenseWeights fc = null;
        """,
        "nn.field-modifier",
        "layer field fc must not be final",
        "final DenseWeights fc");
  }

  @Test
  void attributeThatDoesNotApply() {
    assertLayerError(
        """
          @Layer(type = LayerType.DEPTHWISE_CONV2D, inputChannels = 3, kernelSize = 3,
              kernelInitializer = "he_normal")
          ConvWeights dw;
        """,
        "nn.attribute",
        "layer dw: kernelInitializer does not apply to DEPTHWISE_CONV2D;"
            + " remove it; write depthwiseInitializer instead",
        "kernelInitializer = \"he_normal\"");
  }

  @Test
  void modelSeedOutOfRange() {
    assertError(
        net(
            "@Model(seed = 4294967296L)",
            """
              @Layer(type = LayerType.DENSE, inputChannels = 3, units = 3)
              DenseWeights fc;
            """),
        "nn.seed",
        "model seed must be in [0, 2^32)",
        "seed = 4294967296L");
  }

  @Test
  void negativeModelSeed() {
    assertError(
        net(
            "@Model(seed = -5)",
            """
              @Layer(type = LayerType.DENSE, inputChannels = 3, units = 3)
              DenseWeights fc;
            """),
        "nn.seed",
        "was -5",
        "seed = -5");
  }

  @Test
  void modelWithoutLayers() {
    assertError(
        net("@Model(seed = 1)", "int notALayer;"),
        "nn.no-layers",
        "@Model class Net has no @Layer fields",
        "@Model(seed = 1)");
  }

  @Test
  void privateModelClass() {
    JavaFileObject source =
        Sources.model(
            "Outer",
            """
            class Outer {
              private static class Net {
                @Layer(type = LayerType.DENSE, inputChannels = 3, units = 3)
                DenseWeights fc;
              }
            }
            """);
    assertError(
        source,
        "nn.model-access",
        "cannot reach model Outer.Net (Net is private)",
        "private static class Net");
  }

  @Test
  void methodNameClash() {
    assertLayerError(
        """
          @Layer(type = LayerType.DENSE, inputChannels = 3, units = 3)
          DenseWeights a;
          @Layer(type = LayerType.DENSE, units = 3)
          DenseWeights A;
        """,
        "nn.name-clash",
        "layers a and A both generate the method initA",
        "DenseWeights A;");
  }

  @Test
  void zeroEpsilon() {
    assertLayerError(
        """
          @Layer(type = LayerType.BATCH_NORMALIZATION, inputChannels = 3, epsilon = 0.0)
          BatchNormWeights bn;
        """,
        "nn.epsilon",
        "layer bn: epsilon must be > 0, was 0.0",
        "epsilon = 0.0");
  }

  @Test
  void unresolvedSymbolsAreReportedOnce() {
    Compilation compilation =
        javac()
            .withProcessors(new ModelProcessor())
            .compile(
                net(
                    "",
                    """
                      @Layer(type = LayerType.DENSE, inputChannels = 3, units = NOT_DEFINED)
                      DenseWeights fc;
                      @Layer(type = LayerType.DENSE, units = 3)
                      MissingWeights other;
                    """));
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorContaining("cannot find symbol");
    // javac reports the missing symbols after processing; the processor says once that it could
    // not generate, and never blames itself
    assertThat(compilation)
        .hadErrorContaining(
            "[nn.unresolved-types] model test.Net refers to"
                + " types that never resolved, so no Net_Layers was generated");
    long ours =
        compilation.errors().stream().filter(d -> d.getMessage(null).contains("[nn.")).count();
    org.junit.jupiter.api.Assertions.assertEquals(1, ours);
  }

  @Test
  void everyProblemOfAModelIsReported() {
    Compilation compilation =
        javac()
            .withProcessors(new ModelProcessor())
            .compile(
                net(
                    "",
                    """
                      @Layer(type = LayerType.DENSE, inputChannels = 3, units = 0)
                      DenseWeights a;
                      @Layer(type = LayerType.DENSE, units = 3, kernelInitializer = "nope")
                      DenseWeights b;
                    """));
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation)
        .hadErrorContaining(
            "[nn.size] layer a: units must be > 0, was 0; write a positive value such as 1");
    assertThat(compilation).hadErrorContaining("[nn.init.unknown] layer b: kernelInitializer");
  }
}
