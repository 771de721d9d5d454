package io.nninit.processor;

import io.nninit.annotation.LayerType;
import io.nninit.runtime.spec.KerasInitializers;
import io.nninit.runtime.spec.SpecException;
import io.nninit.runtime.spec.TorchInitializers;
import java.util.List;

/**
 * What differs between the conventions when a declaration is checked on its own: which attributes
 * mean something under PyTorch ({@code groups} also on transposed convolutions, {@code center} and
 * {@code scale} only together as {@code affine}, no {@code flavor}), PyTorch's batch-norm defaults
 * in messages, and the hint that an initializer name belongs to the other convention. Pure.
 */
final class TorchRules {
  private TorchRules() {}

  /** Any shape works for telling a name apart: shape errors are not "unknown initializer". */
  private static final int[] PROBE_SHAPE = {4, 4, 3, 3};

  /** Model-level checks under the PyTorch convention. */
  static void validateModel(ModelSpec model, List<Problem> problems) {
    if (model.explicit().containsKey("flavor")) {
      problems.add(
          Problem.of(
              model.element(),
              model.mirror(),
              model.explicit().get("flavor"),
              Message.TORCH_FLAVOR));
    }
  }

  /** Whether {@code attribute} means something for {@code type} under PyTorch. */
  static boolean applies(LayerType type, String attribute) {
    if (attribute.equals("groups") && LayerTypes.isTransposed(type)) {
      return true; // nn.ConvTransposeNd(..., groups=g)
    }
    return LayerTypes.applies(type, attribute);
  }

  /** Layer checks under PyTorch that the Keras path does not make, or makes with Keras' words. */
  static void validateLayer(LayerSpec layer, List<Problem> problems) {
    if (LayerTypes.isTransposed(layer.type()) && layer.groups() <= 0) {
      problems.add(
          Problem.of(
              layer.element(),
              layer.mirror(),
              layer.blame("groups"),
              Message.NOT_POSITIVE,
              layer.name(),
              "groups",
              layer.groups()));
    }
    if (!layer.useBias()) {
      noTensor(layer, "biasInitializer", "useBias = false", "bias", problems);
    }
    if (layer.type() != LayerType.BATCH_NORMALIZATION) {
      return;
    }
    if (!layer.scale()) {
      noTensor(layer, "gammaInitializer", "scale = false", "weight", problems);
    }
    if (!layer.center()) {
      noTensor(layer, "betaInitializer", "center = false", "bias", problems);
    }
    if (layer.center() != layer.scale()) {
      String attribute = layer.center() ? "scale" : "center";
      problems.add(
          Problem.of(
              layer.element(),
              layer.mirror(),
              layer.blame(attribute),
              Message.TORCH_AFFINE,
              layer.name(),
              attribute,
              false));
    }
  }

  private static void noTensor(
      LayerSpec layer, String attribute, String because, String tensor, List<Problem> problems) {
    if (!layer.initializer(attribute).isEmpty() && LayerTypes.applies(layer.type(), attribute)) {
      problems.add(
          Problem.of(
              layer.element(),
              layer.mirror(),
              layer.blame(attribute),
              Message.TORCH_NO_TENSOR,
              layer.name(),
              attribute,
              because,
              tensor));
    }
  }

  /**
   * {@code e} for a string that failed under PyTorch, with a hint when the name is a Keras
   * initializer.
   */
  static SpecException underTorch(String text, SpecException e) {
    if (!e.code().equals(SpecException.UNKNOWN_INITIALIZER)
        || e.detail().contains("under the PyTorch convention write")
        || !isKerasName(text)) {
      return e; // not a Keras name, or the resolution already says what to write
    }
    return new SpecException(
        e.code(),
        e.detail()
            + "; '"
            + text.strip()
            + "' is a Keras initializer, but this model declares convention ="
            + " Convention.PYTORCH: write a torch.nn.init function (e.g. kaiming_uniform_,"
            + " xavier_normal_, normal_(0, 0.02)) or leave the attribute out for the module's"
            + " default",
        e.offset());
  }

  /**
   * {@code e} for a string that failed under Keras, with a hint when the name is a PyTorch
   * initializer.
   */
  static SpecException underKeras(String text, SpecException e) {
    if (!e.code().equals(SpecException.UNKNOWN_INITIALIZER) || !isTorchName(text)) {
      return e;
    }
    return new SpecException(
        e.code(),
        e.detail()
            + "; '"
            + text.strip()
            + "' is a PyTorch initializer, but this model follows Keras: write a Keras name"
            + " (e.g. he_normal, glorot_uniform) or declare @Model(convention ="
            + " Convention.PYTORCH)",
        e.offset());
  }

  private static boolean isKerasName(String text) {
    try {
      KerasInitializers.resolve(text);
      return true;
    } catch (SpecException e) {
      return !e.code().equals(SpecException.UNKNOWN_INITIALIZER)
          && !e.code().startsWith("nn.spec.");
    }
  }

  private static boolean isTorchName(String text) {
    try {
      TorchInitializers.resolve(text, PROBE_SHAPE);
      return true;
    } catch (SpecException e) {
      return !e.code().equals(SpecException.UNKNOWN_INITIALIZER)
          && !e.code().startsWith("nn.spec.");
    }
  }
}
