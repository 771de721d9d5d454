package io.nninit.processor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.annotation.processing.Completion;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Measures how long the processor takes on a 200-layer model (Keras and PyTorch, with input shapes
 * and activations, so shape inference and the lint run too): javac compiles the model with {@link
 * ModelProcessor} wrapped in a timer, 5 warm-up and 15 measured compilations each, and prints the
 * median and the maximum time spent inside {@code process} and of the whole compilation. Not a unit
 * test; run it with {@code scripts/bench-processor.sh}.
 */
public final class ProcessingBench {
  private ProcessingBench() {}

  /** Runs the benchmark; {@code args[0]}, if given, is the number of layers (default 200). */
  public static void main(String[] args) throws IOException {
    int layers = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    Path out = Files.createTempDirectory("nninit-bench");
    try {
      for (boolean torch : new boolean[] {false, true}) {
        String source = model(layers, torch);
        long[] inside = new long[20];
        long[] total = new long[20];
        for (int run = 0; run < inside.length; run++) {
          TimedProcessor timed = new TimedProcessor(new ModelProcessor());
          long start = System.nanoTime();
          compile(source, timed, out);
          total[run] = System.nanoTime() - start;
          inside[run] = timed.nanos;
        }
        long[] processing = Arrays.copyOfRange(inside, 5, inside.length);
        long[] compilation = Arrays.copyOfRange(total, 5, total.length);
        Arrays.sort(processing);
        Arrays.sort(compilation);
        System.out.printf(
            Locale.ROOT,
            "%s, %d layers: processor median %.1f ms (max %.1f ms, first run in a cold JVM %.1f"
                + " ms); whole javac compilation median %.1f ms (first %.1f ms)%n",
            torch ? "PyTorch" : "Keras",
            layers,
            processing[processing.length / 2] / 1e6,
            processing[processing.length - 1] / 1e6,
            inside[0] / 1e6,
            compilation[compilation.length / 2] / 1e6,
            total[0] / 1e6);
      }
    } finally {
      try (var files = Files.walk(out)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  /** Convolution, batch norm, convolution, ... then a dense head: {@code layers} layers. */
  static String model(int layers, boolean torch) {
    StringBuilder b =
        new StringBuilder("package bench;\n\nimport io.nninit.annotation.*;\n")
            .append("import io.nninit.runtime.*;\n\n")
            .append("@Model(seed = 1, inputShape = ")
            .append(torch ? "{3, 32, 32}" : "{32, 32, 3}")
            .append(torch ? ", convention = Convention.PYTORCH" : "")
            .append(")\nclass Deep {\n");
    for (int i = 0; i < layers - 1; i++) {
      if (i % 2 == 0) {
        b.append("  @Layer(type = LayerType.CONV2D, filters = 16, kernelSize = 3, ")
            .append(torch ? "paddingSize = 1" : "padding = \"same\"")
            .append(", activation = \"relu\", kernelInitializer = \"")
            .append(torch ? "kaiming_normal_(nonlinearity='relu')" : "he_normal")
            .append("\")\n  ConvWeights conv")
            .append(i)
            .append(";\n");
      } else {
        b.append("  @Layer(type = LayerType.BATCH_NORMALIZATION)\n  BatchNormWeights bn")
            .append(i)
            .append(";\n");
      }
    }
    b.append("  @Layer(type = LayerType.DENSE, units = 10)\n  DenseWeights head;\n}\n");
    return b.toString();
  }

  private static void compile(String source, Processor processor, Path out) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    try (StandardJavaFileManager files = javac.getStandardFileManager(null, Locale.ROOT, null)) {
      JavaFileObject file =
          new SimpleJavaFileObject(
              URI.create("string:///bench/Deep.java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
              return source;
            }
          };
      List<String> options =
          new ArrayList<>(
              List.of(
                  "-d",
                  out.toString(),
                  "-s",
                  out.toString(),
                  "-proc:only",
                  "-classpath",
                  System.getProperty("java.class.path")));
      JavaCompiler.CompilationTask task =
          javac.getTask(null, files, null, options, null, List.of(file));
      task.setProcessors(List.of(processor));
      if (!task.call()) {
        throw new IllegalStateException("the benchmark model did not compile");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Delegates to a processor and adds up the time spent in its {@code process}. */
  private static final class TimedProcessor implements Processor {
    private final Processor delegate;
    long nanos;

    TimedProcessor(Processor delegate) {
      this.delegate = delegate;
    }

    @Override
    public Set<String> getSupportedOptions() {
      return delegate.getSupportedOptions();
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return delegate.getSupportedAnnotationTypes();
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return delegate.getSupportedSourceVersion();
    }

    @Override
    public void init(ProcessingEnvironment env) {
      long start = System.nanoTime();
      delegate.init(env);
      nanos += System.nanoTime() - start;
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      long start = System.nanoTime();
      delegate.process(annotations, round); // never claims: ModelProcessor returns false
      nanos += System.nanoTime() - start;
      return false;
    }

    @Override
    public Iterable<? extends Completion> getCompletions(
        Element element, AnnotationMirror annotation, ExecutableElement member, String userText) {
      return delegate.getCompletions(element, annotation, member, userText);
    }
  }
}
