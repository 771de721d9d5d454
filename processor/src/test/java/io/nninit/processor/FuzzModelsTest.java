package io.nninit.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import io.nninit.annotation.LayerType;
import io.nninit.runtime.ModelInitializer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Randomized models: random layer types, sizes, geometry, activations, input shapes and initializer
 * strings (malformed ones included), under both conventions. For every model the processor either
 * reports {@code [nn.…]} errors on the model, or generates a class that compiles under {@code
 * -Xlint:all,-processing -Werror}; never an internal error, never an exception, never uncompilable
 * output. A sample of the generated classes is loaded and initialized.
 *
 * <p>The default seed is fixed so that CI is reproducible; {@code -Dfuzz.seed=N} explores or
 * replays another run (the seed is printed); {@code -Dfuzz.models=N} changes the number of models
 * (default 1000).
 */
class FuzzModelsTest {
  private static final int BATCH = 65;
  private static final String[] KERAS_INITS = {
    "",
    "he_normal",
    "he_uniform",
    "glorot_uniform",
    "glorot_normal(seed=3)",
    "lecun_normal",
    "lecun_uniform(seed=0)",
    "orthogonal",
    "orthogonal(gain=2.0, seed=7)",
    "identity",
    "zeros",
    "ones",
    "constant(0.5)",
    "random_normal(mean=0.1, stddev=0.2)",
    "random_uniform(-1, 1)",
    "truncated_normal(stddev=0.05, seed=4294967296)",
    "variance_scaling(scale=2.0, mode='fan_out', distribution='uniform')",
    "variance_scaling(mode='fan_avg', distribution='untruncated_normal', seed=11)",
  };
  private static final String[] TORCH_INITS = {
    "",
    "kaiming_normal_(mode='fan_out', nonlinearity='relu')",
    "kaiming_uniform_(a=math.sqrt(5))",
    "xavier_uniform_()",
    "xavier_normal_(gain=2.0)",
    "orthogonal_()",
    "trunc_normal_(std=0.02)",
    "normal_(mean=0.0, std=0.01)",
    "uniform_(a=-0.1, b=0.1)",
    "zeros_",
    "ones_",
    "constant_(val=0.1)",
    "eye_",
    "dirac_",
    "sparse_(sparsity=0.5)",
  };
  private static final String[] MALFORMED = {
    "he_normal(",
    "he_normall",
    "glorot_uniform(seed=-1)",
    "variance_scaling(scale=-2.0)",
    "variance_scaling(mode='fan')",
    "random_uniform(minval=1, maxval=)",
    "orthogonal(gain=1e999)",
    "constant(value='x')",
    "truncated_normal(stddev=0)",
    "hé_normal",
    "he_normal(seed=1.5)",
    "he_normal(seed=99999999999999999999)",
    ")(",
    "kaiming_normal_(nonlinearity='relux')",
    "xavier_uniform_(gain=)",
    "he_normal)",
    "random_normal(mean=0, mean=1)",
    "  ",
    "=",
    "he_normal(,)",
  };
  private static final String[] ACTIVATIONS = {
    "", "linear", "relu", "leaky_relu", "elu", "selu", "gelu", "swish", "tanh", "sigmoid", "relu6",
  };
  private static final String SUPPRESS =
      "@SuppressWarnings({\"nninit.signal\", \"nninit.symmetry\"})\n";
  private static final String LINT_ON = "// lint on\n";
  private static final String[] PADDINGS = {"", "valid", "same", "causal", "full"};

  // A fixed default keeps CI reproducible; -Dfuzz.seed=N explores other model sets.
  private final long seed = Long.getLong("fuzz.seed", 20261129L);
  private final Random random = new Random(seed);

  /** Whether the model being generated may contain deliberate mistakes (half of them do). */
  private boolean wild;

  @Test
  void everyModelCompilesOrIsReported() throws Exception {
    int count = Integer.getInteger("fuzz.models", 1000);
    System.out.println("FuzzModelsTest: fuzz.seed=" + seed + " models=" + count);
    int succeeded = 0;
    int reported = 0;
    int initialized = 0;
    int linted = 0;
    for (int start = 0; start < count; start += BATCH) {
      Map<String, String> sources = new LinkedHashMap<>();
      for (int i = start; i < Math.min(count, start + BATCH); i++) {
        sources.put("Fuzz" + i, model("Fuzz" + i));
      }
      List<JavaFileObject> files = new ArrayList<>();
      for (Map.Entry<String, String> e : sources.entrySet()) {
        files.add(JavaFileObjects.forSourceString("fuzz." + e.getKey(), e.getValue()));
      }
      Compilation first =
          javac()
              .withProcessors(new ModelProcessor())
              .withOptions("-Xmaxerrs", "100000", "-Xmaxwarns", "100000") // javac stops at 100
              .compile(files);
      List<JavaFileObject> good = new ArrayList<>();
      List<String> goodNames = new ArrayList<>();
      for (int i = 0; i < files.size(); i++) {
        String name = "Fuzz" + (start + i);
        boolean hasError = false;
        for (Diagnostic<? extends JavaFileObject> d : first.diagnostics()) {
          String where = d.getSource() == null ? "" : d.getSource().getName();
          String text = d.getMessage(Locale.ROOT);
          if (text.contains("[nn.internal]") || where.endsWith("_Layers.java")) {
            fail(replay(sources, where, text));
          }
          if (!where.endsWith("/" + name + ".java")) {
            continue;
          }
          if (d.getKind() == Diagnostic.Kind.ERROR) {
            if (!text.startsWith("[nn.")) {
              fail(replay(sources, where, text));
            }
            hasError = true;
          } else if (d.getKind() == Diagnostic.Kind.WARNING
              || d.getKind() == Diagnostic.Kind.MANDATORY_WARNING) {
            if (!text.startsWith("[nninit.") || sources.get(name).contains(SUPPRESS)) {
              fail(replay(sources, where, "unexpected warning: " + text));
            }
            linted++;
          }
        }
        if (hasError) {
          reported++;
        } else {
          // the lint's warnings would fail -Werror: suppress them for the strict compilation
          good.add(
              JavaFileObjects.forSourceString(
                  "fuzz." + name, sources.get(name).replace(LINT_ON, SUPPRESS)));
          goodNames.add(name);
        }
      }
      if (good.isEmpty()) {
        continue;
      }
      Compilation strict = Sources.strict(good.toArray(new JavaFileObject[0]));
      if (strict.status() != Compilation.Status.SUCCESS || !strict.warnings().isEmpty()) {
        StringBuilder why = new StringBuilder();
        for (Diagnostic<? extends JavaFileObject> d : strict.diagnostics()) {
          why.append(d).append('\n');
        }
        fail("fuzz.seed=" + seed + ": accepted models do not compile under -Werror:\n" + why);
      }
      assertThat(strict).succeededWithoutWarnings();
      succeeded += good.size();
      CompiledClasses classes = new CompiledClasses(strict);
      for (int i = 0; i < goodNames.size(); i++) {
        String name = goodNames.get(i);
        try {
          Object[] built = classes.newModel("fuzz." + name, 42L);
          ((ModelInitializer) built[1]).initialize();
          initialized++;
        } catch (ReflectiveOperationException | RuntimeException e) {
          throw new AssertionError(
              "fuzz.seed=" + seed + ": " + name + " failed to initialize:\n" + sources.get(name),
              e);
        }
      }
    }
    System.out.printf(
        Locale.ROOT,
        "FuzzModelsTest: fuzz.seed=%d: %d models, %d generated and compiled under -Werror (%d"
            + " initialized), %d reported with errors; %d lint warnings%n",
        seed,
        count,
        succeeded,
        initialized,
        reported,
        linted);
    assertTrue(succeeded >= count / 5, "too few valid models to mean anything: " + succeeded);
    assertTrue(reported >= count / 5, "too few invalid models to mean anything: " + reported);
  }

  private String replay(Map<String, String> sources, String where, String text) {
    String name = where.substring(where.lastIndexOf('/') + 1).replace(".java", "");
    String model = name.endsWith("_Layers") ? name.substring(0, name.length() - 7) : name;
    return "fuzz.seed="
        + seed
        + " (replay with -Dfuzz.seed="
        + seed
        + "): "
        + where
        + ": "
        + text
        + "\n"
        + sources.getOrDefault(model, String.join("\n", sources.values()));
  }

  private boolean chance(double p) {
    return random.nextDouble() < p;
  }

  /** A deliberate mistake with probability {@code p}, only in wild models. */
  private boolean bad(double p) {
    return wild && chance(p);
  }

  private int between(int lo, int hi) {
    return lo + random.nextInt(hi - lo + 1);
  }

  private <T> T pick(T[] values) {
    return values[random.nextInt(values.length)];
  }

  private String model(String name) {
    boolean torch = chance(0.5);
    wild = chance(0.5);
    LayerType[] types = LayerType.values();
    int layers = between(1, 5);
    List<LayerType> chosen = new ArrayList<>();
    for (int i = 0; i < layers; i++) {
      chosen.add(pick(types));
    }
    List<String> model = new ArrayList<>();
    if (torch) {
      model.add("convention = Convention.PYTORCH");
    } else if (chance(0.2)) {
      model.add("flavor = KerasFlavor." + (chance(0.5) ? "KERAS3" : "TF_KERAS2"));
    }
    if (chance(0.6)) {
      long s = bad(0.05) ? -5L : bad(0.05) ? 1L << 33 : random.nextInt(1 << 20);
      model.add("seed = " + s + "L");
    }
    boolean shaped = chance(0.5);
    int rank = LayerTypes.spatialRank(chosen.get(0));
    if (shaped) {
      int axes = bad(0.05) ? between(1, 4) : rank + 1;
      List<String> dims = new ArrayList<>();
      for (int i = 0; i < axes; i++) {
        dims.add(Integer.toString(bad(0.02) ? 0 : between(wild ? 1 : 6, axes > 3 ? 8 : 24)));
      }
      model.add("inputShape = {" + String.join(", ", dims) + "}");
    }
    StringBuilder b = new StringBuilder("package fuzz;\n\nimport io.nninit.annotation.*;\n");
    b.append("import io.nninit.runtime.*;\n\n");
    if (!model.isEmpty()) {
      b.append("@Model(").append(String.join(", ", model)).append(")\n");
    }
    b.append(chance(0.5) ? SUPPRESS : LINT_ON);
    b.append("class ").append(name).append(" {\n");
    for (int i = 0; i < layers; i++) {
      b.append(layer(chosen.get(i), i, torch, shaped));
    }
    return b.append("}\n").toString();
  }

  private String layer(LayerType type, int index, boolean torch, boolean shaped) {
    List<String> a = new ArrayList<>();
    a.add("type = LayerType." + type.name());
    int rank = LayerTypes.spatialRank(type);
    boolean bn = type == LayerType.BATCH_NORMALIZATION;
    if ((index == 0 && !shaped && (!wild || chance(0.95))) || bad(0.07)) {
      a.add("inputChannels = " + (bad(0.03) ? -1 : between(1, 12)));
    }
    if (type == LayerType.DENSE || bad(0.02)) {
      a.add("units = " + (bad(0.03) ? 0 : between(1, 16)));
    }
    if ((rank > 0 && type != LayerType.DEPTHWISE_CONV2D) || bad(0.02)) {
      a.add("filters = " + (bad(0.03) ? -2 : between(1, 12)));
    }
    if (rank > 0 || bad(0.02)) {
      a.add(
          "kernelSize = "
              + ints(bad(0.05) ? between(1, 4) : chance(0.5) ? 1 : rank, 1, wild ? 4 : 2));
    }
    if (rank > 0 && chance(0.3)) {
      a.add("strides = " + ints(chance(0.5) ? 1 : rank, bad(0.03) ? 0 : 1, 3));
    }
    if (rank > 0 && chance(0.2)) {
      a.add("dilationRate = " + ints(1, 1, 2));
    }
    if (rank > 0 && chance(0.3)) {
      a.add("padding = \"" + (wild ? pick(PADDINGS) : "valid") + "\"");
    } else if (rank > 0 && torch && chance(0.3)) {
      a.add("paddingSize = " + ints(chance(0.5) ? 1 : rank, 0, 2));
    }
    if (LayerTypes.isTransposed(type) && chance(0.2)) {
      a.add("outputPadding = " + ints(1, 0, wild ? 2 : 0));
    }
    if (bad(0.1)) {
      a.add("groups = " + between(1, 3));
    }
    if ((type == LayerType.DEPTHWISE_CONV2D || type == LayerType.SEPARABLE_CONV2D) && chance(0.5)) {
      a.add("depthMultiplier = " + between(1, 3));
    }
    if (chance(0.2)) {
      a.add("useBias = false");
    }
    if (bn && chance(0.3)) {
      a.add("epsilon = " + (bad(0.1) ? "0.0" : "1e-4"));
    }
    if (bn && chance(0.2)) {
      a.add("momentum = " + (bad(0.1) ? "1.5" : "0.9"));
    }
    if (bn && bad(0.15)) {
      a.add("center = false");
    }
    if (!bn && chance(0.6)) {
      a.add("activation = \"" + pick(ACTIVATIONS).replace("relu6", wild ? "relu6" : "relu") + "\"");
    }
    String attribute =
        switch (type) {
          case DEPTHWISE_CONV2D, SEPARABLE_CONV2D -> "depthwiseInitializer";
          case BATCH_NORMALIZATION -> "gammaInitializer";
          default -> "kernelInitializer";
        };
    if (chance(0.7)) {
      a.add(attribute + " = " + javaString(wild ? initializer(torch) : safeKernel(torch, type)));
    }
    if (!bn && chance(0.2)) {
      a.add(
          "biasInitializer = "
              + javaString(wild ? initializer(torch) : torch ? "normal_(std=0.1)" : "ones"));
    }
    String field = bad(0.03) ? "DenseWeights" : LayerTypes.fieldType(type);
    return "  @Layer(" + String.join(", ", a) + ")\n  " + field + " layer" + index + ";\n";
  }

  private String initializer(boolean torch) {
    double r = random.nextDouble();
    if (r < 0.15) {
      return pick(MALFORMED);
    }
    if (r < 0.2) {
      return pick(torch ? KERAS_INITS : TORCH_INITS); // the other convention's names
    }
    return pick(torch ? TORCH_INITS : KERAS_INITS);
  }

  /** A kernel initializer that fits every weight of its layer. */
  private String safeKernel(boolean torch, LayerType type) {
    while (true) {
      String init = pick(torch ? TORCH_INITS : KERAS_INITS);
      boolean dense = type == LayerType.DENSE;
      boolean shapeBound =
          init.startsWith("identity")
              || init.startsWith("eye_")
              || init.startsWith("sparse_")
              || init.startsWith("dirac_");
      if (!shapeBound || (dense && !init.startsWith("dirac_"))) {
        return init;
      }
    }
  }

  private String ints(int n, int lo, int hi) {
    List<String> values = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      values.add(Integer.toString(between(lo, hi)));
    }
    return n == 1 ? values.get(0) : "{" + String.join(", ", values) + "}";
  }

  private static String javaString(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\');
      }
      if (c < 0x20 || c > 0x7e) {
        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }
}
