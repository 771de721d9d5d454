package io.nninit.runtime.spec;

import io.nninit.annotation.LayerType;
import io.nninit.runtime.Moments;
import io.nninit.runtime.TorchGenerator;
import io.nninit.runtime.WeightInfo;
import java.util.List;

/**
 * A PyTorch initializer resolved for one weight shape.
 *
 * @param source the initializer as written, in canonical form (e.g. {@code
 *     kaiming_normal_(mode='fan_out', nonlinearity='relu')}), or a description of a module default
 * @param shape the weight's shape in PyTorch's layout
 * @param kernel what to run, with its double-precision constants
 * @param derivation how the constants follow from the shape, for a generated comment, e.g. {@code
 *     fan_out = 8*3*3 = 72, gain = calculate_gain('relu') = 1.4142135623730951, std = gain /
 *     sqrt(fan_out) = 0.16666666666666666}
 */
public record TorchInitializer(
    String source, List<Integer> shape, TorchKernel kernel, String derivation) {
  /** Copies {@code shape}. */
  public TorchInitializer {
    shape = List.copyOf(shape);
  }

  /** Number of elements the initializer fills. */
  public int count() {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }

  /**
   * Fills {@link #count()} elements of {@code out} from {@code offset}, drawing from {@code
   * generator} exactly as PyTorch would.
   *
   * @throws IllegalArgumentException if the weight does not fit in {@code out} from {@code offset}
   */
  public void fill(float[] out, int offset, TorchGenerator generator) {
    kernel.fill(out, offset, count(), generator);
  }

  /**
   * The weight described for summaries: PyTorch's fans (-1 for tensors of fewer than 2 dimensions,
   * where PyTorch defines none), the distribution with its bounds or std, and its theoretical
   * moments.
   */
  public WeightInfo describe(String layer, LayerType type, String weight) {
    int[] dims = shape.stream().mapToInt(Integer::intValue).toArray();
    boolean matrix = dims.length >= 2;
    double low = Double.NaN;
    double high = Double.NaN;
    double std = Double.NaN;
    if (kernel instanceof TorchKernel.Uniform u) {
      low = u.from();
      high = u.to();
    } else if (kernel instanceof TorchKernel.TruncNormal t) {
      low = t.a();
      high = t.b();
      std = t.std();
    } else if (kernel instanceof TorchKernel.Normal n) {
      std = n.std();
    }
    Moments expected = kernel.expected();
    return new WeightInfo(
        layer,
        type,
        weight,
        shape,
        source,
        matrix ? TorchFans.fanIn(dims) : -1,
        matrix ? TorchFans.fanOut(dims) : -1,
        kernel.distribution(),
        low,
        high,
        std,
        expected.mean(),
        expected.std(),
        derivation);
  }
}
