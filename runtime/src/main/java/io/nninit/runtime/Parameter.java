package io.nninit.runtime;

import java.util.Arrays;

/**
 * One weight tensor: its name within the layer (Keras' weight name: {@code kernel}, {@code bias},
 * {@code gamma}, ...), its shape in the model's convention, and its values as one flat row-major
 * {@code float[]} that is allocated once and filled in place.
 */
public final class Parameter {
  private final String name;
  private final int[] shape;
  private final float[] data;

  /**
   * Allocates a zero-filled parameter.
   *
   * @throws IllegalArgumentException if a dimension is negative or the element count does not fit
   *     in one Java array
   */
  public Parameter(String name, int... shape) {
    this.name = name;
    this.shape = shape.clone();
    long size = 1;
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException(
            "parameter " + name + ": negative dimension in shape " + Arrays.toString(shape));
      }
      size *= d;
      if (size > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException(
            "parameter "
                + name
                + ": shape "
                + Arrays.toString(shape)
                + " has too many elements for one array");
      }
    }
    this.data = new float[(int) size];
  }

  /** The weight's name within its layer, as Keras names it. */
  public String name() {
    return name;
  }

  /** A copy of the shape. */
  public int[] shape() {
    return shape.clone();
  }

  /** Number of dimensions. */
  public int rank() {
    return shape.length;
  }

  /** Size of dimension {@code axis}. */
  public int dim(int axis) {
    return shape[axis];
  }

  /** The values, flat and row-major; the array itself, not a copy. */
  public float[] data() {
    return data;
  }

  /** Number of elements. */
  public int size() {
    return data.length;
  }

  @Override
  public String toString() {
    return name + Arrays.toString(shape);
  }
}
