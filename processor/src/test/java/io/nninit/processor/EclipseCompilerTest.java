package io.nninit.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.eclipse.jdt.internal.compiler.tool.EclipseCompiler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same processor under ECJ: same generated text, same diagnostics. */
class EclipseCompilerTest {
  @TempDir Path dir;

  private JavaFileObject file(JavaFileObject source, String name) throws IOException {
    Path path = dir.resolve("test").resolve(name + ".java");
    Files.createDirectories(path.getParent());
    Files.writeString(path, source.getCharContent(true));
    return JavaFileObjects.forResource(path.toUri().toURL());
  }

  private static Compilation ecj(JavaFileObject... sources) {
    return Compiler.compiler(new EclipseCompiler())
        .withProcessors(new ModelProcessor())
        .withOptions("--release", "17")
        .compile(sources);
  }

  @Test
  void generatesTheSameTextAsJavac() throws IOException {
    Compilation compilation =
        ecj(file(GeneratedSourceTest.NET, "Net"), file(GeneratedSourceTest.EVERY_TYPE, "Zoo"));
    assertThat(compilation).succeeded();
    assertEquals(
        GeneratedSourceTest.generated(Sources.strict(GeneratedSourceTest.NET), "test.Net_Layers"),
        GeneratedSourceTest.generated(compilation, "test.Net_Layers"));
    assertEquals(
        GeneratedSourceTest.generated(
            Sources.strict(GeneratedSourceTest.EVERY_TYPE), "test.Zoo_Net_Layers"),
        GeneratedSourceTest.generated(compilation, "test.Zoo_Net_Layers"));
  }

  @Test
  void shapesSummaryAndLintAreTheSameAsUnderJavac() throws IOException {
    JavaFileObject source =
        Sources.model(
            "Shaped",
            """
            @Model(seed = 5, inputShape = {32, 32, 3})
            class Shaped {
              @Layer(type = LayerType.CONV2D, filters = 8, kernelSize = 3, strides = 2,
                  padding = "same", activation = "relu")
              ConvWeights conv1;
              @Layer(type = LayerType.CONV2D, filters = 8, kernelSize = 3, activation = "relu",
                  kernelInitializer = "glorot_uniform(seed=3)")
              ConvWeights conv2;
              @Layer(type = LayerType.CONV2D, filters = 8, kernelSize = 3, activation = "relu")
              ConvWeights conv3;
              @Layer(type = LayerType.CONV2D, filters = 8, kernelSize = 3, activation = "relu")
              ConvWeights conv4;
              @Layer(type = LayerType.BATCH_NORMALIZATION)
              BatchNormWeights bn;
              @Layer(type = LayerType.DENSE, units = 4, kernelInitializer = "zeros")
              DenseWeights head;
            }
            """);
    Compilation javac = javac().withProcessors(new ModelProcessor()).compile(source);
    assertThat(javac).succeeded();
    assertEquals(2, javac.warnings().size(), javac.warnings().toString()); // signal and symmetry
    Compilation ecj = ecj(file(source, "Shaped"));
    assertThat(ecj).succeeded();
    assertEquals(EcjCheck.ours(javac), EcjCheck.ours(ecj));
    assertEquals(
        GeneratedSourceTest.generated(javac, "test.Shaped_Layers"),
        GeneratedSourceTest.generated(ecj, "test.Shaped_Layers"));
  }

  @Test
  void generatedCodeHasNoEcjWarnings() throws IOException {
    Compilation compilation =
        ecj(file(GeneratedSourceTest.NET, "Net"), file(GeneratedSourceTest.EVERY_TYPE, "Zoo"));
    assertThat(compilation).succeeded();
    for (Diagnostic<? extends JavaFileObject> d : compilation.warnings()) {
      // ECJ reports generated files without a source object
      String where = d.getSource() == null ? "_Layers.java" : d.getSource().getName();
      assertFalse(where.endsWith("_Layers.java"), d.getMessage(Locale.ROOT));
    }
  }

  @Test
  void reportsInitializerErrorsOnTheValue() throws IOException {
    JavaFileObject source =
        file(
            Sources.model(
                "Net",
                """
                class Net {
                  @Layer(type = LayerType.DENSE, inputChannels = 3, units = 3,
                      kernelInitializer = "he_normall")
                  DenseWeights fc;
                }
                """),
            "Net");
    Compilation compilation = ecj(source);
    assertThat(compilation).failed();
    assertThat(compilation)
        .hadErrorContaining(
            "[nn.init.unknown] layer fc: kernelInitializer \"he_normall\": unknown Keras"
                + " initializer 'he_normall'; did you mean 'he_normal'?")
        .inFile(source)
        .onLineContaining("kernelInitializer = \"he_normall\"");
  }
}
