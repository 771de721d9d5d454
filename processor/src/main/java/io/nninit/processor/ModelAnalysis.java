package io.nninit.processor;

import java.util.List;

/**
 * What the processor predicts about a planned model: each layer's shapes (when the model declares
 * an input shape) and its predicted forward variance factor, and the runs of layers between
 * normalization layers.
 *
 * @param shapes one per layer, in layer order; empty without {@code @Model(inputShape)}
 * @param signals one per layer, in layer order
 * @param runs the maximal runs of layers without batch normalization, in order
 */
record ModelAnalysis(
    List<ShapeInference.LayerShape> shapes, List<LayerSignal> signals, List<Run> runs) {
  static final ModelAnalysis NONE = new ModelAnalysis(List.of(), List.of(), List.of());

  ModelAnalysis {
    shapes = List.copyOf(shapes);
    signals = List.copyOf(signals);
    runs = List.copyOf(runs);
  }

  /**
   * One layer's predicted effect on the second moment of the signal: {@code factor = weightFactor *
   * gain}, where {@code weightFactor} is the product over its kernels of {@code fan * E[w^2]}.
   *
   * @param fans the number of inputs each output sums, per kernel ({@code k*k*in/groups}; a
   *     transposed convolution's {@code k*k*in / prod(strides)} on average; a depthwise kernel's
   *     {@code k*k})
   * @param meanSquares {@code E[w^2] = Var(w) + E[w]^2} per kernel, from the initializer
   * @param normalization whether the layer is batch normalization (no factor: it resets the run)
   * @param suggestedFactor the factor with {@link Activation#suggestion} on the last kernel
   * @param constantKernels the kernels whose every element gets the same value
   */
  record LayerSignal(
      String layer,
      boolean normalization,
      List<Double> fans,
      List<Double> meanSquares,
      Activation activation,
      double gain,
      double weightFactor,
      double factor,
      double suggestedFactor,
      List<String> constantKernels) {
    LayerSignal {
      fans = List.copyOf(fans);
      meanSquares = List.copyOf(meanSquares);
      constantKernels = List.copyOf(constantKernels);
    }
  }

  /**
   * Layers {@code first..last} (indices into the model's layers), none of them batch normalization,
   * with the product of their factors.
   */
  record Run(int first, int last, double factor, double suggestedFactor) {}
}
