package io.nninit.example;

import io.nninit.runtime.ModelInitializer;
import java.util.List;

/** The example models, each allocated and initialized by its generated {@code _Layers} class. */
final class ExampleModels {
  private ExampleModels() {}

  /** A named, initialized model. */
  record Example(String name, ModelInitializer layers) {}

  /** Every example model, initialized with its {@code @Model} seed. */
  static List<Example> all() {
    return List.of(
        new Example("SmallCnn", new SmallCnn_Layers(new SmallCnn())),
        new Example("Mlp", new Mlp_Layers(new Mlp())));
  }
}
