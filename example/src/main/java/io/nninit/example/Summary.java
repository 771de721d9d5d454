package io.nninit.example;

import java.io.PrintWriter;
import java.util.List;

/** Prints a Keras-style summary of initialized models. */
final class Summary {
  private final PrintWriter out;

  Summary(PrintWriter out) {
    this.out = out;
  }

  void printAll(List<ExampleModels.Example> examples) {
    for (ExampleModels.Example example : examples) {
      out.println("Model: " + example.name() + " (model seed " + example.layers().modelSeed() + ")");
    }
  }
}
