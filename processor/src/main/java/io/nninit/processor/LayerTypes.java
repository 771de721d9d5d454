package io.nninit.processor;

import io.nninit.annotation.LayerType;
import java.util.List;
import java.util.Set;

/** Facts about each {@link LayerType}: field type, spatial rank, which attributes apply. */
final class LayerTypes {
  private LayerTypes() {}

  /** Every initializer attribute of {@code @Layer}. */
  static final List<String> INITIALIZER_ATTRIBUTES =
      List.of(
          "kernelInitializer",
          "biasInitializer",
          "depthwiseInitializer",
          "pointwiseInitializer",
          "gammaInitializer",
          "betaInitializer",
          "movingMeanInitializer",
          "movingVarianceInitializer");

  /** Every sizing or option attribute of {@code @Layer} (besides {@code type}). */
  static final List<String> OPTION_ATTRIBUTES =
      List.of(
          "units",
          "filters",
          "kernelSize",
          "inputChannels",
          "groups",
          "depthMultiplier",
          "useBias",
          "center",
          "scale",
          "epsilon",
          "momentum");

  static final String RUNTIME = "io.nninit.runtime";

  /** The simple name of the weights class a field of this type must have. */
  static String fieldType(LayerType type) {
    return switch (type) {
      case DENSE -> "DenseWeights";
      case SEPARABLE_CONV2D -> "SeparableConvWeights";
      case BATCH_NORMALIZATION -> "BatchNormWeights";
      default -> "ConvWeights";
    };
  }

  /** Number of spatial axes of the kernel; 0 for DENSE and BATCH_NORMALIZATION. */
  static int spatialRank(LayerType type) {
    return switch (type) {
      case CONV1D, CONV1D_TRANSPOSE -> 1;
      case CONV2D, CONV2D_TRANSPOSE, DEPTHWISE_CONV2D, SEPARABLE_CONV2D -> 2;
      case CONV3D, CONV3D_TRANSPOSE -> 3;
      case DENSE, BATCH_NORMALIZATION -> 0;
    };
  }

  static boolean isTransposed(LayerType type) {
    return type == LayerType.CONV1D_TRANSPOSE
        || type == LayerType.CONV2D_TRANSPOSE
        || type == LayerType.CONV3D_TRANSPOSE;
  }

  static boolean isPlainConv(LayerType type) {
    return type == LayerType.CONV1D || type == LayerType.CONV2D || type == LayerType.CONV3D;
  }

  /** Whether {@code attribute} means something for {@code type}. */
  static boolean applies(LayerType type, String attribute) {
    boolean bn = type == LayerType.BATCH_NORMALIZATION;
    boolean depthwise = type == LayerType.DEPTHWISE_CONV2D || type == LayerType.SEPARABLE_CONV2D;
    return switch (attribute) {
      case "units" -> type == LayerType.DENSE;
      case "filters" ->
          isPlainConv(type) || isTransposed(type) || type == LayerType.SEPARABLE_CONV2D;
      case "kernelSize" -> spatialRank(type) > 0;
      case "inputChannels" -> true;
      case "groups" -> isPlainConv(type);
      case "depthMultiplier", "depthwiseInitializer" -> depthwise;
      case "useBias", "biasInitializer" -> !bn;
      case "center",
          "scale",
          "epsilon",
          "momentum",
          "gammaInitializer",
          "betaInitializer",
          "movingMeanInitializer",
          "movingVarianceInitializer" ->
          bn;
      case "kernelInitializer" ->
          type == LayerType.DENSE || isPlainConv(type) || isTransposed(type);
      case "pointwiseInitializer" -> type == LayerType.SEPARABLE_CONV2D;
      default -> false;
    };
  }

  /** What to write instead of an attribute that does not apply, or "". */
  static String insteadOf(LayerType type, String attribute) {
    if (attribute.equals("kernelInitializer")
        && (type == LayerType.DEPTHWISE_CONV2D || type == LayerType.SEPARABLE_CONV2D)) {
      return "; write depthwiseInitializer"
          + (type == LayerType.SEPARABLE_CONV2D ? " (and pointwiseInitializer)" : "")
          + " instead";
    }
    if (attribute.equals("filters") && type == LayerType.DEPTHWISE_CONV2D) {
      return "; a depthwise convolution has inputChannels * depthMultiplier outputs, set"
          + " depthMultiplier instead";
    }
    if (attribute.equals("units") && type != LayerType.DENSE && spatialRank(type) > 0) {
      return "; write filters instead";
    }
    if (attribute.equals("filters") && type == LayerType.DENSE) {
      return "; write units instead";
    }
    if (attribute.equals("groups") && isTransposed(type)) {
      return "; Keras' transposed convolutions have no groups";
    }
    return "";
  }

  /** Attributes whose value is a size that must be positive when it applies. */
  static final Set<String> POSITIVE = Set.of("units", "filters", "groups", "depthMultiplier");
}
