package io.nninit.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.eclipse.jdt.internal.compiler.tool.EclipseCompiler;

/**
 * Runs a source under ECJ as well and compares the processor's diagnostics with javac's: the same
 * tags, kinds and texts on the same lines. ECJ needs real files, so the source is written to a
 * temporary directory first.
 */
final class EcjCheck {
  private static final Pattern TAG = Pattern.compile("^\\[(nn\\.[a-z.-]+|nninit\\.[a-z.]+)\\] ");

  private EcjCheck() {}

  /** One of our diagnostics: kind, line (-1 without a place) and full text. */
  record Ours(Diagnostic.Kind kind, long line, String text) {}

  /** The ECJ compilation of {@code source} (under {@code test/}), with {@code options}. */
  static Compilation ecj(JavaFileObject source, String... options) {
    try {
      Path dir = Files.createTempDirectory("nninit-ecj");
      try {
        String name = source.getName();
        Path path = dir.resolve(name.startsWith("/") ? name.substring(1) : name);
        Files.createDirectories(path.getParent());
        Files.writeString(path, source.getCharContent(true));
        List<String> all = new ArrayList<>(List.of("--release", "17"));
        all.addAll(List.of(options));
        return Compiler.compiler(new EclipseCompiler())
            .withProcessors(new ModelProcessor())
            .withOptions(all)
            .compile(JavaFileObjects.forResource(path.toUri().toURL()));
      } finally {
        try (Stream<Path> files = Files.walk(dir)) {
          for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(p);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The processor's diagnostics of {@code compilation}, in order. */
  static List<Ours> ours(Compilation compilation) {
    List<Ours> out = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> d : compilation.diagnostics()) {
      String text = d.getMessage(Locale.ROOT);
      Matcher m = TAG.matcher(text);
      if (m.find()) {
        Diagnostic.Kind kind =
            d.getKind() == Diagnostic.Kind.MANDATORY_WARNING
                ? Diagnostic.Kind.WARNING
                : d.getKind();
        out.add(new Ours(kind, d.getLineNumber() <= 0 ? -1 : d.getLineNumber(), text));
      }
    }
    return out;
  }

  /** Asserts that ECJ reports exactly what javac reported for {@code source}. */
  static void assertSameAsJavac(JavaFileObject source, Compilation javac, String... options) {
    assertEquals(ours(javac), ours(ecj(source, options)), "ECJ vs javac on " + source.getName());
  }
}
