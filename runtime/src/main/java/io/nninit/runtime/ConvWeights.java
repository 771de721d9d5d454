package io.nninit.runtime;

/**
 * Weights of a convolution (CONV1D/2D/3D, their transposes and DEPTHWISE_CONV2D): a kernel and an
 * optional bias. The kernel layout is the convention's: Keras {@code (k..., in/groups, filters)},
 * transposed {@code (k..., filters, in)}, depthwise {@code (kh, kw, in, depthMultiplier)}; PyTorch
 * {@code (out, in/groups, k...)}, transposed {@code (in, out/groups, k...)}.
 */
public final class ConvWeights extends KernelWeights {
  /** A layer with a bias. */
  public ConvWeights(String layerName, Parameter kernel, Parameter bias) {
    super(layerName, kernel, bias);
  }

  /** A layer without a bias ({@code useBias = false}). */
  public ConvWeights(String layerName, Parameter kernel) {
    super(layerName, kernel);
  }
}
