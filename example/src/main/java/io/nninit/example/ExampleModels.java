package io.nninit.example;

import io.nninit.runtime.ModelInitializer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The example models, each allocated and initialized by its generated {@code _Layers} class. */
final class ExampleModels {
  private ExampleModels() {}

  /** The generated {@code save(Path)} of one model. */
  @FunctionalInterface
  interface Saver {
    void save(Path file) throws IOException;
  }

  /** A named, initialized model. */
  record Example(String name, String description, ModelInitializer layers, Saver saver) {}

  /** Every example model, initialized with its {@code @Model} seed. */
  static List<Example> all() {
    SmallCnn_Layers smallCnn = new SmallCnn_Layers(new SmallCnn());
    Mlp_Layers mlp = new Mlp_Layers(new Mlp());
    TorchCnn_Layers torchCnn = new TorchCnn_Layers(new TorchCnn());
    return List.of(
        new Example(
            "SmallCnn",
            "Keras convention: conv/BN blocks with he_normal for ReLU, glorot_uniform head",
            smallCnn,
            smallCnn::save),
        new Example(
            "Mlp",
            "Keras convention: glorot/lecun dense layers for tanh, one initializer with its own seed",
            mlp,
            mlp::save),
        new Example(
            "TorchCnn",
            "PyTorch convention: nn.Conv2d/BatchNorm2d/Linear after torch.manual_seed(42),"
                + " kaiming_normal_ for ReLU",
            torchCnn,
            torchCnn::save));
  }
}
