package io.nninit.processor;

import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Where a layer's input channels come from, the same under both conventions: its own {@code
 * inputChannels}, else the previous layer's output; a first layer with neither is an error.
 */
final class ChannelInference {
  private ChannelInference() {}

  /**
   * A layer's input channels and, for the generated comments, where they came from.
   *
   * @param channels the number of input channels (input features for DENSE)
   * @param from e.g. {@code inputChannels} or {@code the 32 filters of conv1}
   */
  record Input(int channels, String from) {}

  /**
   * The input of {@code layer}, or null when it cannot be known; then an error is added to {@code
   * problems} unless an earlier layer's failure already explains it ({@code previousKnown} false).
   *
   * @param previous the plan of the layer before, or null for the first layer or after a failure
   * @param describe how the convention words a layer's output ("the 32 filters of conv1")
   */
  static @Nullable Input of(
      LayerSpec layer,
      @Nullable LayerPlan previous,
      boolean previousKnown,
      List<Problem> problems,
      Function<LayerPlan, String> describe) {
    if (layer.inputChannels() > 0) {
      return new Input(layer.inputChannels(), "inputChannels");
    }
    if (previous != null) {
      return new Input(previous.outputChannels(), describe.apply(previous));
    }
    if (previousKnown) {
      problems.add(
          Problem.of(
              layer.element(), layer.mirror(), null, Message.INPUT_CHANNELS_UNKNOWN, layer.name()));
    }
    return null;
  }
}
