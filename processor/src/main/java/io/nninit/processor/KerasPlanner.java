package io.nninit.processor;

import io.nninit.annotation.LayerType;
import io.nninit.runtime.spec.KerasFillPlan;
import io.nninit.runtime.spec.KerasInitializer;
import io.nninit.runtime.spec.KerasInitializers;
import io.nninit.runtime.spec.SpecException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Plans a model under the Keras convention: Keras 3 layer shapes ({@code (k..., in/groups,
 * filters)} and friends), channels inferred from the previous layer, Keras' default initializers,
 * and the default-seed draws in the order the layers' constructors create their initializers.
 */
final class KerasPlanner implements ConventionPlanner {
  /** One initializer a Keras layer constructor creates, in constructor order. */
  private record Slot(
      String attribute,
      String argument,
      String defaultInitializer,
      Optional<String> weightName,
      List<Integer> shape,
      String absentBecause) {}

  @Override
  public Result plan(ModelSpec model) {
    List<Problem> problems = new ArrayList<>();
    List<LayerPlan> layers = new ArrayList<>();
    List<SeedDraw> draws = new ArrayList<>();
    LayerPlan previous = null;
    boolean previousKnown = true;
    for (LayerSpec layer : model.layers()) {
      ChannelInference.Input input =
          ChannelInference.of(
              layer, previous, previousKnown, problems, KerasPlanner::outputDescription);
      if (input == null) {
        previousKnown = false;
        previous = null;
        continue;
      }
      int in = input.channels();
      String from = input.from();
      LayerPlan plan = planLayer(layer, in, from, layers, draws, problems);
      previous = plan;
      previousKnown = plan != null;
    }
    return problems.isEmpty()
        ? Result.of(new ModelPlan(model, layers, draws))
        : Result.failed(problems);
  }

  private static @Nullable LayerPlan planLayer(
      LayerSpec layer,
      int in,
      String from,
      List<LayerPlan> layers,
      List<SeedDraw> draws,
      List<Problem> problems) {
    LayerType type = layer.type();
    List<Integer> k = kernel(layer);
    int groups = LayerTypes.isPlainConv(type) ? layer.groups() : 1;
    if (groups > 1 && (in % groups != 0 || layer.filters() % groups != 0)) {
      problems.add(
          Problem.of(
              layer.element(),
              layer.mirror(),
              layer.blame("groups"),
              Message.GROUPS,
              layer.name(),
              groups,
              in,
              layer.filters()));
      return null;
    }
    int dm = layer.depthMultiplier();
    List<Slot> slots = new ArrayList<>();
    int out;
    String summary;
    switch (type) {
      case DENSE -> {
        out = layer.units();
        slots.add(
            kernelSlot("kernelInitializer", "kernel_initializer", "kernel", List.of(in, out)));
        slots.add(biasSlot(layer, out));
        summary = "DENSE, " + out + " units, " + in + " input features";
      }
      case DEPTHWISE_CONV2D -> {
        out = in * dm;
        slots.add(
            kernelSlot(
                "depthwiseInitializer", "depthwise_initializer", "kernel", concat(k, in, dm)));
        slots.add(biasSlot(layer, out));
        summary =
            "DEPTHWISE_CONV2D, depth multiplier "
                + dm
                + ", "
                + kernelText(k)
                + " kernel, "
                + in
                + " input channels";
      }
      case SEPARABLE_CONV2D -> {
        out = layer.filters();
        slots.add(
            kernelSlot(
                "depthwiseInitializer",
                "depthwise_initializer",
                "depthwise_kernel",
                concat(k, in, dm)));
        List<Integer> ones = new ArrayList<>();
        for (int i = 0; i < k.size(); i++) {
          ones.add(1);
        }
        slots.add(
            kernelSlot(
                "pointwiseInitializer",
                "pointwise_initializer",
                "pointwise_kernel",
                concat(ones, in * dm, out)));
        slots.add(biasSlot(layer, out));
        summary =
            "SEPARABLE_CONV2D, "
                + out
                + " filters, depth multiplier "
                + dm
                + ", "
                + kernelText(k)
                + " kernel, "
                + in
                + " input channels";
      }
      case BATCH_NORMALIZATION -> {
        out = in;
        List<Integer> c = List.of(in);
        // BatchNormalization.__init__ creates beta, gamma, moving_mean, moving_variance in this
        // order; layer.weights lists gamma, beta, moving_mean, moving_variance.
        slots.add(
            new Slot(
                "betaInitializer",
                "beta_initializer",
                "zeros",
                layer.center() ? Optional.of("beta") : Optional.empty(),
                c,
                "center=False"));
        slots.add(
            new Slot(
                "gammaInitializer",
                "gamma_initializer",
                "ones",
                layer.scale() ? Optional.of("gamma") : Optional.empty(),
                c,
                "scale=False"));
        slots.add(
            new Slot(
                "movingMeanInitializer",
                "moving_mean_initializer",
                "zeros",
                Optional.of("moving_mean"),
                c,
                ""));
        slots.add(
            new Slot(
                "movingVarianceInitializer",
                "moving_variance_initializer",
                "ones",
                Optional.of("moving_variance"),
                c,
                ""));
        summary =
            "BATCH_NORMALIZATION over "
                + in
                + " channels, epsilon "
                + (layer.epsilon() < 0 ? 1e-3 : layer.epsilon())
                + ", momentum "
                + (layer.momentum() < 0 ? 0.99 : layer.momentum());
      }
      default -> {
        out = layer.filters();
        List<Integer> shape =
            LayerTypes.isTransposed(type) ? concat(k, out, in) : concat(k, in / groups, out);
        slots.add(kernelSlot("kernelInitializer", "kernel_initializer", "kernel", shape));
        slots.add(biasSlot(layer, out));
        summary =
            type
                + ", "
                + out
                + " filters, "
                + kernelText(k)
                + " kernel, "
                + in
                + " input channels"
                + (groups > 1 ? ", " + groups + " groups" : "");
      }
    }
    if (!from.equals("inputChannels")) {
      summary += " (" + from + ")";
    }
    List<WeightPlan> weights = new ArrayList<>();
    boolean failed = false;
    for (Slot slot : slots) {
      String written = layer.initializer(slot.attribute());
      String text = written.isEmpty() ? slot.defaultInitializer() : written;
      KerasInitializer init;
      try {
        init = KerasInitializers.resolve(text);
      } catch (SpecException e) {
        problems.add(ModelValidator.initializerProblem(layer, slot.attribute(), text, e));
        failed = true;
        continue;
      }
      Optional<String> field = slot.weightName().map(w -> Names.weightField(layer.name(), w));
      Optional<String> seedField =
          init.drawsDefaultSeed() ? field.map(f -> f + "Seed") : Optional.empty();
      if (init.drawsDefaultSeed()) {
        draws.add(
            new SeedDraw(
                layer.name(), slot.argument(), init.source(), seedField, slot.absentBecause()));
      }
      if (slot.weightName().isEmpty()) {
        continue;
      }
      long count = 1;
      for (int d : slot.shape()) {
        count *= d;
      }
      String weightName = slot.weightName().get();
      if (count > Integer.MAX_VALUE - 8) {
        problems.add(
            Problem.of(
                layer.element(),
                layer.mirror(),
                null,
                Message.TOO_LARGE,
                layer.name(),
                weightName,
                slot.shape(),
                count));
        failed = true;
        continue;
      }
      KerasFillPlan plan;
      try {
        plan = init.bind(slot.shape().stream().mapToInt(Integer::intValue).toArray());
      } catch (SpecException e) {
        problems.add(ModelValidator.initializerProblem(layer, slot.attribute(), text, e));
        failed = true;
        continue;
      }
      weights.add(
          new WeightPlan(
              weightName,
              field.orElseThrow(),
              slot.shape(),
              slot.attribute(),
              new KerasWeightFill(plan, seedField)));
    }
    if (failed) {
      return null;
    }
    if (type == LayerType.BATCH_NORMALIZATION) {
      // layer.weights order: gamma, beta, moving_mean, moving_variance
      List<WeightPlan> ordered = new ArrayList<>();
      for (String name : List.of("gamma", "beta", "moving_mean", "moving_variance")) {
        for (WeightPlan w : weights) {
          if (w.name().equals(name)) {
            ordered.add(w);
          }
        }
      }
      weights = ordered;
    }
    LayerPlan plan = new LayerPlan(layer, in, from, out, weights, summary);
    layers.add(plan);
    return plan;
  }

  private static Slot kernelSlot(
      String attribute, String argument, String weight, List<Integer> shape) {
    return new Slot(attribute, argument, "glorot_uniform", Optional.of(weight), shape, "");
  }

  private static Slot biasSlot(LayerSpec layer, int out) {
    return new Slot(
        "biasInitializer",
        "bias_initializer",
        "zeros",
        layer.useBias() ? Optional.of("bias") : Optional.empty(),
        List.of(out),
        "use_bias=False");
  }

  private static List<Integer> kernel(LayerSpec layer) {
    int rank = LayerTypes.spatialRank(layer.type());
    List<Integer> k = layer.kernelSize();
    if (rank == 0) {
      return List.of();
    }
    if (k.size() == 1) {
      List<Integer> out = new ArrayList<>();
      for (int i = 0; i < rank; i++) {
        out.add(k.get(0));
      }
      return out;
    }
    return k;
  }

  private static List<Integer> concat(List<Integer> head, int a, int b) {
    List<Integer> out = new ArrayList<>(head);
    out.add(a);
    out.add(b);
    return out;
  }

  private static String kernelText(List<Integer> k) {
    if (k.size() == 1) {
      return "size-" + k.get(0);
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < k.size(); i++) {
      b.append(i == 0 ? "" : "x").append(k.get(i));
    }
    return b.toString();
  }

  private static String outputDescription(LayerPlan p) {
    LayerSpec s = p.spec();
    return switch (s.type()) {
      case DENSE -> "the " + p.outputChannels() + " units of " + s.name();
      case BATCH_NORMALIZATION -> "the " + p.outputChannels() + " channels of " + s.name();
      case DEPTHWISE_CONV2D ->
          "the "
              + p.inputChannels()
              + "*"
              + s.depthMultiplier()
              + " = "
              + p.outputChannels()
              + " outputs of "
              + s.name();
      default -> "the " + p.outputChannels() + " filters of " + s.name();
    };
  }
}
