package io.nninit.runtime;

import java.util.List;

/** The weights of one layer, in the order Keras lists them in {@code layer.weights}. */
public abstract sealed class LayerWeights
    permits KernelWeights, SeparableConvWeights, BatchNormWeights {
  private final String layerName;
  private final List<Parameter> parameters;

  LayerWeights(String layerName, List<Parameter> parameters) {
    this.layerName = layerName;
    this.parameters = List.copyOf(parameters);
  }

  /** The layer's name: the annotated field's name. */
  public final String layerName() {
    return layerName;
  }

  /** Every weight of the layer, in Keras' order. */
  public final List<Parameter> parameters() {
    return parameters;
  }

  /** Total number of weights, as in {@code model.summary()}. */
  public final long parameterCount() {
    long n = 0;
    for (Parameter p : parameters) {
      n += p.size();
    }
    return n;
  }

  static IllegalStateException absent(String layerName, String weight, String because) {
    return new IllegalStateException(
        "layer " + layerName + " has no " + weight + " (" + because + ")");
  }

  @Override
  public String toString() {
    return layerName + parameters;
  }
}
