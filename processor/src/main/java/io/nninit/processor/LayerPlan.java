package io.nninit.processor;

import java.util.List;

/**
 * One layer, planned.
 *
 * @param inputChannels the resolved input channels (input features for DENSE)
 * @param channelsFrom how they were found, e.g. {@code "inputChannels"} or {@code "the 32 filters
 *     of conv1"}
 * @param outputChannels what the next layer sees
 * @param weights the weights in the order Keras lists them in {@code layer.weights}
 * @param summary one line for Javadoc, e.g. {@code CONV2D, 32 filters, 3x3 kernel, 3 input
 *     channels}
 */
record LayerPlan(
    LayerSpec spec,
    int inputChannels,
    String channelsFrom,
    int outputChannels,
    List<WeightPlan> weights,
    String summary) {
  LayerPlan {
    weights = List.copyOf(weights);
  }

  String method() {
    return Names.initMethod(spec.name());
  }
}
