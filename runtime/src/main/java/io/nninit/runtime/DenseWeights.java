package io.nninit.runtime;

/**
 * Weights of a DENSE layer: kernel {@code (in, units)} under Keras ({@code (out, in)} under
 * PyTorch) and an optional bias {@code (units)}.
 */
public final class DenseWeights extends KernelWeights {
  /** A layer with a bias. */
  public DenseWeights(String layerName, Parameter kernel, Parameter bias) {
    super(layerName, kernel, bias);
  }

  /** A layer without a bias ({@code useBias = false}). */
  public DenseWeights(String layerName, Parameter kernel) {
    super(layerName, kernel);
  }
}
