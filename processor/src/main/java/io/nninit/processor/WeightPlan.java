package io.nninit.processor;

import java.util.List;

/**
 * One weight tensor of a layer.
 *
 * @param name the weight's Keras name in its layer ({@code kernel}, {@code moving_mean}, ...),
 *     whatever the convention; generated fields and accessors are named after it (see {@link
 *     #conventionName()} for the name users of the convention know)
 * @param field the generated field holding its array ({@code conv1Kernel})
 * @param shape its shape in the convention's layout
 * @param attribute the {@code @Layer} attribute of its initializer ({@code kernelInitializer})
 * @param fill how it is filled; a convention-specific step
 */
record WeightPlan(
    String name, String field, List<Integer> shape, String attribute, WeightFill fill) {
  WeightPlan {
    shape = List.copyOf(shape);
  }

  /**
   * The weight's name in its layer as its convention names it: Keras' {@code kernel}, {@code
   * moving_mean}, ...; PyTorch's {@code state_dict} names {@code weight}, {@code running_mean},
   * {@code pointwise.bias}, ...
   */
  String conventionName() {
    return fill instanceof TorchWeightFill t ? t.localKey() : name;
  }

  long count() {
    long n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }

  /** {@code (3, 3, 3, 32)}, Python's tuple notation. */
  String shapeText() {
    StringBuilder b = new StringBuilder("(");
    for (int i = 0; i < shape.size(); i++) {
      b.append(i == 0 ? "" : ", ").append(shape.get(i));
    }
    return b.append(shape.size() == 1 ? ",)" : ")").toString();
  }
}
