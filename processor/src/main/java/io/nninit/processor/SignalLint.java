package io.nninit.processor;

import io.nninit.annotation.Convention;
import io.nninit.annotation.LayerType;
import io.nninit.runtime.WeightInfo;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Element;

/**
 * Predicts how each layer scales the second moment of the signal at initialization and warns about
 * runs that shrink or grow it too much, and about kernels whose weights are all equal.
 *
 * <p>A layer whose output sums {@code fan} inputs, each times an independent weight with {@code
 * E[w^2] = Var(w) + E[w]^2}, multiplies the input's mean square by {@code fan * E[w^2]}, and its
 * activation multiplies it by {@link Activation#gain}: the factor is their product (He et al. 2015,
 * eq. 7; Glorot and Bengio 2010). Biases are left out (they are zeros unless written otherwise).
 * Batch normalization brings the signal back to unit variance, so the factors multiply along each
 * run of layers between normalization layers; a run whose product leaves {@code [1/t, t]} (t = 10,
 * or the processor option {@code nninit.lint.threshold}) gets a {@code [nninit.signal]} warning.
 * Warnings are suppressed per model with {@code @SuppressWarnings("nninit.signal")} or {@code
 * ("nninit.symmetry")} on the model class (the second also on a layer field).
 */
final class SignalLint {
  static final String OPTION = "nninit.lint.threshold";
  static final String SIGNAL_KEY = "nninit.signal";
  static final String SYMMETRY_KEY = "nninit.symmetry";
  private static final Set<String> KERNELS =
      Set.of("kernelInitializer", "depthwiseInitializer", "pointwiseInitializer");

  private SignalLint() {}

  /** The plan with its analysis (shapes, factors per layer and per run) attached. */
  static ModelPlan analyze(ModelPlan plan, ShapeInference.Result shapes) {
    Convention convention = plan.spec().convention();
    List<ModelAnalysis.LayerSignal> signals = new ArrayList<>();
    for (int i = 0; i < plan.layers().size(); i++) {
      signals.add(signal(plan.layers().get(i), shapes.geometries().get(i), convention));
    }
    List<ModelAnalysis.Run> runs = new ArrayList<>();
    int first = -1;
    double factor = 1;
    double suggested = 1;
    for (int i = 0; i <= signals.size(); i++) {
      boolean end = i == signals.size() || signals.get(i).normalization();
      if (end) {
        if (first >= 0) {
          runs.add(new ModelAnalysis.Run(first, i - 1, factor, suggested));
        }
        first = -1;
        factor = 1;
        suggested = 1;
        continue;
      }
      if (first < 0) {
        first = i;
      }
      factor *= signals.get(i).factor();
      suggested *= signals.get(i).suggestedFactor();
    }
    return new ModelPlan(
        plan.spec(),
        plan.layers(),
        plan.draws(),
        new ModelAnalysis(shapes.shapes(), signals, runs));
  }

  /** The warnings for an analyzed plan, honoring {@code @SuppressWarnings}. */
  static List<Problem> warnings(ModelPlan plan, double threshold) {
    ModelSpec spec = plan.spec();
    List<Problem> out = new ArrayList<>();
    ModelAnalysis a = plan.analysis();
    boolean signalOff = suppressed(spec.element(), SIGNAL_KEY);
    boolean symmetryOff = suppressed(spec.element(), SYMMETRY_KEY);
    for (int i = 0; i < a.signals().size(); i++) {
      ModelAnalysis.LayerSignal s = a.signals().get(i);
      LayerSpec layer = plan.layers().get(i).spec();
      if (symmetryOff || suppressed(layer.element(), SYMMETRY_KEY)) {
        continue;
      }
      for (String attribute : s.constantKernels()) {
        WeightPlan w = weightOf(plan.layers().get(i), attribute);
        out.add(
            Problem.of(
                layer.element(),
                layer.mirror(),
                layer.blame(attribute),
                Message.SYMMETRY,
                layer.name(),
                w.name() + " " + w.shapeText(),
                w.fill().source(),
                s.activation().suggestion(spec.convention())));
      }
    }
    if (signalOff) {
      return out;
    }
    for (ModelAnalysis.Run run : a.runs()) {
      double f = run.factor();
      if (!(f > 0) || Double.isInfinite(f) || (f <= threshold && f >= 1 / threshold)) {
        continue;
      }
      int n = run.last() - run.first() + 1;
      LayerSpec first = plan.layers().get(run.first()).spec();
      out.add(
          Problem.of(
              first.element(),
              first.mirror(),
              null,
              Message.SIGNAL,
              names(plan, run),
              factorText(f),
              n,
              n == 1 ? "" : "s",
              perLayer(plan, run),
              number(threshold),
              suggestion(plan, run)));
    }
    return out;
  }

  private static ModelAnalysis.LayerSignal signal(
      LayerPlan layer, LayerGeometry g, Convention convention) {
    LayerSpec spec = layer.spec();
    Activation activation = g.activation();
    double gain = activation.gain(convention);
    if (spec.type() == LayerType.BATCH_NORMALIZATION) {
      return new ModelAnalysis.LayerSignal(
          spec.name(), true, List.of(), List.of(), activation, 1, 1, 1, 1, List.of());
    }
    List<Double> fans = new ArrayList<>();
    List<Double> meanSquares = new ArrayList<>();
    List<String> constant = new ArrayList<>();
    double weightFactor = 1;
    double suggested = 1;
    List<WeightPlan> kernels = new ArrayList<>();
    for (WeightPlan w : layer.weights()) {
      if (KERNELS.contains(w.attribute())) {
        kernels.add(w);
      }
    }
    for (int k = 0; k < kernels.size(); k++) {
      WeightPlan w = kernels.get(k);
      WeightInfo info = w.fill().describe(spec.name(), spec.type(), w.name());
      double fan = fan(layer, g, w.attribute());
      double meanSquare =
          info.expectedStd() * info.expectedStd() + info.expectedMean() * info.expectedMean();
      fans.add(fan);
      meanSquares.add(meanSquare);
      weightFactor *= fan * meanSquare;
      double scale = k == kernels.size() - 1 ? activation.suggestedScale() : 1.0;
      double convFan = info.fanIn() > 0 ? info.fanIn() : fan;
      suggested *= fan * scale / convFan;
      if (info.distribution().equals("constant") && info.parameterCount() > 1) {
        constant.add(w.attribute());
      }
    }
    return new ModelAnalysis.LayerSignal(
        spec.name(),
        false,
        fans,
        meanSquares,
        activation,
        gain,
        weightFactor,
        weightFactor * gain,
        suggested * gain,
        constant);
  }

  /** The number of inputs one output of the kernel of {@code attribute} sums. */
  private static double fan(LayerPlan layer, LayerGeometry g, String attribute) {
    LayerSpec spec = layer.spec();
    double window = 1;
    for (int k : g.kernel()) {
      window *= k;
    }
    int in = layer.inputChannels();
    return switch (spec.type()) {
      case DENSE -> in;
      case DEPTHWISE_CONV2D -> window;
      case SEPARABLE_CONV2D ->
          attribute.equals("depthwiseInitializer") ? window : (double) in * spec.depthMultiplier();
      case CONV1D_TRANSPOSE, CONV2D_TRANSPOSE, CONV3D_TRANSPOSE ->
          window * in / spec.groups() / g.strideProduct();
      default -> window * in / Math.max(1, spec.groups());
    };
  }

  /** {@code output (26, 26, 32); 896 parameters; relu, predicted variance factor 0.5}. */
  static String describe(ModelAnalysis a, LayerPlan l, int i) {
    StringBuilder b = new StringBuilder();
    if (!a.shapes().isEmpty()) {
      b.append("output ").append(ShapeInference.text(a.shapes().get(i).output())).append("; ");
    }
    long params = 0;
    for (WeightPlan w : l.weights()) {
      params += w.count();
    }
    b.append(params).append(params == 1 ? " parameter" : " parameters");
    ModelAnalysis.LayerSignal s = a.signals().get(i);
    if (!s.normalization()) {
      b.append("; ")
          .append(s.activation().keyword())
          .append(", predicted variance factor ")
          .append(number(s.factor()));
    }
    return b.toString();
  }

  private static WeightPlan weightOf(LayerPlan layer, String attribute) {
    for (WeightPlan w : layer.weights()) {
      if (w.attribute().equals(attribute)) {
        return w;
      }
    }
    throw new IllegalStateException("no weight for " + attribute);
  }

  private static String names(ModelPlan plan, ModelAnalysis.Run run) {
    List<String> names = new ArrayList<>();
    for (int i = run.first(); i <= run.last(); i++) {
      names.add(plan.layers().get(i).spec().name());
    }
    return names.size() > 3
        ? "layers " + names.get(0) + " to " + names.get(names.size() - 1)
        : (names.size() == 1 ? "layer " : "layers ") + String.join(", ", names);
  }

  private static String perLayer(ModelPlan plan, ModelAnalysis.Run run) {
    List<String> parts = new ArrayList<>();
    for (int i = run.first(); i <= run.last(); i++) {
      ModelAnalysis.LayerSignal s = plan.analysis().signals().get(i);
      LayerPlan layer = plan.layers().get(i);
      String init = "";
      for (WeightPlan w : layer.weights()) {
        if (KERNELS.contains(w.attribute())) {
          init += (init.isEmpty() ? "" : "+") + w.fill().source();
        }
      }
      parts.add(
          s.layer()
              + " "
              + number(s.factor())
              + " ("
              + init
              + ", "
              + s.activation().keyword()
              + ")");
    }
    if (parts.size() > 6) {
      List<String> shown = new ArrayList<>(parts.subList(0, 3));
      shown.add("...");
      shown.addAll(parts.subList(parts.size() - 2, parts.size()));
      parts = shown;
    }
    return "per layer: " + String.join(", ", parts);
  }

  private static String suggestion(ModelPlan plan, ModelAnalysis.Run run) {
    Convention convention = plan.spec().convention();
    Map<String, List<String>> byInit = new LinkedHashMap<>();
    for (int i = run.first(); i <= run.last(); i++) {
      Activation a = plan.analysis().signals().get(i).activation();
      List<String> acts = byInit.computeIfAbsent(a.suggestion(convention), k -> new ArrayList<>());
      if (!acts.contains(a.keyword())) {
        acts.add(a.keyword());
      }
    }
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : byInit.entrySet()) {
      parts.add(
          byInit.size() == 1
              ? e.getKey()
              : e.getKey() + " on the " + String.join("/", e.getValue()) + " layers");
    }
    String attr = convention == Convention.PYTORCH ? "kernelInitializer = " : "kernel initializer ";
    return attr
        + String.join(" and ", parts)
        + " would keep it near 1 (predicted "
        + factorText(run.suggestedFactor())
        + ")";
  }

  /** {@code 0.000244 (2^-12.0)}. */
  static String factorText(double f) {
    return number(f)
        + " (2^"
        + String.format(Locale.ROOT, "%.1f", Math.log(f) / Math.log(2)).replace("-0.0", "0.0")
        + ")";
  }

  /** Three significant digits, Locale.ROOT, no exponent noise for ordinary values. */
  static String number(double x) {
    if (x == 0) {
      return "0";
    }
    if (Double.isNaN(x) || Double.isInfinite(x)) {
      return String.valueOf(x);
    }
    double abs = Math.abs(x);
    if (abs >= 1e-4 && abs < 1e6) {
      return new BigDecimal(x).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }
    return String.format(Locale.ROOT, "%.2e", x);
  }

  private static boolean suppressed(Element e, String key) {
    if (e == null) {
      return false;
    }
    SuppressWarnings s = e.getAnnotation(SuppressWarnings.class);
    if (s == null) {
      return false;
    }
    for (String v : s.value()) {
      if (v.equals(key) || v.equals("all")) {
        return true;
      }
    }
    return false;
  }
}
