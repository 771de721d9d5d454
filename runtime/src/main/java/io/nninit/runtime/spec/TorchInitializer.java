package io.nninit.runtime.spec;

import io.nninit.runtime.TorchGenerator;
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
}
