package io.nninit.processor;

import io.nninit.annotation.LayerType;
import io.nninit.runtime.spec.SpecException;
import io.nninit.runtime.spec.TorchInitializer;
import io.nninit.runtime.spec.TorchInitializers;
import io.nninit.runtime.spec.TorchKernel;
import io.nninit.runtime.spec.TorchModules;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Plans a model under the PyTorch convention (1.13, CPU): each layer is the module a PyTorch user
 * would write, with PyTorch's weight layouts, fans and construction-time initialization.
 *
 * <ul>
 *   <li>DENSE: {@code nn.Linear(in, units)}, weight {@code (out, in)}.
 *   <li>CONV1D/2D/3D: {@code nn.ConvNd(in, filters, k, groups=g)}, weight {@code (out, in/groups,
 *       k...)}.
 *   <li>CONV*_TRANSPOSE: {@code nn.ConvTransposeNd(in, filters, k, groups=g)}, weight {@code (in,
 *       out/groups, k...)}.
 *   <li>DEPTHWISE_CONV2D: {@code nn.Conv2d(in, in*dm, k, groups=in)}, weight {@code (in*dm, 1, kh,
 *       kw)}.
 *   <li>SEPARABLE_CONV2D: {@code nn.Sequential(OrderedDict(depthwise=nn.Conv2d(in, in*dm, k,
 *       groups=in, bias=False), pointwise=nn.Conv2d(in*dm, filters, 1)))}: the depthwise
 *       convolution has no bias, the pointwise one carries the layer's bias; {@code state_dict}
 *       keys {@code <layer>.depthwise.weight}, {@code <layer>.pointwise.weight}, {@code
 *       <layer>.pointwise.bias} (as {@code io.TensorNames} names them).
 *   <li>BATCH_NORMALIZATION: {@code nn.BatchNorm{1,2,3}d(C, eps, momentum, affine)} (the rank
 *       follows the previous layer; the tensors are the same): weight 1, bias 0, running mean 0,
 *       running variance 1, eps 1e-5 and momentum 0.1 unless given; {@code center = scale = false}
 *       is {@code affine=False}.
 * </ul>
 *
 * <p>Weights keep the runtime's (Keras) parameter names ({@code kernel}, {@code gamma}...) so that
 * the weights classes' accessors work unchanged; each fill carries the PyTorch {@code state_dict}
 * key.
 */
final class TorchPlanner implements ConventionPlanner {
  /** What a module's constructor puts into a tensor. */
  private enum Made {
    /** {@code kaiming_uniform_(weight, a=math.sqrt(5))}. */
    MODULE_WEIGHT,
    /** {@code uniform_(bias, -1/sqrt(fan_in), 1/sqrt(fan_in))}, fan_in of the weight. */
    MODULE_BIAS,
    ONES,
    ZEROS
  }

  /**
   * One tensor of a layer, in the order the module's constructor creates it.
   *
   * @param weightShape the shape whose fan_in bounds a module bias ({@link Made#MODULE_BIAS})
   */
  private record Slot(
      String attribute,
      String kerasName,
      String torchKey,
      int[] shape,
      Made made,
      int[] weightShape) {}

  @Override
  public Result plan(ModelSpec model) {
    List<Problem> problems = new ArrayList<>();
    List<LayerPlan> layers = new ArrayList<>();
    LayerPlan previous = null;
    boolean previousKnown = true;
    int spatialRank = 2;
    for (LayerSpec layer : model.layers()) {
      ChannelInference.Input input =
          ChannelInference.of(
              layer, previous, previousKnown, problems, TorchPlanner::outputDescription);
      if (input == null) {
        previousKnown = false;
        previous = null;
        continue;
      }
      int in = input.channels();
      String from = input.from();
      if (layer.type() != LayerType.BATCH_NORMALIZATION) {
        spatialRank = Math.max(1, LayerTypes.spatialRank(layer.type()));
      }
      LayerPlan plan = planLayer(layer, in, from, spatialRank, problems);
      if (plan != null) {
        layers.add(plan);
      }
      previous = plan;
      previousKnown = plan != null;
    }
    return problems.isEmpty()
        ? Result.of(new ModelPlan(model, layers, List.of()))
        : Result.failed(problems);
  }

  private static @Nullable LayerPlan planLayer(
      LayerSpec layer, int in, String from, int spatialRank, List<Problem> problems) {
    LayerType type = layer.type();
    String name = layer.name();
    int[] k = kernel(layer);
    boolean grouped = LayerTypes.isPlainConv(type) || LayerTypes.isTransposed(type);
    int groups = grouped ? layer.groups() : 1;
    if (groups > 1 && (in % groups != 0 || layer.filters() % groups != 0)) {
      problems.add(
          Problem.of(
              layer.element(),
              layer.mirror(),
              layer.blame("groups"),
              Message.GROUPS,
              name,
              groups,
              in,
              layer.filters()));
      return null;
    }
    List<Slot> slots = new ArrayList<>();
    int out;
    String module;
    switch (type) {
      case DENSE -> {
        out = layer.units();
        int[] shape = TorchModules.linearWeightShape(in, out);
        addKernel(slots, layer, "kernelInitializer", "kernel", name + ".weight", shape, out);
        module = "nn.Linear(" + in + ", " + out + bias(layer) + ")";
      }
      case DEPTHWISE_CONV2D -> {
        out = in * layer.depthMultiplier();
        int[] shape = TorchModules.convWeightShape(in, out, in, k);
        addKernel(slots, layer, "depthwiseInitializer", "kernel", name + ".weight", shape, out);
        module = conv("nn.Conv2d", in, out, k, in, layer.useBias());
      }
      case SEPARABLE_CONV2D -> {
        out = layer.filters();
        int middle = in * layer.depthMultiplier();
        int[] depthwise = TorchModules.convWeightShape(in, middle, in, k);
        int[] pointwise = TorchModules.convWeightShape(middle, out, 1, new int[] {1, 1});
        slots.add(
            new Slot(
                "depthwiseInitializer",
                "depthwise_kernel",
                name + ".depthwise.weight",
                depthwise,
                Made.MODULE_WEIGHT,
                depthwise));
        slots.add(
            new Slot(
                "pointwiseInitializer",
                "pointwise_kernel",
                name + ".pointwise.weight",
                pointwise,
                Made.MODULE_WEIGHT,
                pointwise));
        if (layer.useBias()) {
          slots.add(
              new Slot(
                  "biasInitializer",
                  "bias",
                  name + ".pointwise.bias",
                  new int[] {out},
                  Made.MODULE_BIAS,
                  pointwise));
        }
        module =
            "nn.Sequential(OrderedDict(depthwise="
                + conv("nn.Conv2d", in, middle, k, in, false)
                + ", pointwise=nn.Conv2d("
                + middle
                + ", "
                + out
                + ", kernel_size=1"
                + bias(layer)
                + ")))";
      }
      case BATCH_NORMALIZATION -> {
        out = in;
        int[] c = {in};
        if (layer.scale()) {
          slots.add(new Slot("gammaInitializer", "gamma", name + ".weight", c, Made.ONES, c));
        }
        if (layer.center()) {
          slots.add(new Slot("betaInitializer", "beta", name + ".bias", c, Made.ZEROS, c));
        }
        slots.add(
            new Slot(
                "movingMeanInitializer", "moving_mean", name + ".running_mean", c, Made.ZEROS, c));
        slots.add(
            new Slot(
                "movingVarianceInitializer",
                "moving_variance",
                name + ".running_var",
                c,
                Made.ONES,
                c));
        module =
            "nn.BatchNorm"
                + spatialRank
                + "d("
                + in
                + ", eps="
                + python(layer.epsilon() < 0 ? 1e-5 : layer.epsilon())
                + ", momentum="
                + python(layer.momentum() < 0 ? 0.1 : layer.momentum())
                + (layer.scale() ? "" : ", affine=False")
                + ")";
      }
      default -> {
        out = layer.filters();
        boolean transposed = LayerTypes.isTransposed(type);
        int[] shape =
            transposed
                ? TorchModules.convTransposeWeightShape(in, out, groups, k)
                : TorchModules.convWeightShape(in, out, groups, k);
        addKernel(slots, layer, "kernelInitializer", "kernel", name + ".weight", shape, out);
        module =
            conv(
                (transposed ? "nn.ConvTranspose" : "nn.Conv") + k.length + "d",
                in,
                out,
                k,
                groups,
                layer.useBias());
      }
    }
    List<WeightPlan> weights = new ArrayList<>();
    boolean failed = false;
    for (Slot slot : slots) {
      long count = 1;
      for (int d : slot.shape()) {
        count *= d;
      }
      if (count > Integer.MAX_VALUE - 8) {
        problems.add(
            Problem.of(
                layer.element(),
                layer.mirror(),
                null,
                Message.TOO_LARGE,
                name,
                slot.torchKey(),
                Arrays.toString(slot.shape()),
                count));
        failed = true;
        continue;
      }
      Optional<TorchInitializer> explicit = Optional.empty();
      String text = layer.initializer(slot.attribute());
      if (!text.isEmpty()) { // "" is the module's default, as under Keras
        try {
          explicit = Optional.of(TorchInitializers.resolve(text, slot.shape()));
        } catch (SpecException e) {
          problems.add(
              ModelValidator.initializerProblem(
                  layer, slot.attribute(), text, TorchRules.underTorch(text, e)));
          failed = true;
          continue;
        }
      }
      List<Integer> shape = new ArrayList<>();
      for (int d : slot.shape()) {
        shape.add(d);
      }
      String local = slot.torchKey().substring(name.length() + 1).replace('.', '_');
      weights.add(
          new WeightPlan(
              slot.kerasName(),
              Names.weightField(name, local),
              shape,
              slot.attribute(),
              new TorchWeightFill(slot.torchKey(), made(slot), explicit)));
    }
    return failed ? null : new LayerPlan(layer, in, from, out, weights, module);
  }

  private static void addKernel(
      List<Slot> slots,
      LayerSpec layer,
      String attribute,
      String kerasName,
      String key,
      int[] shape,
      int out) {
    slots.add(new Slot(attribute, kerasName, key, shape, Made.MODULE_WEIGHT, shape));
    if (layer.useBias()) {
      slots.add(
          new Slot(
              "biasInitializer",
              "bias",
              key.substring(0, key.length() - "weight".length()) + "bias",
              new int[] {out},
              Made.MODULE_BIAS,
              shape));
    }
  }

  private static TorchInitializer made(Slot slot) {
    return switch (slot.made()) {
      case MODULE_WEIGHT -> moduleWeight(slot.shape());
      case MODULE_BIAS -> moduleBias(slot.weightShape(), slot.shape()[0]);
      case ONES -> constant(slot.shape()[0], 1f);
      case ZEROS -> constant(slot.shape()[0], 0f);
    };
  }

  private static TorchInitializer moduleWeight(int[] shape) {
    TorchInitializer d = TorchInitializers.moduleDefaultWeight(shape);
    return new TorchInitializer(
        "module default: " + d.source(), d.shape(), d.kernel(), d.derivation());
  }

  private static TorchInitializer moduleBias(int[] weightShape, int out) {
    TorchInitializer d = TorchInitializers.moduleDefaultBias(weightShape, out);
    return new TorchInitializer(
        "module default: uniform_(-1/sqrt(fan_in), 1/sqrt(fan_in))",
        d.shape(),
        d.kernel(),
        d.derivation());
  }

  private static TorchInitializer constant(int channels, float value) {
    return new TorchInitializer(
        "module default: " + (value == 0f ? "zeros_" : "ones_"),
        List.of(channels),
        new TorchKernel.Constant(value),
        value == 0f ? "zeros" : "ones");
  }

  /** A double as Python's {@code repr} spells it: {@code 1e-05}, {@code 0.1}. */
  static String python(double d) {
    String text = Double.toString(d);
    int e = text.indexOf('E');
    if (e < 0) {
      return text;
    }
    String mantissa = text.substring(0, e);
    if (mantissa.endsWith(".0")) {
      mantissa = mantissa.substring(0, mantissa.length() - 2);
    }
    int exponent = Integer.parseInt(text.substring(e + 1));
    return mantissa
        + "e"
        + (exponent < 0 ? "-" : "+")
        + (Math.abs(exponent) < 10 ? "0" : "")
        + Math.abs(exponent);
  }

  private static String bias(LayerSpec layer) {
    return layer.useBias() ? "" : ", bias=False";
  }

  /** {@code nn.Conv2d(3, 8, kernel_size=(3, 3), groups=2, bias=False)}. */
  private static String conv(String module, int in, int out, int[] k, int groups, boolean useBias) {
    StringBuilder b =
        new StringBuilder(module)
            .append('(')
            .append(in)
            .append(", ")
            .append(out)
            .append(", kernel_size=");
    if (k.length == 1) {
      b.append(k[0]);
    } else {
      b.append('(');
      for (int i = 0; i < k.length; i++) {
        b.append(i == 0 ? "" : ", ").append(k[i]);
      }
      b.append(')');
    }
    if (groups > 1) {
      b.append(", groups=").append(groups);
    }
    if (!useBias) {
      b.append(", bias=False");
    }
    return b.append(')').toString();
  }

  private static int[] kernel(LayerSpec layer) {
    int rank = LayerTypes.spatialRank(layer.type());
    List<Integer> k = layer.kernelSize();
    int[] out = new int[rank];
    for (int i = 0; i < rank; i++) {
      out[i] = k.size() == 1 ? k.get(0) : k.get(i);
    }
    return out;
  }

  private static String outputDescription(LayerPlan p) {
    LayerSpec s = p.spec();
    return switch (s.type()) {
      case DENSE -> "the " + p.outputChannels() + " out_features of " + s.name();
      case BATCH_NORMALIZATION -> "the " + p.outputChannels() + " channels of " + s.name();
      case DEPTHWISE_CONV2D ->
          "the "
              + p.inputChannels()
              + "*"
              + s.depthMultiplier()
              + " = "
              + p.outputChannels()
              + " out_channels of "
              + s.name();
      default -> "the " + p.outputChannels() + " out_channels of " + s.name();
    };
  }
}
