package io.nninit.runtime.spec;

import java.util.Arrays;

/**
 * PyTorch's {@code torch.nn.init._calculate_fan_in_and_fan_out} on a weight shape in PyTorch's
 * layout: {@code fan_in = shape[1] * prod(shape[2:])}, {@code fan_out = shape[0] *
 * prod(shape[2:])}. For a {@code ConvTransposeNd} weight {@code (in, out/groups, k...)} this makes
 * {@code fan_in = out/groups * prod(k)}, as in PyTorch. Exact integers.
 */
public final class TorchFans {
  private TorchFans() {}

  /**
   * {@code fan_in} of a weight of {@code shape}.
   *
   * @throws SpecException ({@link SpecException#SHAPE}) if {@code shape} has fewer than 2
   *     dimensions, as PyTorch raises {@code ValueError}
   */
  public static long fanIn(int[] shape) {
    check(shape);
    return shape[1] * receptiveField(shape);
  }

  /**
   * {@code fan_out} of a weight of {@code shape}.
   *
   * @throws SpecException ({@link SpecException#SHAPE}) if {@code shape} has fewer than 2
   *     dimensions
   */
  public static long fanOut(int[] shape) {
    check(shape);
    return shape[0] * receptiveField(shape);
  }

  /** {@code prod(shape[2:])}, 1 for a matrix. */
  static long receptiveField(int[] shape) {
    long field = 1;
    for (int axis = 2; axis < shape.length; axis++) {
      field *= shape[axis];
    }
    return field;
  }

  /** How a fan is made up, e.g. {@code 3*3*3 = 27} or {@code 64}. */
  static String derivation(int[] shape, int axis) {
    if (shape.length == 2) {
      return Integer.toString(shape[axis]);
    }
    StringBuilder b = new StringBuilder().append(shape[axis]);
    for (int i = 2; i < shape.length; i++) {
      b.append('*').append(shape[i]);
    }
    return b.append(" = ").append(shape[axis] * receptiveField(shape)).toString();
  }

  private static void check(int[] shape) {
    if (shape.length < 2) {
      throw new SpecException(
          SpecException.SHAPE,
          "Fan in and fan out can not be computed for tensor with fewer than 2 dimensions (shape "
              + Arrays.toString(shape)
              + "); use this initializer on a weight with 2 or more dimensions",
          -1);
    }
  }
}
