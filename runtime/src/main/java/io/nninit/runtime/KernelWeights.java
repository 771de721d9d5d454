package io.nninit.runtime;

import java.util.List;

/**
 * Weights made of one kernel and an optional bias: {@link DenseWeights} and {@link ConvWeights}.
 */
public abstract sealed class KernelWeights extends LayerWeights permits DenseWeights, ConvWeights {
  private final Parameter kernel;
  private final Parameter bias;

  KernelWeights(String layerName, Parameter kernel, Parameter bias) {
    super(layerName, List.of(kernel, bias));
    this.kernel = kernel;
    this.bias = bias;
  }

  KernelWeights(String layerName, Parameter kernel) {
    super(layerName, List.of(kernel));
    this.kernel = kernel;
    this.bias = kernel;
  }

  /** The kernel's values. */
  public final float[] kernel() {
    return kernel.data();
  }

  /** The kernel with its shape. */
  public final Parameter kernelParameter() {
    return kernel;
  }

  /** Whether the layer has a bias. */
  public final boolean hasBias() {
    return bias != kernel;
  }

  /**
   * The bias values.
   *
   * @throws IllegalStateException if the layer was declared with {@code useBias = false}
   */
  public final float[] bias() {
    return biasParameter().data();
  }

  /** The bias with its shape; see {@link #bias()}. */
  public final Parameter biasParameter() {
    if (!hasBias()) {
      throw absent(layerName(), "bias", "useBias = false");
    }
    return bias;
  }
}
