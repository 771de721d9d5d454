package io.nninit.processor;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.TypeSpec;
import io.nninit.annotation.Convention;
import io.nninit.runtime.WeightInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.lang.model.element.Modifier;

/**
 * Writes the model summary, like Keras' {@code model.summary()} plus what the processor knows at
 * compile time: every layer's output shape (with {@code @Model(inputShape)}), parameter count and
 * predicted variance factor, every weight's shape, initializer, fans and bounds or standard
 * deviation, and each run's predicted factor. It goes into the class Javadoc (for the IDE) and into
 * the {@code SUMMARY} constant.
 */
final class SummaryWriter {
  private SummaryWriter() {}

  /** The summary as class Javadoc: a paragraph and a {@code <pre>} table. */
  static CodeBlock javadoc(ModelPlan plan) {
    String text =
        text(plan)
            .replace("&", "&amp;")
            .replace("<", "&lt;")
            .replace(">", "&gt;")
            .replace("@", "&#64;")
            .replace("*/", "*&#47;");
    return CodeBlock.builder()
        .add("\n<p>Summary (also in {@link #SUMMARY}):\n<pre>\n$L</pre>\n", text)
        .build();
  }

  /** The paragraph appended to layer {@code index}'s method Javadoc. */
  static CodeBlock methodJavadoc(ModelPlan plan, int index) {
    if (plan.analysis().signals().isEmpty()) {
      return CodeBlock.of("");
    }
    return CodeBlock.of(
        "\n<p>Predicted at compile time: $L (see {@link #SUMMARY}).\n",
        SignalLint.describe(plan.analysis(), plan.layers().get(index), index));
  }

  /** Adds the {@code SUMMARY} constant, visible like the class. */
  static void addTo(TypeSpec.Builder type, ModelPlan plan, Modifier[] visibility) {
    type.addField(
        FieldSpec.builder(String.class, "SUMMARY", visibility)
            .addModifiers(Modifier.STATIC, Modifier.FINAL)
            .addJavadoc(
                "The model summary: layers, shapes, parameter counts, initializers, fans, bounds"
                    + " or standard\n"
                    + "deviations and predicted variance factors, as the class Javadoc shows it.\n")
            .initializer("$S", text(plan))
            .build());
  }

  /** The plain-text summary, one line per layer and per weight, lines ending in a newline. */
  static String text(ModelPlan plan) {
    ModelAnalysis a = plan.analysis();
    boolean shapes = !a.shapes().isEmpty();
    boolean torch = plan.spec().convention() == Convention.PYTORCH;
    StringBuilder b = new StringBuilder();
    if (shapes) {
      b.append("Input shape ")
          .append(ShapeInference.text(a.shapes().get(0).input()))
          .append(torch ? " (channels first)" : " (channels last)")
          .append('\n');
    }
    List<String[]> rows = new ArrayList<>();
    rows.add(
        new String[] {"Layer", "Type", shapes ? "Output shape" : "Output", "Params", "Factor"});
    long total = 0;
    for (int i = 0; i < plan.layers().size(); i++) {
      LayerPlan l = plan.layers().get(i);
      long params = 0;
      for (WeightPlan w : l.weights()) {
        params += w.count();
      }
      total += params;
      ModelAnalysis.LayerSignal s = a.signals().isEmpty() ? null : a.signals().get(i);
      rows.add(
          new String[] {
            l.spec().name(),
            l.spec().type().name(),
            shapes
                ? ShapeInference.text(a.shapes().get(i).output())
                : l.outputChannels() + " channels",
            Long.toString(params),
            s == null
                ? ""
                : s.normalization()
                    ? "reset"
                    : SignalLint.number(s.factor()) + " " + s.activation().keyword()
          });
    }
    table(b, rows);
    b.append("Total params: ").append(total).append('\n');
    b.append("Weights:\n");
    for (LayerPlan l : plan.layers()) {
      for (WeightPlan w : l.weights()) {
        WeightInfo info = w.fill().describe(l.spec().name(), l.spec().type(), w.conventionName());
        b.append("  ")
            .append(l.spec().name())
            .append('.')
            .append(w.conventionName())
            .append(' ')
            .append(w.shapeText())
            .append(' ')
            .append(info.initializer())
            .append(": ")
            .append(distribution(info))
            .append('\n');
      }
    }
    if (!a.signals().isEmpty()) {
      b.append("Predicted variance factors (fan * E[w^2] * activation gain):\n");
      for (ModelAnalysis.LayerSignal s : a.signals()) {
        if (s.normalization()) {
          b.append("  ").append(s.layer()).append(": batch normalization, resets to 1\n");
          continue;
        }
        b.append("  ").append(s.layer()).append(": ");
        for (int k = 0; k < s.fans().size(); k++) {
          b.append(k == 0 ? "" : " * ")
              .append(SignalLint.number(s.fans().get(k)))
              .append(" * ")
              .append(SignalLint.number(s.meanSquares().get(k)));
        }
        b.append(" * ")
            .append(SignalLint.number(s.gain()))
            .append(" (")
            .append(s.activation().keyword())
            .append(") = ")
            .append(SignalLint.number(s.factor()))
            .append('\n');
      }
      for (ModelAnalysis.Run r : a.runs()) {
        b.append("  run ")
            .append(plan.layers().get(r.first()).spec().name())
            .append(r.first() == r.last() ? "" : " to " + plan.layers().get(r.last()).spec().name())
            .append(": ")
            .append(SignalLint.factorText(r.factor()))
            .append('\n');
      }
    }
    return b.toString();
  }

  private static String distribution(WeightInfo i) {
    String fans = i.fanIn() >= 0 ? "fan_in " + i.fanIn() + ", fan_out " + i.fanOut() + ", " : "";
    return switch (i.distribution()) {
      case "uniform" ->
          fans
              + "uniform ["
              + SignalLint.number(i.low())
              + ", "
              + SignalLint.number(i.high())
              + ")";
      case "normal", "truncated_normal" ->
          fans
              + i.distribution()
              + " stddev "
              + SignalLint.number(i.stddev())
              + (i.distribution().equals("truncated_normal")
                  ? " cut to ["
                      + SignalLint.number(i.low())
                      + ", "
                      + SignalLint.number(i.high())
                      + "]"
                  : "");
      case "constant" -> "constant " + SignalLint.number(i.expectedMean());
      default ->
          fans
              + i.distribution()
              + String.format(
                  Locale.ROOT,
                  ", mean %s, std %s",
                  SignalLint.number(i.expectedMean()),
                  SignalLint.number(i.expectedStd()));
    };
  }

  private static void table(StringBuilder b, List<String[]> rows) {
    int[] width = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int c = 0; c < row.length; c++) {
        width[c] = Math.max(width[c], row[c].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < row.length; c++) {
        String cell = row[c];
        boolean right = c == 3;
        String pad = " ".repeat(width[c] - cell.length());
        line.append(c == 0 ? "" : "  ").append(right ? pad + cell : cell + pad);
      }
      b.append(line.toString().stripTrailing()).append('\n');
    }
  }
}
