package io.nninit.processor;

import io.nninit.annotation.Convention;
import io.nninit.annotation.LayerType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.AnnotationValue;
import org.jspecify.annotations.Nullable;

/**
 * Reads every layer's geometry and, when the model declares {@code @Model(inputShape = ...)},
 * propagates the shape of one sample through the layers with the convention's arithmetic. Keras
 * ({@code keras.src.ops.operation_utils}): {@code valid} gives {@code floor((n - k') / s) + 1},
 * {@code same} and {@code causal} {@code ceil(n / s)}, where {@code k' = (k - 1) * d + 1}; a
 * transposed convolution gives {@code n * s + max(k' - s, 0)} ({@code valid}) or {@code n * s}
 * ({@code same}) without output padding, and {@code (n - 1) * s + k' - 2 * pad + op} with it
 * ({@code pad} 0 or {@code k' / 2}). PyTorch ({@code nn.Conv*d} docs): {@code floor((n + 2p - d(k -
 * 1) - 1) / s) + 1}, and {@code (n - 1)s - 2p + d(k - 1) + op + 1} transposed. The first layer's
 * input channels come from the shape; a layer that does not fit its input is an error naming both
 * shapes. Pure: reads the spec, returns a result.
 */
final class ShapeInference {
  /**
   * The outcome.
   *
   * @param spec the model, with the input channels the shapes decide filled in (the first layer,
   *     and under PyTorch a DENSE layer that flattens its input)
   * @param geometries each layer's geometry, in layer order (empty on problems)
   * @param shapes each layer's input and output shape, in layer order; empty without inputShape
   */
  record Result(
      ModelSpec spec,
      List<LayerGeometry> geometries,
      List<LayerShape> shapes,
      List<Problem> problems) {
    Result {
      geometries = List.copyOf(geometries);
      shapes = List.copyOf(shapes);
      problems = List.copyOf(problems);
    }
  }

  /**
   * One layer's shapes, without the batch axis, in the convention's layout.
   *
   * @param from where the input comes from: {@code the model's inputShape} or {@code the output of
   *     conv1}
   */
  record LayerShape(List<Integer> input, List<Integer> output, String from) {
    LayerShape {
      input = List.copyOf(input);
      output = List.copyOf(output);
    }
  }

  /**
   * Reads the geometry of every layer and propagates the input shape, if declared.
   *
   * @throws MissingTypeException if an attribute javac could not evaluate (an unresolved constant)
   *     is in the way; javac reports it, and the model is retried next round
   */
  Result infer(ModelSpec model) throws MissingTypeException {
    try {
      return inferResolved(model);
    } catch (ClassCastException | NullPointerException e) {
      throw new MissingTypeException(model.displayName() + ": unresolved annotation value");
    }
  }

  /**
   * Only the geometry checks, for a model the validator rejected, so that every problem of a model
   * is reported at once.
   */
  List<Problem> geometryProblems(ModelSpec model) throws MissingTypeException {
    List<Problem> problems = new ArrayList<>();
    try {
      for (LayerSpec layer : model.layers()) {
        LayerGeometry.read(layer, model.convention(), problems);
      }
    } catch (ClassCastException | NullPointerException e) {
      throw new MissingTypeException(model.displayName() + ": unresolved annotation value");
    }
    return problems;
  }

  private Result inferResolved(ModelSpec model) {
    List<Problem> problems = new ArrayList<>();
    List<LayerGeometry> geometries = new ArrayList<>();
    for (LayerSpec layer : model.layers()) {
      LayerGeometry.read(layer, model.convention(), problems).ifPresent(geometries::add);
    }
    AnnotationValue declared = model.explicit().get("inputShape");
    List<Integer> input = ints(declared);
    if (!problems.isEmpty() || input.isEmpty()) {
      return new Result(model, problems.isEmpty() ? geometries : List.of(), List.of(), problems);
    }
    for (int d : input) {
      if (d <= 0) {
        problems.add(
            Problem.of(
                model.element(), model.mirror(), declared, Message.INPUT_SHAPE, text(input)));
        return new Result(model, List.of(), List.of(), problems);
      }
    }
    boolean torch = model.convention() == Convention.PYTORCH;
    List<LayerShape> shapes = new ArrayList<>();
    List<LayerSpec> layers = new ArrayList<>();
    List<Integer> shape = input;
    String from = "the model's inputShape";
    for (int i = 0; i < model.layers().size(); i++) {
      LayerSpec layer = model.layers().get(i);
      LayerGeometry g = geometries.get(i);
      Optional<List<Integer>> out = propagate(layer, g, shape, from, torch, i == 0, problems);
      if (out.isEmpty()) {
        return new Result(model, List.of(), List.of(), problems);
      }
      int in = channels(layer.type(), shape, torch);
      boolean fill = i == 0 || (torch && layer.type() == LayerType.DENSE && shape.size() > 1);
      if (layer.inputChannels() > 0 && layer.inputChannels() != in) {
        problems.add(
            Problem.of(
                layer.element(),
                layer.mirror(),
                layer.blame("inputChannels"),
                Message.SHAPE_CHANNELS,
                layer.name(),
                layer.inputChannels(),
                text(shape),
                from,
                in,
                channelWord(layer.type(), shape, torch),
                in));
        return new Result(model, List.of(), List.of(), problems);
      }
      layers.add(fill && layer.inputChannels() == 0 ? withInputChannels(layer, in) : layer);
      shapes.add(new LayerShape(shape, out.get(), from));
      shape = out.get();
      from = "the output of " + layer.name();
    }
    ModelSpec filled =
        new ModelSpec(
            model.packageName(),
            model.simpleNames(),
            model.isPublic(),
            model.accessProblem(),
            model.seed(),
            model.convention(),
            model.flavor(),
            layers,
            model.element(),
            model.mirror(),
            model.explicit());
    return new Result(filled, geometries, shapes, problems);
  }

  /** The input channels (input features for DENSE) a layer sees in {@code shape}. */
  private static int channels(LayerType type, List<Integer> shape, boolean torch) {
    if (type == LayerType.DENSE) {
      if (torch) {
        long n = 1;
        for (int d : shape) {
          n *= d;
        }
        return (int) Math.min(n, Integer.MAX_VALUE);
      }
      return shape.get(shape.size() - 1);
    }
    return torch ? shape.get(0) : shape.get(shape.size() - 1);
  }

  private static String channelWord(LayerType type, List<Integer> shape, boolean torch) {
    if (type == LayerType.DENSE) {
      return torch && shape.size() > 1
          ? "input features once flattened (nn.Flatten)"
          : "input features on its last axis";
    }
    return "channels on its " + (torch ? "first" : "last") + " axis";
  }

  private static Optional<List<Integer>> propagate(
      LayerSpec layer,
      LayerGeometry g,
      List<Integer> shape,
      String from,
      boolean torch,
      boolean first,
      List<Problem> problems) {
    LayerType type = layer.type();
    int rank = LayerTypes.spatialRank(type);
    if (type == LayerType.DENSE) {
      if (torch) {
        return Optional.of(List.of(layer.units()));
      }
      List<Integer> out = new ArrayList<>(shape);
      out.set(out.size() - 1, layer.units());
      return Optional.of(out);
    }
    if (type == LayerType.BATCH_NORMALIZATION) {
      return Optional.of(shape);
    }
    if (shape.size() != rank + 1) {
      problems.add(
          Problem.of(
              layer.element(),
              layer.mirror(),
              null,
              Message.SHAPE_RANK,
              layer.name(),
              type,
              rank + 1,
              layout(rank, torch),
              from,
              text(shape),
              first
                  ? "write inputShape with " + (rank + 1) + " values"
                  : "a DENSE layer "
                      + (torch ? "flattens" : "keeps the spatial axes")
                      + "; put"
                      + " the convolutions before it"));
      return Optional.empty();
    }
    int in = channels(type, shape, torch);
    int outChannels =
        switch (type) {
          case DEPTHWISE_CONV2D -> in * layer.depthMultiplier();
          default -> layer.filters();
        };
    List<Integer> spatial = new ArrayList<>();
    int offset = torch ? 1 : 0;
    boolean transposed = LayerTypes.isTransposed(type);
    for (int axis = 0; axis < rank; axis++) {
      long n = shape.get(offset + axis);
      long k = g.kernel().get(axis);
      long s = g.strides().get(axis);
      long d = g.dilation().get(axis);
      long keff = (k - 1) * d + 1;
      long size;
      if (torch) {
        long p = g.padding().equals("explicit") ? g.paddingSize().get(axis) : 0;
        long op = g.outputPadding().isEmpty() ? 0 : g.outputPadding().get(axis);
        if (transposed) {
          size = (n - 1) * s - 2 * p + d * (k - 1) + op + 1;
        } else if (g.padding().equals("same")) {
          size = n;
        } else {
          size = Math.floorDiv(n + 2 * p - d * (k - 1) - 1, s) + 1;
        }
      } else if (transposed) {
        if (g.outputPadding().isEmpty()) {
          size = g.padding().equals("same") ? n * s : n * s + Math.max(keff - s, 0);
        } else {
          long pad = g.padding().equals("same") ? keff / 2 : 0;
          size = (n - 1) * s + keff - 2 * pad + g.outputPadding().get(axis);
        }
      } else if (g.padding().equals("valid")) {
        if (keff > n) {
          problems.add(
              Problem.of(
                  layer.element(),
                  layer.mirror(),
                  layer.blame("kernelSize"),
                  Message.SHAPE_KERNEL,
                  layer.name(),
                  text(g.kernel()),
                  text(dilated(g)),
                  text(shape),
                  from,
                  axis));
          return Optional.empty();
        }
        size = (n - keff) / s + 1;
      } else {
        size = (n + s - 1) / s; // same, causal
      }
      if (size <= 0 || size > Integer.MAX_VALUE) {
        problems.add(
            Problem.of(
                layer.element(),
                layer.mirror(),
                null,
                Message.SHAPE_SIZE,
                layer.name(),
                axis,
                size,
                text(shape),
                from,
                text(g.kernel()),
                text(g.strides()),
                text(g.dilation()),
                g.padding().equals("explicit") ? text(g.paddingSize()) : "'" + g.padding() + "'"));
        return Optional.empty();
      }
      spatial.add((int) size);
    }
    List<Integer> out = new ArrayList<>();
    if (torch) {
      out.add(outChannels);
    }
    out.addAll(spatial);
    if (!torch) {
      out.add(outChannels);
    }
    return Optional.of(out);
  }

  private static List<Integer> dilated(LayerGeometry g) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < g.kernel().size(); i++) {
      out.add((g.kernel().get(i) - 1) * g.dilation().get(i) + 1);
    }
    return out;
  }

  private static String layout(int rank, boolean torch) {
    String axes = rank == 1 ? "L" : rank == 2 ? "H, W" : "D, H, W";
    return torch ? "(C, " + axes + ")" : "(" + axes + ", C)";
  }

  private static List<Integer> ints(@Nullable AnnotationValue value) {
    List<Integer> out = new ArrayList<>();
    if (value != null && value.getValue() instanceof List<?> list) {
      for (Object o : list) {
        out.add((Integer) ((AnnotationValue) o).getValue());
      }
    }
    return out;
  }

  /** {@code (28, 28, 1)}, {@code (10,)}: Python's tuple notation. */
  static String text(List<Integer> shape) {
    StringBuilder b = new StringBuilder("(");
    for (int i = 0; i < shape.size(); i++) {
      b.append(i == 0 ? "" : ", ").append(shape.get(i));
    }
    return b.append(shape.size() == 1 ? ",)" : ")").toString();
  }

  private static LayerSpec withInputChannels(LayerSpec l, int in) {
    return new LayerSpec(
        l.name(),
        l.type(),
        l.units(),
        l.filters(),
        l.kernelSize(),
        in,
        l.groups(),
        l.depthMultiplier(),
        l.useBias(),
        l.center(),
        l.scale(),
        l.epsilon(),
        l.momentum(),
        l.initializers(),
        l.fieldType(),
        l.modifiers(),
        l.element(),
        l.mirror(),
        l.explicit());
  }
}
