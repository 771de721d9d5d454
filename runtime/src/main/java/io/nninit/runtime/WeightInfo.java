package io.nninit.runtime;

import io.nninit.annotation.LayerType;
import java.util.List;
import java.util.Objects;

/**
 * What one weight of a model is and how it was initialized, for summaries in the manner of Keras'
 * {@code model.summary()}: the weight's place and shape, its initializer with the fans it used, the
 * distribution it draws from with its parameters, and the theoretical mean and standard deviation
 * of its elements (to print beside the measured ones, see {@link Moments}). Generated classes build
 * these once from constants the processor folded in ({@link ModelInitializer#weights()}); nothing
 * is looked up at run time.
 *
 * <p>The parameters are the float32 constants the generated code uses, widened to double; the
 * expected moments are computed in double from them (see {@code KerasOp.expectedMean()} and {@code
 * expectedStd()} for the formulas). They are the moments of the distribution, not of one draw: a
 * draw of {@code n} elements has a measured mean within a few {@code expectedStd/sqrt(n)} of {@code
 * expectedMean}.
 *
 * @param layer the layer's name (the annotated field)
 * @param type the layer's type
 * @param weight the weight's name in its layer as the convention names it ({@code kernel}, {@code
 *     moving_mean}, ...)
 * @param shape the weight's shape in the convention's layout
 * @param initializer the initializer, canonical: {@code he_normal}, {@code orthogonal(seed=5)}
 * @param fanIn the fan-in the initializer computes for this shape (Keras' {@code compute_fans},
 *     PyTorch's {@code _calculate_fan_in_and_fan_out}); -1 where the convention defines none
 *     (PyTorch on a tensor of fewer than 2 dimensions)
 * @param fanOut the fan-out
 * @param distribution {@code uniform}, {@code normal}, {@code truncated_normal}, {@code constant},
 *     {@code identity} or {@code orthogonal}
 * @param low the least value the distribution can give: {@code minval} for uniform, {@code mean -
 *     2*stddev} for truncated normal; NaN for the others
 * @param high the greatest: {@code maxval} for uniform (exclusive), {@code mean + 2*stddev} for
 *     truncated normal; NaN for the others
 * @param stddev the {@code stddev} argument of a normal or truncated normal draw (before the cut);
 *     NaN for the others
 * @param expectedMean the theoretical mean of one element
 * @param expectedStd the theoretical (population) standard deviation of one element
 * @param derivation how the constants follow from the initializer and the shape, e.g. {@code
 *     he_normal: fan_in = 3*3*3 = 27, ..., stddev = sqrt(s)/0.87962566103423978 = 0.309...}
 */
public record WeightInfo(
    String layer,
    LayerType type,
    String weight,
    List<Integer> shape,
    String initializer,
    long fanIn,
    long fanOut,
    String distribution,
    double low,
    double high,
    double stddev,
    double expectedMean,
    double expectedStd,
    String derivation) {

  /** Copies {@code shape}; every reference must be non-null. */
  public WeightInfo {
    Objects.requireNonNull(layer, "layer");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(weight, "weight");
    shape = List.copyOf(shape);
    Objects.requireNonNull(initializer, "initializer");
    Objects.requireNonNull(distribution, "distribution");
    Objects.requireNonNull(derivation, "derivation");
  }

  /** The number of elements: the product of {@link #shape()}, as {@code model.summary()} counts. */
  public long parameterCount() {
    long n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }

  /** {@code (3, 3, 3, 32)}, {@code (32,)}: the shape in Python's tuple notation. */
  public String shapeText() {
    StringBuilder b = new StringBuilder("(");
    for (int i = 0; i < shape.size(); i++) {
      b.append(i == 0 ? "" : ", ").append(shape.get(i));
    }
    return b.append(shape.size() == 1 ? ",)" : ")").toString();
  }
}
