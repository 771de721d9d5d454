package io.nninit.runtime;

/**
 * Keras' {@code Orthogonal} initializer with its workspace: draws a {@code (max(rows, cols),
 * min(rows, cols))} standard normal matrix from the Keras stream, factors it with a Householder QR,
 * fixes the signs by {@code sign(diag(R))}, transposes when {@code rows < cols} and scales by the
 * gain. Allocate once per shape; {@link #fill} then allocates nothing.
 */
public final class KerasOrthogonal {
  /**
   * @param rows product of all dimensions but the last
   * @param cols the last dimension
   */
  public KerasOrthogonal(int rows, int cols) {
    throw new UnsupportedOperationException("implemented by the Keras-stream work");
  }

  /** Fills {@code rows*cols} elements of {@code out} from {@code offset}, row-major. */
  public void fill(float[] out, int offset, long seed0, long seed1, float gain) {
    throw new UnsupportedOperationException("implemented by the Keras-stream work");
  }
}
