package io.nninit.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Success cases: what is generated, byte for byte, and that it compiles warning-free. */
class GeneratedSourceTest {
  static final JavaFileObject NET =
      Sources.model(
          "Net",
          """
          /** A small convolutional net. */
          @Model(seed = 123)
          public class Net {
            @Layer(type = LayerType.CONV2D, inputChannels = 3, filters = 32, kernelSize = {3, 3},
                kernelInitializer = "he_normal")
            ConvWeights conv1;

            @Layer(type = LayerType.BATCH_NORMALIZATION, gammaInitializer = "random_normal")
            BatchNormWeights bn1;

            @Layer(type = LayerType.DENSE, units = 10, kernelInitializer = "orthogonal(seed=5)",
                useBias = false, biasInitializer = "random_uniform")
            DenseWeights fc;
          }
          """);

  static final JavaFileObject EVERY_TYPE =
      Sources.model(
          "Zoo",
          """
          class Zoo {
            @Model(flavor = KerasFlavor.TF_KERAS2)
            @SuppressWarnings("nninit.signal") // every layer type in one run
            static class Net {
              @Layer(type = LayerType.CONV1D, inputChannels = 4, filters = 8, kernelSize = 3,
                  groups = 2, biasInitializer = "constant(0.1)")
              ConvWeights c1;
              @Layer(type = LayerType.CONV1D_TRANSPOSE, filters = 6, kernelSize = 2,
                  kernelInitializer = "lecun_normal(seed=1)")
              ConvWeights t1;
              @Layer(type = LayerType.CONV2D, inputChannels = 3, filters = 4, kernelSize = {3, 1},
                  kernelInitializer = "variance_scaling(scale=2.0, mode='fan_out',"
                      + " distribution='uniform')")
              ConvWeights c2;
              @Layer(type = LayerType.CONV2D_TRANSPOSE, filters = 5, kernelSize = {2, 2},
                  useBias = false)
              ConvWeights t2;
              @Layer(type = LayerType.DEPTHWISE_CONV2D, kernelSize = 3, depthMultiplier = 2,
                  depthwiseInitializer = "truncated_normal(stddev=0.1, seed=9)")
              ConvWeights dw;
              @Layer(type = LayerType.SEPARABLE_CONV2D, filters = 7, kernelSize = 3,
                  pointwiseInitializer = "HeUniform")
              SeparableConvWeights sep;
              @Layer(type = LayerType.BATCH_NORMALIZATION, center = false, epsilon = 1e-5,
                  momentum = 0.9, movingVarianceInitializer = "constant(value=2)")
              BatchNormWeights bn;
              @Layer(type = LayerType.CONV3D, inputChannels = 2, filters = 3, kernelSize = {1, 2, 3},
                  kernelInitializer = "glorot_normal")
              ConvWeights c3;
              @Layer(type = LayerType.CONV3D_TRANSPOSE, filters = 2, kernelSize = 2)
              ConvWeights t3;
              @Layer(type = LayerType.DENSE, units = 2, kernelInitializer = "identity(gain=0.5)")
              DenseWeights head;
            }
          }
          """);

  @Test
  void netMatchesGoldenFile() throws IOException {
    Compilation compilation = Sources.strict(NET);
    assertThat(compilation).succeededWithoutWarnings();
    String actual = generated(compilation, "test.Net_Layers");
    String golden = Golden.text("Net_Layers", actual);
    assertThat(compilation)
        .generatedSourceFile("test.Net_Layers")
        .hasSourceEquivalentTo(JavaFileObjects.forSourceString("test.Net_Layers", golden));
    assertThat(compilation)
        .generatedSourceFile("test.Net_Layers")
        .contentsAsUtf8String()
        .isEqualTo(golden);
  }

  @Test
  void everyLayerTypeMatchesGoldenFile() throws IOException {
    Compilation compilation = Sources.strict(EVERY_TYPE);
    assertThat(compilation).succeededWithoutWarnings();
    String actual = generated(compilation, "test.Zoo_Net_Layers");
    assertEquals(Golden.text("Zoo_Net_Layers", actual), actual);
    // nested model, package-private: the generated class is package-private too
    assertTrue(
        actual.contains("\nfinal class Zoo_Net_Layers implements ModelInitializer {"), actual);
  }

  @Test
  void outputIsByteIdenticalAcrossRuns() throws IOException {
    String first =
        generated(Sources.strict(NET, EVERY_TYPE), "test.Net_Layers")
            + generated(Sources.strict(NET, EVERY_TYPE), "test.Zoo_Net_Layers");
    String second =
        generated(Sources.strict(EVERY_TYPE, NET), "test.Net_Layers")
            + generated(Sources.strict(EVERY_TYPE, NET), "test.Zoo_Net_Layers");
    assertEquals(first, second);
  }

  @Test
  void modelWithoutSeedOrModelAnnotation() {
    Compilation compilation =
        Sources.strict(
            Sources.model(
                "Plain",
                """
                class Plain {
                  @Layer(type = LayerType.DENSE, inputChannels = 4, units = 2)
                  DenseWeights fc;
                }
                """));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .generatedSourceFile("test.Plain_Layers")
        .contentsAsUtf8String()
        .contains("this(model, ThreadLocalRandom.current().nextLong(1L << 32));");
  }

  @Test
  void unnamedPackage() {
    Compilation compilation =
        Sources.strict(
            JavaFileObjects.forSourceString(
                "Top",
                """
                import io.nninit.annotation.*;
                import io.nninit.runtime.*;

                public class Top {
                  @Layer(type = LayerType.DENSE, inputChannels = 2, units = 2) public DenseWeights fc;
                }
                """));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .generatedSourceFile("Top_Layers")
        .contentsAsUtf8String()
        .contains("public final class Top_Layers implements ModelInitializer {");
  }

  static String generated(Compilation compilation, String name) throws IOException {
    return compilation.generatedSourceFile(name).orElseThrow().getCharContent(true).toString();
  }
}
