package io.nninit.processor;

import io.nninit.annotation.Convention;
import io.nninit.annotation.LayerType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.AnnotationValue;

/**
 * A layer's shape-only attributes (strides, dilation, padding, output padding) and its activation,
 * read from the attributes written in its {@code @Layer} and expanded to one value per spatial
 * axis. None of them changes a weight; they decide output shapes and the signal lint.
 *
 * @param padding {@code valid}, {@code same} or {@code causal}; {@code explicit} when {@link
 *     #paddingSize()} gives PyTorch's zero padding
 * @param outputPadding empty when not written (Keras then infers the length)
 */
record LayerGeometry(
    List<Integer> kernel,
    List<Integer> strides,
    List<Integer> dilation,
    String padding,
    List<Integer> paddingSize,
    List<Integer> outputPadding,
    Activation activation) {
  /** The attributes this record reads, in {@code @Layer} order. */
  static final List<String> ATTRIBUTES =
      List.of("strides", "dilationRate", "padding", "paddingSize", "outputPadding", "activation");

  LayerGeometry {
    kernel = List.copyOf(kernel);
    strides = List.copyOf(strides);
    dilation = List.copyOf(dilation);
    paddingSize = List.copyOf(paddingSize);
    outputPadding = List.copyOf(outputPadding);
  }

  /** The product of the strides (1 for DENSE). */
  long strideProduct() {
    long p = 1;
    for (int s : strides) {
      p *= s;
    }
    return p;
  }

  /**
   * Reads and checks {@code layer}'s geometry; adds a problem for every wrong value and returns
   * empty when there was one.
   */
  static Optional<LayerGeometry> read(
      LayerSpec layer, Convention convention, List<Problem> problems) {
    int before = problems.size();
    LayerType type = layer.type();
    int rank = LayerTypes.spatialRank(type);
    boolean torch = convention == Convention.PYTORCH;
    for (String attribute : ATTRIBUTES) {
      if (layer.isExplicit(attribute) && !applies(type, attribute, torch)) {
        problems.add(
            Problem.of(
                layer.element(),
                layer.mirror(),
                layer.blame(attribute),
                Message.NOT_APPLICABLE,
                layer.name(),
                attribute,
                type,
                insteadOf(type, attribute, torch)));
      }
    }
    List<Integer> kernel = expand(layer.kernelSize(), rank, 1);
    List<Integer> strides = axes(layer, "strides", rank, 1, 1, problems);
    List<Integer> dilation = axes(layer, "dilationRate", rank, 1, 1, problems);
    List<Integer> paddingSize = axes(layer, "paddingSize", rank, 0, 0, problems);
    List<Integer> outputPadding =
        layer.isExplicit("outputPadding") && LayerTypes.isTransposed(type)
            ? axes(layer, "outputPadding", rank, 0, 0, problems)
            : List.of();
    String padding = text(layer, "padding");
    if (padding.isEmpty()) {
      padding = layer.isExplicit("paddingSize") ? "explicit" : "valid";
    } else if (layer.isExplicit("paddingSize")) {
      problems.add(
          Problem.of(
              layer.element(),
              layer.mirror(),
              layer.blame("paddingSize"),
              Message.PADDING_BOTH,
              layer.name(),
              padding));
    } else if (!paddingAllowed(type, padding, torch)) {
      problems.add(
          Problem.of(
              layer.element(),
              layer.mirror(),
              layer.blame("padding"),
              Message.PADDING,
              layer.name(),
              padding,
              type,
              torch ? "PyTorch" : "Keras",
              paddingChoices(type, torch)));
    }
    if (torch && padding.equals("same") && !LayerTypes.isTransposed(type)) {
      for (int s : strides) {
        if (s != 1) {
          problems.add(
              Problem.of(
                  layer.element(),
                  layer.mirror(),
                  layer.blame("padding"),
                  Message.PADDING_SAME_STRIDED,
                  layer.name(),
                  strides));
          break;
        }
      }
    }
    for (int i = 0; i < outputPadding.size() && i < strides.size(); i++) {
      int limit = torch ? Math.max(strides.get(i), dilation.get(i)) : strides.get(i);
      if (outputPadding.get(i) >= limit) {
        problems.add(
            Problem.of(
                layer.element(),
                layer.mirror(),
                layer.blame("outputPadding"),
                Message.OUTPUT_PADDING,
                layer.name(),
                outputPadding.get(i),
                i,
                torch ? "the stride or the dilation" : "the stride",
                limit));
        break;
      }
    }
    String name = text(layer, "activation");
    Optional<Activation> activation = Activation.parse(name);
    if (activation.isEmpty()) {
      problems.add(
          Problem.of(
              layer.element(),
              layer.mirror(),
              layer.blame("activation"),
              Message.ACTIVATION,
              layer.name(),
              name,
              Activation.closest(name),
              Activation.keywords()));
    }
    if (problems.size() > before) {
      return Optional.empty();
    }
    return Optional.of(
        new LayerGeometry(
            kernel, strides, dilation, padding, paddingSize, outputPadding, activation.get()));
  }

  private static boolean applies(LayerType type, String attribute, boolean torch) {
    int rank = LayerTypes.spatialRank(type);
    return switch (attribute) {
      case "strides", "dilationRate", "padding" -> rank > 0;
      case "paddingSize" -> rank > 0 && torch;
      case "outputPadding" -> LayerTypes.isTransposed(type);
      case "activation" -> type != LayerType.BATCH_NORMALIZATION;
      default -> false;
    };
  }

  private static String insteadOf(LayerType type, String attribute, boolean torch) {
    if (attribute.equals("paddingSize") && !torch && LayerTypes.spatialRank(type) > 0) {
      return "; Keras pads by mode: write padding = \"same\" or \"valid\"";
    }
    if (attribute.equals("activation")) {
      return "; batch normalization has no activation, declare it on the layer before";
    }
    return "";
  }

  private static boolean paddingAllowed(LayerType type, String padding, boolean torch) {
    return switch (padding) {
      case "valid" -> !torch || !LayerTypes.isTransposed(type); // ConvTranspose takes no string
      case "same" -> !torch || !LayerTypes.isTransposed(type);
      case "causal" -> !torch && type == LayerType.CONV1D;
      default -> false;
    };
  }

  private static String paddingChoices(LayerType type, boolean torch) {
    if (torch) {
      return LayerTypes.isTransposed(type)
          ? "paddingSize = {...} instead (nn.ConvTranspose takes integer padding only)"
          : "\"valid\" or \"same\", or paddingSize = {...} for PyTorch's integer padding";
    }
    return type == LayerType.CONV1D ? "\"valid\", \"same\" or \"causal\"" : "\"valid\" or \"same\"";
  }

  private static String text(LayerSpec layer, String attribute) {
    AnnotationValue v = layer.blame(attribute);
    return v == null ? "" : String.valueOf(v.getValue());
  }

  /** The values of an int[] attribute, expanded to {@code rank}, checked against {@code min}. */
  private static List<Integer> axes(
      LayerSpec layer, String attribute, int rank, int min, int absent, List<Problem> problems) {
    AnnotationValue v = layer.blame(attribute);
    List<Integer> values = new ArrayList<>();
    if (v != null && v.getValue() instanceof List<?> list) {
      for (Object o : list) {
        values.add((Integer) ((AnnotationValue) o).getValue());
      }
    }
    if (values.isEmpty() || rank == 0) {
      return expand(List.of(), rank, absent);
    }
    if (values.size() != 1 && values.size() != rank) {
      problems.add(
          Problem.of(
              layer.element(),
              layer.mirror(),
              v,
              Message.AXES_RANK,
              layer.name(),
              attribute,
              values.size(),
              layer.type(),
              rank));
      return expand(List.of(), rank, absent);
    }
    for (int value : values) {
      if (value < min) {
        problems.add(
            Problem.of(
                layer.element(),
                layer.mirror(),
                v,
                Message.AXES_VALUE,
                layer.name(),
                attribute,
                min == 0 ? ">= 0" : "> 0",
                value,
                min));
        return expand(List.of(), rank, absent);
      }
    }
    return expand(values, rank, absent);
  }

  /**
   * One value per axis: {@code values} when it has {@code rank} values, its single value repeated,
   * or {@code absent} repeated when it has neither (a size the validator reports).
   */
  private static List<Integer> expand(List<Integer> values, int rank, int absent) {
    if (values.size() != 1 && values.size() != rank) {
      values = List.of();
    }
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < rank; i++) {
      out.add(values.isEmpty() ? absent : values.size() == 1 ? values.get(0) : values.get(i));
    }
    return out;
  }
}
