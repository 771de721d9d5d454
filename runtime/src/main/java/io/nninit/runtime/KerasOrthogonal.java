package io.nninit.runtime;

/**
 * Keras' {@code Orthogonal} initializer with its workspace: draws a {@code (max(rows, cols),
 * min(rows, cols))} standard normal matrix from the Keras stream, factors it with a Householder QR,
 * fixes the signs by {@code sign(diag(R))}, transposes when {@code rows < cols} and scales by the
 * gain. Allocate once per shape; {@link #fill} then allocates nothing.
 *
 * <p><b>Exactness.</b> The normal draw is TF's, bit for bit ({@link KerasRandom#normal}). TF factors
 * it in float32 with Eigen; this class factors in double and rounds Q once to float32, then
 * multiplies by the float32 gain, so results are within a few float32 ulps of TF's (verified within
 * {@code 1e-5 * max(1, gain)} against TensorFlow 2.18), not bit-exact. Q is the unique QR factor
 * with {@code diag(R) > 0}, so it does not depend on QR sign conventions; a zero diagonal element
 * (a rank-deficient draw, practically impossible) zeroes its column, as Keras' {@code sign(0) = 0}
 * does.
 */
public final class KerasOrthogonal {
  private final int rows;
  private final int cols;
  private final int tall;
  private final int narrow;
  private final HouseholderQr qr;

  /**
   * @param rows product of all dimensions but the last
   * @param cols the last dimension
   * @throws IllegalArgumentException if {@code rows} or {@code cols} is not positive, or {@code
   *     rows * cols} does not fit in one array
   */
  public KerasOrthogonal(int rows, int cols) {
    if (rows < 1 || cols < 1) {
      throw new IllegalArgumentException(
          "orthogonal initializer needs rows >= 1 and cols >= 1 (rows = product of all dimensions"
              + " but the last, cols = the last dimension), got rows = "
              + rows
              + ", cols = "
              + cols);
    }
    if ((long) rows * cols > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "orthogonal initializer: " + rows + " x " + cols + " has too many elements for one array");
    }
    this.rows = rows;
    this.cols = cols;
    this.tall = Math.max(rows, cols);
    this.narrow = Math.min(rows, cols);
    this.qr = new HouseholderQr(tall, narrow);
  }

  /**
   * Fills {@code rows*cols} elements of {@code out} from {@code offset}, row-major.
   *
   * @throws IllegalArgumentException if {@code out} is null or too short, before anything is
   *     written
   */
  public void fill(float[] out, int offset, long seed0, long seed1, float gain) {
    int size = rows * cols;
    if (out == null) {
      throw new IllegalArgumentException("out is null; pass the array to fill");
    }
    if (offset < 0 || offset > out.length - size) {
      throw new IllegalArgumentException(
          "cannot fill a "
              + rows
              + " x "
              + cols
              + " orthogonal matrix ("
              + size
              + " elements) from offset "
              + offset
              + " of an array of length "
              + out.length
              + "; need offset >= 0 and offset + "
              + size
              + " <= length");
    }
    // Keras: a = normal((max, min), mean 0, stddev 1), row-major. out is the scratch for the draw.
    KerasRandom.normal(out, offset, size, seed0, seed1, 0.0f, 1.0f);
    for (int i = 0; i < tall; i++) {
      for (int j = 0; j < narrow; j++) {
        qr.set(i, j, out[offset + i * narrow + j]);
      }
    }
    qr.factor();
    qr.formQ();
    for (int j = 0; j < narrow; j++) {
      double sign = Math.signum(qr.diagonal(j));
      for (int i = 0; i < tall; i++) {
        float value = gain * (float) (qr.q(i, j) * sign);
        // rows >= cols: out = q (tall x narrow); rows < cols: out = transpose(q)
        out[offset + (rows >= cols ? i * cols + j : j * cols + i)] = value;
      }
    }
  }
}
