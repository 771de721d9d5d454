package io.nninit.runtime.spec;

import java.util.Arrays;

/**
 * Keras' {@code compute_fans(shape)}: rank 0 gives (1, 1), rank 1 {@code (n, n)}, rank 2 {@code
 * (shape[0], shape[1])}, rank 3 and more {@code (shape[-2]*rf, shape[-1]*rf)} with {@code rf =
 * prod(shape[:-2])}. Exact (integers). {@link #derivation()} spells the products out for comments.
 *
 * @param fanIn the number of input units
 * @param fanOut the number of output units
 * @param derivation e.g. {@code "fan_in = 3*3*3 = 27, fan_out = 3*3*32 = 288"}
 */
public record Fans(long fanIn, long fanOut, String derivation) {
  /**
   * Computes the fans of a weight of shape {@code shape} (row-major, Keras layout).
   *
   * @throws IllegalArgumentException if a dimension is negative
   */
  public static Fans of(int... shape) {
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException(
            "negative dimension in shape " + Arrays.toString(shape) + "; sizes must be >= 0");
      }
    }
    switch (shape.length) {
      case 0 -> {
        return new Fans(1, 1, "fan_in = fan_out = 1 (scalar)");
      }
      case 1 -> {
        return new Fans(shape[0], shape[0], "fan_in = fan_out = " + shape[0]);
      }
      case 2 -> {
        return new Fans(shape[0], shape[1], "fan_in = " + shape[0] + ", fan_out = " + shape[1]);
      }
      default -> {
        long rf = 1;
        StringBuilder k = new StringBuilder();
        for (int i = 0; i < shape.length - 2; i++) {
          rf *= shape[i];
          k.append(shape[i]).append('*');
        }
        long in = shape[shape.length - 2] * rf;
        long out = shape[shape.length - 1] * rf;
        return new Fans(
            in,
            out,
            "fan_in = "
                + k
                + shape[shape.length - 2]
                + " = "
                + in
                + ", fan_out = "
                + k
                + shape[shape.length - 1]
                + " = "
                + out);
      }
    }
  }
}
