package io.nninit.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.JavaFileObject;
import org.eclipse.jdt.internal.compiler.tool.EclipseCompiler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a PyTorch-convention model generates, byte for byte, under javac and ECJ. */
class TorchGeneratedSourceTest {
  static final JavaFileObject TORCH_NET =
      Sources.model(
          "TorchNet",
          """
          /** A small PyTorch-style net. */
          @Model(seed = 42, convention = Convention.PYTORCH)
          public class TorchNet {
            @Layer(type = LayerType.CONV2D, inputChannels = 3, filters = 8, kernelSize = 3,
                kernelInitializer = "kaiming_normal_(mode='fan_out', nonlinearity='relu')")
            ConvWeights conv1;

            @Layer(type = LayerType.BATCH_NORMALIZATION, momentum = 0.01)
            BatchNormWeights bn1;

            @Layer(type = LayerType.SEPARABLE_CONV2D, filters = 16, kernelSize = 3,
                depthMultiplier = 2)
            SeparableConvWeights sep;

            @Layer(type = LayerType.CONV2D_TRANSPOSE, filters = 4, kernelSize = {2, 2}, groups = 2,
                useBias = false)
            ConvWeights up;

            @Layer(type = LayerType.DENSE, inputChannels = 64, units = 10,
                kernelInitializer = "orthogonal_(gain=calculate_gain('relu'))",
                biasInitializer = "zeros_")
            DenseWeights fc;
          }
          """);

  @TempDir Path dir;

  @Test
  void torchNetMatchesGoldenFile() throws IOException {
    Compilation compilation = Sources.strict(TORCH_NET);
    assertThat(compilation).succeededWithoutWarnings();
    String actual = GeneratedSourceTest.generated(compilation, "test.TorchNet_Layers");
    String golden = Golden.text("TorchNet_Layers", actual);
    assertThat(compilation)
        .generatedSourceFile("test.TorchNet_Layers")
        .hasSourceEquivalentTo(JavaFileObjects.forSourceString("test.TorchNet_Layers", golden));
    assertEquals(golden, actual);
    // Keras-only members stay out; the generator and the orthogonal_ workspace are fields
    assertFalse(actual.contains("FLAVOR"), actual);
    assertFalse(actual.contains("checkSeed"), actual);
    assertTrue(actual.contains("private final TorchGenerator generator = new TorchGenerator(0L);"));
    assertTrue(
        actual.contains(
            "private final TorchOrthogonal fcWeightOrthogonal = new TorchOrthogonal(10, 64);"));
    // exact doubles that round-trip: the oracle's weight_bound and bias_bound of Conv2d(3, 8, 3)
    // differ in the last bit because math.sqrt(5)**2 is 5.000000000000001
    assertTrue(
        actual.contains(
            "parallel.torchUniform(conv1Weight, 0, 216, -0.19245008972987523,"
                + " 0.19245008972987523, generator);"));
    assertTrue(
        actual.contains(
            "parallel.torchUniform(conv1Bias, 0, 8, -0.19245008972987526, 0.19245008972987526,"
                + " generator);"));
    assertEquals(0x1.8a2345cc04425p-3, Double.parseDouble("0.19245008972987523"));
    assertEquals(0x1.8a2345cc04426p-3, Double.parseDouble("0.19245008972987526"));
  }

  @Test
  void eclipseCompilerGeneratesTheSameText() throws IOException {
    Path path = dir.resolve("test").resolve("TorchNet.java");
    Files.createDirectories(path.getParent());
    Files.writeString(path, TORCH_NET.getCharContent(true));
    Compilation ecj =
        Compiler.compiler(new EclipseCompiler())
            .withProcessors(new ModelProcessor())
            .withOptions("--release", "17")
            .compile(JavaFileObjects.forResource(path.toUri().toURL()));
    assertThat(ecj).succeeded();
    assertEquals(
        GeneratedSourceTest.generated(Sources.strict(TORCH_NET), "test.TorchNet_Layers"),
        GeneratedSourceTest.generated(ecj, "test.TorchNet_Layers"));
  }
}
