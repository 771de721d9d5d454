package io.nninit.runtime;

import java.util.Arrays;

/**
 * Reduced QR factorisation {@code A = Q R} of an {@code m x n} matrix ({@code m >= n}) by
 * Householder reflections, in double precision, with its workspace: allocate once per shape, then
 * {@link #factor()} and {@link #formQ()} allocate nothing.
 *
 * <p>Column {@code j} is reduced by {@code H_j = I - tau_j v_j v_j^T} with {@code v_j = (1, x_{j+1}
 * / (alpha - beta), ...)}, {@code beta = -sign(alpha) ||x||} and {@code tau_j = (beta - alpha) /
 * beta}, where {@code x} is the column from row {@code j} down and {@code alpha = x_j}; a column
 * already zero below the diagonal gets {@code tau_j = 0}. {@code R}'s diagonal is {@code beta} (or
 * {@code alpha}). {@code Q = H_0 ... H_{n-1} [I; 0]} is accumulated backwards. Q is unique up to
 * the signs of its columns; callers that need a canonical Q multiply column {@code j} by {@code
 * sign(R_jj)}.
 */
final class HouseholderQr {
  private final int m;
  private final int n;

  /**
   * Column-major {@code m x n}: the input, then R on and above the diagonal and the v_j below it.
   */
  private final double[] a;

  private final double[] tau;
  private final double[] diagonal;

  /** Column-major {@code m x n} Q after {@link #formQ()}. */
  private final double[] q;

  /**
   * @throws IllegalArgumentException unless {@code m >= n >= 1} and {@code m * n} fits in an array
   */
  HouseholderQr(int m, int n) {
    if (n < 1 || m < n) {
      throw new IllegalArgumentException(
          "QR needs m >= n >= 1 (a tall or square matrix), got m = " + m + ", n = " + n);
    }
    if ((long) m * n > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "a " + m + " x " + n + " matrix has too many elements for one array");
    }
    this.m = m;
    this.n = n;
    this.a = new double[m * n];
    this.tau = new double[n];
    this.diagonal = new double[n];
    this.q = new double[m * n];
  }

  /** Sets element {@code (i, j)} of the matrix to factor. */
  void set(int i, int j, double value) {
    a[j * m + i] = value;
  }

  /** Factors the matrix set by {@link #set}; overwrites it. */
  void factor() {
    for (int j = 0; j < n; j++) {
      int column = j * m;
      double alpha = a[column + j];
      double tail = 0;
      for (int i = j + 1; i < m; i++) {
        tail += a[column + i] * a[column + i];
      }
      if (tail == 0) {
        tau[j] = 0;
        diagonal[j] = alpha;
        continue;
      }
      double norm = Math.sqrt(alpha * alpha + tail);
      double beta = alpha >= 0 ? -norm : norm;
      tau[j] = (beta - alpha) / beta;
      double scale = 1 / (alpha - beta);
      for (int i = j + 1; i < m; i++) {
        a[column + i] *= scale;
      }
      a[column + j] = beta;
      diagonal[j] = beta;
      reflect(a, j + 1, n - j - 1, column, j);
    }
  }

  /**
   * Forms the reduced {@code Q} ({@code m x n}, orthonormal columns) of the last {@link #factor()}.
   */
  void formQ() {
    Arrays.fill(q, 0);
    for (int j = 0; j < n; j++) {
      q[j * m + j] = 1;
    }
    for (int j = n - 1; j >= 0; j--) {
      reflect(q, j, n - j, j * m, j);
    }
  }

  /** Element {@code (i, j)} of Q. */
  double q(int i, int j) {
    return q[j * m + i];
  }

  /** {@code R_jj}. */
  double diagonal(int j) {
    return diagonal[j];
  }

  /**
   * Applies {@code H_j} (its {@code v} at {@code a[reflector ..]}) to rows {@code j..m-1} of the
   * {@code count} columns of {@code target} from column {@code first} on. Four columns share each
   * pass over {@code v} (one load of {@code v_i} serves four products, and four independent sums
   * keep the multiplier busy); each column's dot product is still the serial sum from row {@code j}
   * down, so the results do not depend on the grouping.
   */
  private void reflect(double[] target, int first, int count, int reflector, int j) {
    double t = tau[j];
    if (t == 0) {
      return;
    }
    int c = first;
    int end = first + count;
    for (; c + 4 <= end; c += 4) {
      int y0 = c * m;
      int y1 = y0 + m;
      int y2 = y1 + m;
      int y3 = y2 + m;
      double d0 = target[y0 + j];
      double d1 = target[y1 + j];
      double d2 = target[y2 + j];
      double d3 = target[y3 + j];
      for (int i = j + 1; i < m; i++) {
        double v = a[reflector + i];
        d0 += v * target[y0 + i];
        d1 += v * target[y1 + i];
        d2 += v * target[y2 + i];
        d3 += v * target[y3 + i];
      }
      double w0 = t * d0;
      double w1 = t * d1;
      double w2 = t * d2;
      double w3 = t * d3;
      target[y0 + j] -= w0;
      target[y1 + j] -= w1;
      target[y2 + j] -= w2;
      target[y3 + j] -= w3;
      for (int i = j + 1; i < m; i++) {
        double v = a[reflector + i];
        target[y0 + i] -= w0 * v;
        target[y1 + i] -= w1 * v;
        target[y2 + i] -= w2 * v;
        target[y3 + i] -= w3 * v;
      }
    }
    for (; c < end; c++) {
      int y = c * m;
      double dot = target[y + j];
      for (int i = j + 1; i < m; i++) {
        dot += a[reflector + i] * target[y + i];
      }
      double w = t * dot;
      target[y + j] -= w;
      for (int i = j + 1; i < m; i++) {
        target[y + i] -= w * a[reflector + i];
      }
    }
  }
}
