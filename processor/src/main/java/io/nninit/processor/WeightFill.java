package io.nninit.processor;

import io.nninit.annotation.LayerType;
import io.nninit.runtime.WeightInfo;

/**
 * How one weight is filled, per convention. The writer emits each kind; a new convention adds a
 * record here and its emitter in {@link LayersWriter}.
 */
sealed interface WeightFill permits KerasWeightFill, TorchWeightFill {
  /** The initializer as the user wrote it (or the default), canonical, for summaries. */
  String source();

  /**
   * The weight described for summaries (initializer, fans, distribution, expected moments); the
   * writer folds it into the generated class as constants.
   */
  WeightInfo describe(String layer, LayerType type, String weight);
}
