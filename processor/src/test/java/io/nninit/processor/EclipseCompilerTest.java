package io.nninit.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
