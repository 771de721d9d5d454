package io.nninit.processor;

import java.util.List;

/**
 * Everything the writer needs, decided: layers with their shapes and fills, and the order in which
 * seeds are drawn from the model seed.
 *
 * @param draws the default-seed draws in the order the convention makes them (Keras: the order the
 *     layers' constructors create their initializers)
 * @param analysis shapes and predicted variance factors ({@link SignalLint}), for the summary
 */
record ModelPlan(
    ModelSpec spec, List<LayerPlan> layers, List<SeedDraw> draws, ModelAnalysis analysis) {
  ModelPlan {
    layers = List.copyOf(layers);
    draws = List.copyOf(draws);
  }

  /** A plan not analyzed yet. */
  ModelPlan(ModelSpec spec, List<LayerPlan> layers, List<SeedDraw> draws) {
    this(spec, layers, draws, ModelAnalysis.NONE);
  }
}
