package io.nninit.processor;

/**
 * How one weight is filled, per convention. The writer emits each kind; a new convention adds a
 * record here and its emitter in {@link LayersWriter}.
 */
sealed interface WeightFill permits KerasWeightFill {
  /** The initializer as the user wrote it (or the default), canonical, for summaries. */
  String source();
}
