package io.nninit.runtime;

import java.util.List;

/**
 * Weights of a SEPARABLE_CONV2D layer: depthwise kernel {@code (kh, kw, in, depthMultiplier)},
 * pointwise kernel {@code (1, 1, in*depthMultiplier, filters)} and an optional bias {@code
 * (filters)}.
 */
public final class SeparableConvWeights extends LayerWeights {
  private final Parameter depthwiseKernel;
  private final Parameter pointwiseKernel;
  private final Parameter bias;

  /** A layer with a bias. */
  public SeparableConvWeights(
      String layerName, Parameter depthwiseKernel, Parameter pointwiseKernel, Parameter bias) {
    super(layerName, List.of(depthwiseKernel, pointwiseKernel, bias));
    this.depthwiseKernel = depthwiseKernel;
    this.pointwiseKernel = pointwiseKernel;
    this.bias = bias;
  }

  /** A layer without a bias ({@code useBias = false}). */
  public SeparableConvWeights(
      String layerName, Parameter depthwiseKernel, Parameter pointwiseKernel) {
    super(layerName, List.of(depthwiseKernel, pointwiseKernel));
    this.depthwiseKernel = depthwiseKernel;
    this.pointwiseKernel = pointwiseKernel;
    this.bias = depthwiseKernel;
  }

  /** The depthwise kernel's values. */
  public float[] depthwiseKernel() {
    return depthwiseKernel.data();
  }

  /** The depthwise kernel with its shape. */
  public Parameter depthwiseKernelParameter() {
    return depthwiseKernel;
  }

  /** The pointwise kernel's values. */
  public float[] pointwiseKernel() {
    return pointwiseKernel.data();
  }

  /** The pointwise kernel with its shape. */
  public Parameter pointwiseKernelParameter() {
    return pointwiseKernel;
  }

  /** Whether the layer has a bias. */
  public boolean hasBias() {
    return bias != depthwiseKernel;
  }

  /**
   * The bias values.
   *
   * @throws IllegalStateException if the layer was declared with {@code useBias = false}
   */
  public float[] bias() {
    return biasParameter().data();
  }

  /** The bias with its shape; see {@link #bias()}. */
  public Parameter biasParameter() {
    if (!hasBias()) {
      throw absent(layerName(), "bias", "useBias = false");
    }
    return bias;
  }
}
