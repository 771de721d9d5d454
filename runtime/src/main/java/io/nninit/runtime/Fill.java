package io.nninit.runtime;

import java.util.Arrays;

/** Initializers that draw no random numbers. They allocate nothing. */
public final class Fill {
  private Fill() {}

  /** Sets {@code count} elements from {@code offset} to {@code value} (zeros, ones, constant). */
  public static void constant(float[] out, int offset, int count, float value) {
    Arrays.fill(out, offset, offset + count, value);
  }

  /**
   * Keras {@code Identity(gain)}: {@code gain} on the main diagonal of a {@code rows x cols}
   * matrix, zero elsewhere (also for non-square matrices).
   */
  public static void identity(float[] out, int offset, int rows, int cols, float gain) {
    Arrays.fill(out, offset, offset + rows * cols, 0f);
    int diagonal = Math.min(rows, cols);
    for (int i = 0; i < diagonal; i++) {
      out[offset + i * cols + i] = gain;
    }
  }
}
