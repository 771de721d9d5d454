package io.nninit.processor;

import io.nninit.annotation.Convention;
import io.nninit.annotation.LayerType;
import io.nninit.annotation.Model;
import io.nninit.runtime.spec.KerasInitializers;
import io.nninit.runtime.spec.SpecException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Modifier;

/**
 * Checks what can be checked on each declaration alone: the model's settings, each field's type and
 * modifiers, which attributes apply, sizes, and the syntax and arguments of every initializer
 * string. Shape-dependent checks (channels, groups, initializer shapes) are the planner's. Pure:
 * reads the spec, returns problems.
 */
final class ModelValidator {
  List<Problem> validate(ModelSpec model) {
    List<Problem> problems = new ArrayList<>();
    if (!model.accessProblem().isEmpty()) {
      problems.add(
          Problem.of(
              model.element(),
              null,
              null,
              Message.MODEL_ACCESS,
              model.generatedName(),
              model.displayName(),
              model.accessProblem()));
    }
    boolean torch = model.convention() == Convention.PYTORCH;
    if (torch) {
      TorchRules.validateModel(model, problems); // every long is a torch.manual_seed seed
    } else if (model.seed() != Model.NO_SEED && (model.seed() < 0 || model.seed() > 0xFFFF_FFFFL)) {
      problems.add(
          Problem.of(
              model.element(),
              model.mirror(),
              model.explicit().get("seed"),
              Message.MODEL_SEED,
              model.seed()));
    }
    if (model.layers().isEmpty()) {
      problems.add(
          Problem.of(
              model.element(), model.mirror(), null, Message.NO_LAYERS, model.displayName()));
    }
    Map<String, String> methods = new HashMap<>();
    for (LayerSpec layer : model.layers()) {
      validateLayer(model, layer, problems);
      String method = Names.initMethod(layer.name());
      String other = methods.putIfAbsent(method, layer.name());
      if (other != null) {
        problems.add(
            Problem.of(
                layer.element(), null, null, Message.NAME_CLASH, other, layer.name(), method));
      }
    }
    return problems;
  }

  private static void validateLayer(ModelSpec model, LayerSpec layer, List<Problem> problems) {
    LayerType type = layer.type();
    String expected = LayerTypes.fieldType(type);
    String qualified = LayerTypes.RUNTIME + "." + expected;
    if (!layer.fieldType().equals(qualified)) {
      problems.add(
          Problem.of(
              layer.element(),
              null,
              null,
              Message.FIELD_TYPE,
              layer.name(),
              type,
              LayerTypes.RUNTIME,
              expected,
              expected,
              layer.name()));
    }
    for (Modifier m : List.of(Modifier.PRIVATE, Modifier.FINAL, Modifier.STATIC)) {
      if (layer.modifiers().contains(m)) {
        problems.add(
            Problem.of(
                layer.element(),
                null,
                null,
                Message.FIELD_MODIFIER,
                layer.name(),
                m,
                model.generatedName(),
                m));
      }
    }
    boolean torch = model.convention() == Convention.PYTORCH;
    for (String attribute : LayerTypes.OPTION_ATTRIBUTES) {
      notApplicable(layer, attribute, torch, problems);
    }
    for (String attribute : LayerTypes.INITIALIZER_ATTRIBUTES) {
      notApplicable(layer, attribute, torch, problems);
    }
    switch (type) {
      case DENSE ->
          requirePositive(layer, "units", layer.units(), "units (the output features)", problems);
      case DEPTHWISE_CONV2D -> {
        requirePositive(
            layer, "depthMultiplier", layer.depthMultiplier(), "depthMultiplier", problems);
        kernelSize(layer, problems);
      }
      case BATCH_NORMALIZATION -> batchNorm(layer, torch, problems);
      default -> {
        requirePositive(
            layer, "filters", layer.filters(), "filters (the output channels)", problems);
        kernelSize(layer, problems);
        if (type == LayerType.SEPARABLE_CONV2D) {
          requirePositive(
              layer, "depthMultiplier", layer.depthMultiplier(), "depthMultiplier", problems);
        }
        if (LayerTypes.isPlainConv(type)) {
          requirePositive(layer, "groups", layer.groups(), "groups", problems);
        }
      }
    }
    if (layer.inputChannels() < 0) {
      problems.add(
          Problem.of(
              layer.element(),
              layer.mirror(),
              layer.blame("inputChannels"),
              Message.INPUT_CHANNELS_NEGATIVE,
              layer.name(),
              layer.inputChannels()));
    }
    if (torch) {
      // PyTorch initializers depend on the weight's shape: TorchPlanner resolves and checks them.
      TorchRules.validateLayer(layer, problems);
      return;
    }
    for (String attribute : LayerTypes.INITIALIZER_ATTRIBUTES) {
      String text = layer.initializer(attribute);
      if (LayerTypes.applies(type, attribute) && layer.isExplicit(attribute)) {
        try {
          KerasInitializers.resolve(text);
        } catch (SpecException e) {
          problems.add(initializerProblem(layer, attribute, text, TorchRules.underKeras(text, e)));
        }
      }
    }
  }

  static Problem initializerProblem(
      LayerSpec layer, String attribute, String text, SpecException e) {
    String where =
        e.offset() >= 0 && e.offset() <= text.length() && !text.isEmpty()
            ? " (at column " + (e.offset() + 1) + ")"
            : "";
    return Problem.of(
        layer.element(),
        layer.mirror(),
        layer.blame(attribute),
        Message.INITIALIZER,
        e.code(),
        layer.name(),
        attribute,
        text,
        e.detail() + where);
  }

  private static void notApplicable(
      LayerSpec layer, String attribute, boolean torch, List<Problem> problems) {
    boolean applies =
        torch
            ? TorchRules.applies(layer.type(), attribute)
            : LayerTypes.applies(layer.type(), attribute);
    if (layer.isExplicit(attribute) && !applies) {
      problems.add(
          Problem.of(
              layer.element(),
              layer.mirror(),
              layer.blame(attribute),
              Message.NOT_APPLICABLE,
              layer.name(),
              attribute,
              layer.type(),
              LayerTypes.insteadOf(layer.type(), attribute)));
    }
  }

  private static void requirePositive(
      LayerSpec layer, String attribute, int value, String what, List<Problem> problems) {
    if (value > 0) {
      return;
    }
    if (!layer.isExplicit(attribute)) {
      problems.add(
          Problem.of(
              layer.element(),
              layer.mirror(),
              null,
              Message.MISSING_SIZE,
              layer.name(),
              layer.type(),
              what,
              attribute));
    } else {
      problems.add(
          Problem.of(
              layer.element(),
              layer.mirror(),
              layer.blame(attribute),
              Message.NOT_POSITIVE,
              layer.name(),
              attribute,
              value));
    }
  }

  private static void kernelSize(LayerSpec layer, List<Problem> problems) {
    int rank = LayerTypes.spatialRank(layer.type());
    List<Integer> k = layer.kernelSize();
    if (k.isEmpty()) {
      problems.add(
          Problem.of(
              layer.element(),
              layer.mirror(),
              null,
              Message.MISSING_SIZE,
              layer.name(),
              layer.type(),
              "kernelSize (1 or " + rank + " values)",
              "kernelSize"));
      return;
    }
    if (k.size() != 1 && k.size() != rank) {
      problems.add(
          Problem.of(
              layer.element(),
              layer.mirror(),
              layer.blame("kernelSize"),
              Message.KERNEL_SIZE_RANK,
              layer.name(),
              k.size(),
              layer.type(),
              rank));
      return;
    }
    for (int size : k) {
      if (size <= 0) {
        problems.add(
            Problem.of(
                layer.element(),
                layer.mirror(),
                layer.blame("kernelSize"),
                Message.NOT_POSITIVE,
                layer.name(),
                "every kernelSize value",
                size));
        return;
      }
    }
  }

  /** Epsilon and momentum, worded in the convention's terms (its own defaults and meaning). */
  private static void batchNorm(LayerSpec layer, boolean torch, List<Problem> problems) {
    double eps = layer.epsilon();
    if (layer.isExplicit("epsilon")
        && (eps == 0.0 || Double.isNaN(eps) || Double.isInfinite(eps))) {
      problems.add(
          Problem.of(
              layer.element(),
              layer.mirror(),
              layer.blame("epsilon"),
              torch ? Message.TORCH_EPSILON : Message.EPSILON,
              layer.name(),
              eps));
    }
    double m = layer.momentum();
    if (layer.isExplicit("momentum") && (m > 1.0 || Double.isNaN(m))) {
      problems.add(
          Problem.of(
              layer.element(),
              layer.mirror(),
              layer.blame("momentum"),
              torch ? Message.TORCH_MOMENTUM : Message.MOMENTUM,
              layer.name(),
              m));
    }
  }
}
