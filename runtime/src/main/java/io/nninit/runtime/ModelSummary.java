package io.nninit.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A text table of a model's weights in the manner of Keras' {@code model.summary()}: per weight its
 * layer and type, name, shape, parameter count, initializer, fans, distribution with its bounds or
 * standard deviation, and the theoretical mean and standard deviation beside the ones measured on
 * the current values. Everything comes from {@link ModelInitializer#weights()} and {@link
 * ModelInitializer#layers()}; numbers are printed with 4 significant digits.
 */
public final class ModelSummary {
  private static final String[] HEADER = {
    "Layer (type)",
    "Weight",
    "Shape",
    "Params",
    "Initializer",
    "fan_in",
    "fan_out",
    "Distribution",
    "Mean: theory",
    "measured",
    "Std: theory",
    "measured"
  };

  private ModelSummary() {}

  /**
   * The table for {@code model}, one row per weight, then the total parameter count and the model
   * seed.
   *
   * @throws IllegalStateException if {@code weights()} and {@code layers()} disagree (not generated
   *     together)
   */
  public static String of(ModelInitializer model) {
    List<String[]> rows = new ArrayList<>();
    rows.add(HEADER);
    List<WeightInfo> infos = model.weights();
    int next = 0;
    long total = 0;
    for (LayerWeights layer : model.layers()) {
      for (Parameter p : layer.parameters()) {
        // Matched by position and layer only: the infos name weights as the convention does
        // (PyTorch: weight, running_mean), the parameters as Keras does (kernel, moving_mean).
        if (next >= infos.size() || !infos.get(next).layer().equals(layer.layerName())) {
          throw new IllegalStateException(
              "weights() does not describe "
                  + layer.layerName()
                  + "/"
                  + p.name()
                  + " at position "
                  + next
                  + "; weights() and layers() must come from the same generated class");
        }
        WeightInfo w = infos.get(next++);
        Moments measured = Moments.of(p.data());
        total += w.parameterCount();
        rows.add(
            new String[] {
              w.layer() + " (" + w.type() + ")",
              w.weight(),
              w.shapeText(),
              Long.toString(w.parameterCount()),
              w.initializer(),
              fan(w.fanIn()),
              fan(w.fanOut()),
              distribution(w),
              number(w.expectedMean()),
              number(measured.mean()),
              number(w.expectedStd()),
              number(measured.std())
            });
      }
    }
    if (next != infos.size()) {
      throw new IllegalStateException(
          "weights() describes "
              + infos.size()
              + " weights but layers() holds "
              + next
              + "; they must come from the same generated class");
    }
    StringBuilder out = new StringBuilder();
    appendTable(out, rows);
    out.append("Total params: ")
        .append(total)
        .append('\n')
        .append("Model seed: ")
        .append(model.modelSeed())
        .append('\n');
    return out.toString();
  }

  /** {@code uniform [-0.4472, 0.4472)}, {@code truncated_normal stddev 0.3094, cut at ±0.6188}. */
  static String distribution(WeightInfo w) {
    return switch (w.distribution()) {
      case "uniform" -> "uniform [" + number(w.low()) + ", " + number(w.high()) + ")";
      case "normal" -> "normal stddev " + number(w.stddev());
      case "truncated_normal" ->
          "truncated_normal stddev "
              + number(w.stddev())
              + " in ["
              + number(w.low())
              + ", "
              + number(w.high())
              + "]";
      default -> w.distribution();
    };
  }

  static String number(double v) {
    if (v == 0.0) {
      return "0";
    }
    return String.format(Locale.ROOT, "%.4g", v);
  }

  private static void appendTable(StringBuilder out, List<String[]> rows) {
    int[] width = new int[HEADER.length];
    for (String[] row : rows) {
      for (int c = 0; c < row.length; c++) {
        width[c] = Math.max(width[c], row[c].length());
      }
    }
    int line = 0;
    for (int w : width) {
      line += w + 2;
    }
    for (int r = 0; r < rows.size(); r++) {
      String[] row = rows.get(r);
      StringBuilder b = new StringBuilder();
      for (int c = 0; c < row.length; c++) {
        b.append(row[c]).append(" ".repeat(width[c] - row[c].length() + 2));
      }
      out.append(b.toString().stripTrailing()).append('\n');
      if (r == 0) {
        out.append("=".repeat(line - 2)).append('\n');
      }
    }
    out.append("=".repeat(line - 2)).append('\n');
  }

  private static String fan(long fan) {
    return fan < 0 ? "-" : Long.toString(fan);
  }
}
