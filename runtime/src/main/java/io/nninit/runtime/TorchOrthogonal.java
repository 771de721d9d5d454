package io.nninit.runtime;

import java.util.Arrays;

/**
 * {@code torch.nn.init.orthogonal_(tensor, gain)} with its workspace, for a tensor of {@code rows =
 * shape[0]} rows and {@code cols = numel / rows} columns: draws a {@code rows x cols} standard
 * normal matrix with {@code normal_} (so the generator advances exactly as PyTorch's), factors it
 * (transposed when {@code rows < cols}) with a Householder QR in double precision, multiplies each
 * column of Q by the sign of {@code R}'s diagonal, transposes back and scales by {@code gain} in
 * float.
 *
 * <p>PyTorch factors in float32 with LAPACK, so the values are not bit-exact: they are within
 * {@code 4e-7 * sqrt(max(rows, cols)) * gain} absolute of PyTorch's (the PyTorch oracle's
 * tolerance). Allocate once per shape; {@link #fill} then allocates nothing. Not thread-safe.
 */
public final class TorchOrthogonal {
  private final int rows;
  private final int cols;
  private final int tall;
  private final int wide;
  private final float[] normal;
  private final double[] matrix;
  private final double[] q;
  private final double[] tau;
  private final double[] diagonal;

  /**
   * @param rows {@code shape[0]} of the tensor
   * @param cols the product of the other dimensions
   * @throws IllegalArgumentException if a dimension is negative or the workspace would not fit in
   *     one array
   */
  public TorchOrthogonal(int rows, int cols) {
    if (rows < 0 || cols < 0) {
      throw new IllegalArgumentException(
          "orthogonal_: dimensions must be >= 0, were " + rows + " x " + cols);
    }
    long size = (long) rows * cols;
    if (size > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "orthogonal_: " + rows + " x " + cols + " has too many elements for one array");
    }
    this.rows = rows;
    this.cols = cols;
    this.tall = Math.max(rows, cols);
    this.wide = Math.min(rows, cols);
    this.normal = new float[(int) size];
    this.matrix = new double[(int) size];
    this.q = new double[(int) size];
    this.tau = new double[wide];
    this.diagonal = new double[wide];
  }

  /** Number of rows ({@code shape[0]}). */
  public int rows() {
    return rows;
  }

  /** Number of columns (product of the other dimensions). */
  public int cols() {
    return cols;
  }

  /**
   * Fills {@code rows*cols} elements of {@code out} from {@code offset}, row-major.
   *
   * @throws IllegalArgumentException if the tensor does not fit in {@code out} from {@code offset}
   *     or {@code gain} is not finite
   */
  public void fill(float[] out, int offset, double gain, TorchGenerator generator) {
    int count = rows * cols;
    TorchInit.checkRange(out, offset, count);
    if (!Double.isFinite(gain)) {
      throw new IllegalArgumentException("orthogonal_: gain must be finite, was " + gain);
    }
    if (count == 0) {
      return;
    }
    TorchInit.normalUnchecked(normal, 0, count, 0.0, 1.0, generator);
    boolean transpose = rows < cols;
    // matrix is tall x wide, column-major (column j at j*tall): A[i][j] = flat[i][j], or flat[j][i]
    // when transposed, so that every column the QR works on is contiguous.
    int m = tall;
    for (int j = 0; j < wide; j++) {
      for (int i = 0; i < m; i++) {
        matrix[j * m + i] = transpose ? normal[j * cols + i] : normal[i * cols + j];
      }
    }
    factor();
    formQ();
    float gainF = (float) gain;
    for (int j = 0; j < wide; j++) {
      double sign = Math.signum(diagonal[j]);
      for (int i = 0; i < m; i++) {
        float value = (float) (q[j * m + i] * sign);
        int index = transpose ? j * cols + i : i * cols + j;
        out[offset + index] = value * gainF;
      }
    }
  }

  /** Householder QR of {@code matrix} in place: R on and above the diagonal, reflectors below. */
  private void factor() {
    int m = tall;
    int n = wide;
    double[] a = matrix;
    for (int k = 0; k < n; k++) {
      int col = k * m;
      double alpha = a[col + k];
      double scale = 0;
      for (int i = k; i < m; i++) {
        scale = Math.max(scale, Math.abs(a[col + i]));
      }
      if (scale == 0) {
        tau[k] = 0;
        diagonal[k] = 0;
        continue;
      }
      double inverseScale = 1 / scale;
      double sum = 0;
      for (int i = k; i < m; i++) {
        double v = a[col + i] * inverseScale;
        sum += v * v;
      }
      double norm = scale * Math.sqrt(sum);
      double beta = alpha >= 0 ? -norm : norm;
      double inversePivot = 1 / (alpha - beta);
      for (int i = k + 1; i < m; i++) {
        a[col + i] *= inversePivot;
      }
      double t = (beta - alpha) / beta;
      tau[k] = t;
      a[col + k] = beta;
      diagonal[k] = beta;
      // apply H = I - tau v v^T (v[k] = 1, v[i] = a[col + i] below) to the remaining columns
      reflectColumns(a, col, a, k + 1, n, k, m, t);
    }
  }

  /** The first {@code wide} columns of Q = H0 H1 ... H(n-1), accumulated backwards. */
  private void formQ() {
    int m = tall;
    int n = wide;
    Arrays.fill(q, 0.0);
    for (int j = 0; j < n; j++) {
      q[j * m + j] = 1.0;
    }
    for (int k = n - 1; k >= 0; k--) {
      double t = tau[k];
      if (t == 0) {
        continue;
      }
      reflectColumns(matrix, k * m, q, k, n, k, m, t);
    }
  }

  /**
   * {@link #reflect} on columns {@code first..end-1} (column {@code j} at {@code j * m} in {@code
   * ys}), two per pass over {@code v}: each column keeps its own four partial sums, so the results
   * are those of {@link #reflect} column by column.
   */
  private static void reflectColumns(
      double[] vs, int vAt, double[] ys, int first, int end, int k, int m, double tau) {
    int j = first;
    for (; j + 2 <= end; j += 2) {
      int a = j * m;
      int b = a + m;
      double a0 = ys[a + k];
      double a1 = 0;
      double a2 = 0;
      double a3 = 0;
      double b0 = ys[b + k];
      double b1 = 0;
      double b2 = 0;
      double b3 = 0;
      int i = k + 1;
      for (; i + 3 < m; i += 4) {
        double v0 = vs[vAt + i];
        double v1 = vs[vAt + i + 1];
        double v2 = vs[vAt + i + 2];
        double v3 = vs[vAt + i + 3];
        a0 += v0 * ys[a + i];
        a1 += v1 * ys[a + i + 1];
        a2 += v2 * ys[a + i + 2];
        a3 += v3 * ys[a + i + 3];
        b0 += v0 * ys[b + i];
        b1 += v1 * ys[b + i + 1];
        b2 += v2 * ys[b + i + 2];
        b3 += v3 * ys[b + i + 3];
      }
      for (; i < m; i++) {
        a0 += vs[vAt + i] * ys[a + i];
        b0 += vs[vAt + i] * ys[b + i];
      }
      double dotA = ((a0 + a1) + (a2 + a3)) * tau;
      double dotB = ((b0 + b1) + (b2 + b3)) * tau;
      ys[a + k] -= dotA;
      ys[b + k] -= dotB;
      for (i = k + 1; i < m; i++) {
        double v = vs[vAt + i];
        ys[a + i] -= dotA * v;
        ys[b + i] -= dotB * v;
      }
    }
    if (j < end) {
      reflect(vs, vAt, ys, j * m, k, m, tau);
    }
  }

  /**
   * {@code y -= tau * v * (v . y)} on rows {@code k..m-1} of column {@code y} (at {@code yAt} in
   * {@code ys}), with the reflector {@code v} at {@code vAt} in {@code vs}, {@code v[k] = 1}.
   */
  private static void reflect(
      double[] vs, int vAt, double[] ys, int yAt, int k, int m, double tau) {
    double d0 = ys[yAt + k];
    double d1 = 0;
    double d2 = 0;
    double d3 = 0;
    int i = k + 1;
    for (; i + 3 < m; i += 4) {
      d0 += vs[vAt + i] * ys[yAt + i];
      d1 += vs[vAt + i + 1] * ys[yAt + i + 1];
      d2 += vs[vAt + i + 2] * ys[yAt + i + 2];
      d3 += vs[vAt + i + 3] * ys[yAt + i + 3];
    }
    for (; i < m; i++) {
      d0 += vs[vAt + i] * ys[yAt + i];
    }
    double dot = ((d0 + d1) + (d2 + d3)) * tau;
    ys[yAt + k] -= dot;
    for (i = k + 1; i < m; i++) {
      ys[yAt + i] -= dot * vs[vAt + i];
    }
  }
}
