package io.nninit.example;

import io.nninit.runtime.ModelSummary;
import java.io.PrintWriter;
import java.util.List;

/** Prints a Keras-style summary of each initialized example model. */
final class Summary {
  private final PrintWriter out;

  Summary(PrintWriter out) {
    this.out = out;
  }

  void printAll(List<ExampleModels.Example> examples) {
    for (ExampleModels.Example example : examples) {
      out.println("Model: \"" + example.name() + "\" — " + example.description());
      out.println(ModelSummary.of(example.layers()));
    }
  }
}
