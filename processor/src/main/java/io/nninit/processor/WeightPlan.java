package io.nninit.processor;

import java.util.List;

/**
 * One weight tensor of a layer.
 *
 * @param name the weight's name in its layer as the convention names it ({@code kernel}, {@code
 *     moving_mean}, ...)
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
