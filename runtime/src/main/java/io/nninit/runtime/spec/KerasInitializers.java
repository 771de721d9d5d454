package io.nninit.runtime.spec;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Resolves initializer strings under the Keras convention: the names {@code keras.initializers.get}
 * accepts (class names such as {@code GlorotUniform}, their snake_case forms such as {@code
 * glorot_uniform}, and the aliases {@code uniform}, {@code normal}, {@code orthogonal}, {@code
 * Orthogonal}, {@code one}, {@code zero}; case-sensitive, as in Keras) with the constructor's
 * arguments, positional or keyword, and Keras' defaults and checks:
 *
 * <ul>
 *   <li>{@code scale} must be {@code > 0}; {@code mode} one of {@code fan_in}, {@code fan_out},
 *       {@code fan_avg}; {@code distribution} (lowercased, {@code normal} meaning {@code
 *       truncated_normal}) one of {@code truncated_normal}, {@code untruncated_normal}, {@code
 *       uniform};
 *   <li>{@code seed} an integer or {@code None} (no seed of its own: a default seed is drawn);
 *   <li>numeric arguments any finite number (ints are converted as Python converts them).
 * </ul>
 *
 * Errors are {@link SpecException}s: {@link SpecException#UNKNOWN_INITIALIZER} (with the closest
 * known name), {@link SpecException#UNKNOWN_ARGUMENT}, {@link SpecException#ARGUMENT_TYPE} and
 * {@link SpecException#ARGUMENT_VALUE}, each with the offset of the culprit. Shape checks happen in
 * {@link KerasInitializer#bind(int...)}.
 */
public final class KerasInitializers {
  private KerasInitializers() {}

  /** One Keras initializer class as the resolver knows it. */
  private record Entry(
      String canonical,
      String className,
      KerasFamily family,
      List<String> parameters,
      double presetScale,
      String presetMode,
      String presetDistribution) {
    Entry(String canonical, String className, KerasFamily family, List<String> parameters) {
      this(canonical, className, family, parameters, 0, "", "");
    }
  }

  private static final Map<String, Entry> NAMES = catalog();

  private static Map<String, Entry> catalog() {
    List<Entry> entries =
        List.of(
            new Entry("zeros", "Zeros", KerasFamily.ZEROS, List.of()),
            new Entry("ones", "Ones", KerasFamily.ONES, List.of()),
            new Entry("constant", "Constant", KerasFamily.CONSTANT, List.of("value")),
            new Entry("identity", "Identity", KerasFamily.IDENTITY, List.of("gain")),
            new Entry(
                "random_uniform",
                "RandomUniform",
                KerasFamily.RANDOM_UNIFORM,
                List.of("minval", "maxval", "seed")),
            new Entry(
                "random_normal",
                "RandomNormal",
                KerasFamily.RANDOM_NORMAL,
                List.of("mean", "stddev", "seed")),
            new Entry(
                "truncated_normal",
                "TruncatedNormal",
                KerasFamily.TRUNCATED_NORMAL,
                List.of("mean", "stddev", "seed")),
            new Entry(
                "variance_scaling",
                "VarianceScaling",
                KerasFamily.VARIANCE_SCALING,
                List.of("scale", "mode", "distribution", "seed")),
            preset("glorot_uniform", "GlorotUniform", 1.0, "fan_avg", "uniform"),
            preset("glorot_normal", "GlorotNormal", 1.0, "fan_avg", "truncated_normal"),
            preset("he_uniform", "HeUniform", 2.0, "fan_in", "uniform"),
            preset("he_normal", "HeNormal", 2.0, "fan_in", "truncated_normal"),
            preset("lecun_uniform", "LecunUniform", 1.0, "fan_in", "uniform"),
            preset("lecun_normal", "LecunNormal", 1.0, "fan_in", "truncated_normal"),
            new Entry("orthogonal", "Orthogonal", KerasFamily.ORTHOGONAL, List.of("gain", "seed")));
    Map<String, Entry> names = new LinkedHashMap<>();
    for (Entry e : entries) {
      names.put(e.canonical(), e);
      names.put(e.className(), e);
    }
    Entry orthogonal = names.get("orthogonal");
    names.put("OrthogonalInitializer", orthogonal);
    names.put("orthogonal_initializer", orthogonal);
    names.put("uniform", names.get("random_uniform"));
    names.put("normal", names.get("random_normal"));
    names.put("one", names.get("ones"));
    names.put("zero", names.get("zeros"));
    return Map.copyOf(names);
  }

  private static Entry preset(
      String canonical, String className, double scale, String mode, String distribution) {
    return new Entry(
        canonical,
        className,
        KerasFamily.VARIANCE_SCALING,
        List.of("seed"),
        scale,
        mode,
        distribution);
  }

  private static final List<String> CANONICAL_NAMES =
      List.of(
          "zeros",
          "ones",
          "constant",
          "identity",
          "random_uniform",
          "random_normal",
          "truncated_normal",
          "variance_scaling",
          "glorot_uniform",
          "glorot_normal",
          "he_uniform",
          "he_normal",
          "lecun_uniform",
          "lecun_normal",
          "orthogonal");

  private static final Set<String> MODES = Set.of("fan_in", "fan_out", "fan_avg");
  private static final List<String> MODE_LIST = List.of("fan_in", "fan_out", "fan_avg");
  private static final List<String> DISTRIBUTIONS =
      List.of("truncated_normal", "untruncated_normal", "uniform");

  /** Every name Keras accepts, in a stable order: the snake_case names first, then the rest. */
  public static List<String> names() {
    List<String> all = new ArrayList<>(CANONICAL_NAMES);
    List<String> others = new ArrayList<>();
    for (String n : NAMES.keySet()) {
      if (!all.contains(n)) {
        others.add(n);
      }
    }
    others.sort(null);
    all.addAll(others);
    return List.copyOf(all);
  }

  /** The canonical snake_case names ({@code glorot_uniform}, ...), one per initializer. */
  public static List<String> canonicalNames() {
    return CANONICAL_NAMES;
  }

  /** Parses and resolves {@code text}; see {@link #resolve(Call)}. */
  public static KerasInitializer resolve(String text) {
    return resolve(SpecParser.parse(text));
  }

  /**
   * Resolves a parsed call: looks the name up, binds the arguments to the constructor's parameters,
   * applies Keras' defaults and checks.
   *
   * @throws SpecException for an unknown name or a bad argument
   */
  public static KerasInitializer resolve(Call call) {
    Entry entry = NAMES.get(call.name());
    if (entry == null) {
      String hint =
          Suggestions.closest(call.name(), names())
              .map(s -> "did you mean '" + s + "'? ")
              .orElse("");
      throw new SpecException(
          SpecException.UNKNOWN_INITIALIZER,
          "unknown Keras initializer '"
              + call.name()
              + "'; "
              + hint
              + "known: "
              + String.join(", ", CANONICAL_NAMES),
          call.offset());
    }
    Map<String, SpecValue> bound = bind(call, entry);
    KerasInitializer.Builder b =
        new KerasInitializer.Builder(
            entry.canonical(), entry.className(), entry.family(), call.name());
    switch (entry.family()) {
      case CONSTANT -> b.value = number(bound, "value", 0.0, entry);
      case IDENTITY -> b.gain = number(bound, "gain", 1.0, entry);
      case RANDOM_UNIFORM -> {
        b.minval = number(bound, "minval", -0.05, entry);
        b.maxval = number(bound, "maxval", 0.05, entry);
      }
      case RANDOM_NORMAL, TRUNCATED_NORMAL -> {
        b.mean = number(bound, "mean", 0.0, entry);
        b.stddev = number(bound, "stddev", 0.05, entry);
      }
      case VARIANCE_SCALING -> {
        if (entry.parameters().contains("scale")) {
          b.scale = number(bound, "scale", 1.0, entry);
          if (!(b.scale > 0.0)) {
            throw new SpecException(
                SpecException.ARGUMENT_VALUE,
                "scale must be a positive number (Keras: \"Argument `scale` must be positive"
                    + " float\"), was "
                    + requireNonNull(bound.get("scale")).source()
                    + "; write e.g. scale=1.0",
                requireNonNull(bound.get("scale")).offset());
          }
          b.mode = mode(bound);
          b.distribution = distribution(bound);
        } else {
          b.scale = entry.presetScale();
          b.mode = entry.presetMode();
          b.distribution = entry.presetDistribution();
        }
      }
      case ORTHOGONAL -> b.gain = number(bound, "gain", 1.0, entry);
      case ZEROS, ONES -> {}
    }
    if (entry.family().isRandom()) {
      b.seed = seed(bound);
    }
    b.source = canonicalSource(entry, call);
    return b.build();
  }

  private static String canonicalSource(Entry entry, Call call) {
    if (call.arguments().isEmpty()) {
      return entry.canonical();
    }
    List<String> parts = new ArrayList<>();
    int positional = 0;
    for (Argument a : call.arguments()) {
      String kw = a.keyword().orElse(entry.parameters().get(positional++));
      parts.add(kw + "=" + a.value().source());
    }
    return entry.canonical() + "(" + String.join(", ", parts) + ")";
  }

  private static Map<String, SpecValue> bind(Call call, Entry entry) {
    Map<String, SpecValue> bound = new LinkedHashMap<>();
    List<String> params = entry.parameters();
    int positional = 0;
    for (Argument a : call.arguments()) {
      String name;
      if (a.isKeyword()) {
        name = a.keyword().orElseThrow();
        if (!params.contains(name)) {
          String hint =
              Suggestions.closest(name, params).map(s -> "did you mean '" + s + "'? ").orElse("");
          throw new SpecException(
              SpecException.UNKNOWN_ARGUMENT,
              entry.canonical()
                  + " has no argument '"
                  + name
                  + "'; "
                  + hint
                  + (params.isEmpty()
                      ? "it takes no arguments"
                      : "its arguments are " + String.join(", ", params)),
              a.offset());
        }
        if (bound.containsKey(name)) {
          throw new SpecException(
              SpecException.DUPLICATE_ARGUMENT,
              entry.canonical()
                  + " got two values for '"
                  + name
                  + "' (positional and keyword);"
                  + " keep one",
              a.offset());
        }
      } else {
        if (positional >= params.size()) {
          throw new SpecException(
              SpecException.UNKNOWN_ARGUMENT,
              entry.canonical()
                  + " takes "
                  + (params.isEmpty()
                      ? "no arguments"
                      : "at most "
                          + params.size()
                          + " positional argument"
                          + (params.size() == 1 ? "" : "s")
                          + " ("
                          + String.join(", ", params)
                          + ")")
                  + "; remove "
                  + a.value().source(),
              a.offset());
        }
        name = params.get(positional++);
      }
      bound.put(name, a.value());
    }
    return bound;
  }

  private static double number(
      Map<String, SpecValue> bound, String name, double defaultValue, Entry entry) {
    SpecValue v = bound.get(name);
    if (v == null) {
      return defaultValue;
    }
    double d;
    if (v instanceof SpecValue.IntValue i) {
      d = i.value();
    } else if (v instanceof SpecValue.FloatValue f) {
      d = f.value();
    } else {
      throw new SpecException(
          SpecException.ARGUMENT_TYPE,
          entry.canonical()
              + ": "
              + name
              + " must be a number, was "
              + v.source()
              + "; write e.g. "
              + name
              + "="
              + defaultValue,
          v.offset());
    }
    if (!Double.isFinite(d)) {
      throw new SpecException(
          SpecException.ARGUMENT_VALUE,
          entry.canonical() + ": " + name + " must be finite, was " + v.source(),
          v.offset());
    }
    return d;
  }

  private static String string(
      Map<String, SpecValue> bound, String name, String defaultValue, List<String> allowed) {
    SpecValue v = bound.get(name);
    if (v == null) {
      return defaultValue;
    }
    if (v instanceof SpecValue.StringValue s) {
      return s.value();
    }
    throw new SpecException(
        SpecException.ARGUMENT_TYPE,
        name
            + " must be a quoted string, one of '"
            + String.join("', '", allowed)
            + "'; was "
            + v.source(),
        v.offset());
  }

  private static String mode(Map<String, SpecValue> bound) {
    String mode = string(bound, "mode", "fan_in", MODE_LIST);
    if (!MODES.contains(mode)) {
      throw new SpecException(
          SpecException.ARGUMENT_VALUE,
          "invalid mode '"
              + mode
              + "'; "
              + Suggestions.closest(mode, MODE_LIST)
                  .map(s -> "did you mean '" + s + "'? ")
                  .orElse("")
              + "Keras accepts 'fan_in',"
              + " 'fan_out' or 'fan_avg' (case-sensitive)",
          requireNonNull(bound.get("mode")).offset());
    }
    return mode;
  }

  private static String distribution(Map<String, SpecValue> bound) {
    String written = string(bound, "distribution", "truncated_normal", DISTRIBUTIONS);
    String d = written.toLowerCase(java.util.Locale.ROOT);
    if (d.equals("normal")) {
      d = "truncated_normal";
    }
    if (!DISTRIBUTIONS.contains(d)) {
      throw new SpecException(
          SpecException.ARGUMENT_VALUE,
          "invalid distribution '"
              + written
              + "'; "
              + Suggestions.closest(d, DISTRIBUTIONS)
                  .map(s -> "did you mean '" + s + "'? ")
                  .orElse("")
              + "Keras accepts 'truncated_normal' (alias 'normal'), 'untruncated_normal' or"
              + " 'uniform'",
          requireNonNull(bound.get("distribution")).offset());
    }
    return d;
  }

  private static OptionalLong seed(Map<String, SpecValue> bound) {
    SpecValue v = bound.get("seed");
    if (v == null || v instanceof SpecValue.NoneValue) {
      return OptionalLong.empty();
    }
    if (v instanceof SpecValue.IntValue i) {
      return OptionalLong.of(i.value());
    }
    throw new SpecException(
        SpecException.ARGUMENT_TYPE,
        "seed must be an integer or None (Keras: \"`seed` argument should be an instance of"
            + " `keras.random.SeedGenerator()` or an integer\"), was "
            + v.source()
            + "; write e.g. seed=42",
        v.offset());
  }

  /** The closest known name to {@code name}, for "did you mean" messages. */
  public static Optional<String> closestName(String name) {
    return Suggestions.closest(name, names());
  }
}
