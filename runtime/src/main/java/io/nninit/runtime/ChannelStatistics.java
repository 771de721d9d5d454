package io.nninit.runtime;

import java.util.Arrays;

/**
 * Per-channel batch statistics: the mean (float, as the frameworks store it) and the sum of squared
 * deviations from that float mean, accumulated in double. Two passes (mean first, then deviations),
 * never {@code E[x^2] - E[x]^2}, so a large common offset costs no precision and the variance is
 * never negative; a NaN reaches only its own channel. Allocates nothing.
 */
final class ChannelStatistics {
  private ChannelStatistics() {}

  /**
   * {@code (batch, channels, spatial)} input, channels {@code [from, to)}: for every channel a
   * serial double sum of the float inputs in (batch, spatial) order, {@code mean = (float) (sum /
   * n)}, then a serial double sum of the float products {@code (x - mean) * (x - mean)} in the same
   * order. This is PyTorch's order for contiguous input, so the results are bit-exact to it. Eight
   * (then four) channels run side by side (their chains are independent); the order within a
   * channel is never changed. With the Vector API ({@link VectorKernels}), eight channels run in
   * the lanes of one vector, in the same order; {@code work} holds at least {@link
   * VectorKernels#channelsFirstWorkspace()} floats.
   */
  static void channelsFirst(
      float[] x,
      int batch,
      int channels,
      int spatial,
      int from,
      int to,
      float[] mean,
      double[] squares,
      float[] work) {
    double n = (double) batch * spatial;
    int c = from;
    if (VectorKernels.available()) {
      c +=
          VectorKernels.channelsFirstStatistics(
              x, batch, channels, spatial, from, to, mean, squares, work);
    }
    for (; c + 8 <= to; c += 8) {
      eightChannels(x, batch, channels, spatial, c, n, mean, squares);
    }
    for (; c + 4 <= to; c += 4) {
      fourChannels(x, batch, channels, spatial, c, n, mean, squares);
    }
    for (; c < to; c++) {
      oneChannel(x, batch, channels, spatial, c, n, mean, squares);
    }
  }

  private static void eightChannels(
      float[] x,
      int batch,
      int channels,
      int spatial,
      int c,
      double n,
      float[] mean,
      double[] squares) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    double s4 = 0;
    double s5 = 0;
    double s6 = 0;
    double s7 = 0;
    for (int b = 0; b < batch; b++) {
      int p = (b * channels + c) * spatial;
      int end = p + spatial;
      for (int i = p; i < end; i++) {
        s0 += x[i];
        s1 += x[i + spatial];
        s2 += x[i + 2 * spatial];
        s3 += x[i + 3 * spatial];
        s4 += x[i + 4 * spatial];
        s5 += x[i + 5 * spatial];
        s6 += x[i + 6 * spatial];
        s7 += x[i + 7 * spatial];
      }
    }
    float m0 = (float) (s0 / n);
    float m1 = (float) (s1 / n);
    float m2 = (float) (s2 / n);
    float m3 = (float) (s3 / n);
    float m4 = (float) (s4 / n);
    float m5 = (float) (s5 / n);
    float m6 = (float) (s6 / n);
    float m7 = (float) (s7 / n);
    double q0 = 0;
    double q1 = 0;
    double q2 = 0;
    double q3 = 0;
    double q4 = 0;
    double q5 = 0;
    double q6 = 0;
    double q7 = 0;
    for (int b = 0; b < batch; b++) {
      int p = (b * channels + c) * spatial;
      int end = p + spatial;
      for (int i = p; i < end; i++) {
        float d0 = x[i] - m0;
        float d1 = x[i + spatial] - m1;
        float d2 = x[i + 2 * spatial] - m2;
        float d3 = x[i + 3 * spatial] - m3;
        float d4 = x[i + 4 * spatial] - m4;
        float d5 = x[i + 5 * spatial] - m5;
        float d6 = x[i + 6 * spatial] - m6;
        float d7 = x[i + 7 * spatial] - m7;
        q0 += d0 * d0;
        q1 += d1 * d1;
        q2 += d2 * d2;
        q3 += d3 * d3;
        q4 += d4 * d4;
        q5 += d5 * d5;
        q6 += d6 * d6;
        q7 += d7 * d7;
      }
    }
    mean[c] = m0;
    mean[c + 1] = m1;
    mean[c + 2] = m2;
    mean[c + 3] = m3;
    mean[c + 4] = m4;
    mean[c + 5] = m5;
    mean[c + 6] = m6;
    mean[c + 7] = m7;
    squares[c] = q0;
    squares[c + 1] = q1;
    squares[c + 2] = q2;
    squares[c + 3] = q3;
    squares[c + 4] = q4;
    squares[c + 5] = q5;
    squares[c + 6] = q6;
    squares[c + 7] = q7;
  }

  private static void fourChannels(
      float[] x,
      int batch,
      int channels,
      int spatial,
      int c,
      double n,
      float[] mean,
      double[] squares) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    for (int b = 0; b < batch; b++) {
      int p0 = (b * channels + c) * spatial;
      int p1 = p0 + spatial;
      int p2 = p1 + spatial;
      int p3 = p2 + spatial;
      for (int i = 0; i < spatial; i++) {
        s0 += x[p0 + i];
        s1 += x[p1 + i];
        s2 += x[p2 + i];
        s3 += x[p3 + i];
      }
    }
    float m0 = (float) (s0 / n);
    float m1 = (float) (s1 / n);
    float m2 = (float) (s2 / n);
    float m3 = (float) (s3 / n);
    double q0 = 0;
    double q1 = 0;
    double q2 = 0;
    double q3 = 0;
    for (int b = 0; b < batch; b++) {
      int p0 = (b * channels + c) * spatial;
      int p1 = p0 + spatial;
      int p2 = p1 + spatial;
      int p3 = p2 + spatial;
      for (int i = 0; i < spatial; i++) {
        float d0 = x[p0 + i] - m0;
        float d1 = x[p1 + i] - m1;
        float d2 = x[p2 + i] - m2;
        float d3 = x[p3 + i] - m3;
        q0 += d0 * d0;
        q1 += d1 * d1;
        q2 += d2 * d2;
        q3 += d3 * d3;
      }
    }
    mean[c] = m0;
    mean[c + 1] = m1;
    mean[c + 2] = m2;
    mean[c + 3] = m3;
    squares[c] = q0;
    squares[c + 1] = q1;
    squares[c + 2] = q2;
    squares[c + 3] = q3;
  }

  private static void oneChannel(
      float[] x,
      int batch,
      int channels,
      int spatial,
      int c,
      double n,
      float[] mean,
      double[] squares) {
    double s = 0;
    for (int b = 0; b < batch; b++) {
      int p = (b * channels + c) * spatial;
      for (int i = 0; i < spatial; i++) {
        s += x[p + i];
      }
    }
    float m = (float) (s / n);
    double q = 0;
    for (int b = 0; b < batch; b++) {
      int p = (b * channels + c) * spatial;
      for (int i = 0; i < spatial; i++) {
        float d = x[p + i] - m;
        q += d * d;
      }
    }
    mean[c] = m;
    squares[c] = q;
  }

  /**
   * {@code (rows, channels)} input (channels last, or 2-D) the way PyTorch's channels-last kernel
   * sums it with {@code threads} threads: rows split into {@code threads} contiguous chunks of
   * {@code ceil(rows / threads)}, a <b>float</b> buffer per chunk ({@code buf += x}, then {@code
   * buf = fma(x - mean, x - mean, buf)}), the chunk buffers added in double. With {@code rows <=
   * threads}, a serial double loop per channel. The chunks run one after the other here; the bits
   * are PyTorch's. {@code buffers} holds at least {@code threads * channels} floats; the row loops
   * run in {@code tiles}.
   */
  static void channelsLastTorch(
      float[] x,
      int rows,
      int channels,
      int threads,
      float[] mean,
      double[] squares,
      float[] buffers,
      ChannelsLastTiles tiles) {
    double n = rows;
    if (rows <= threads) {
      channelsLastScalar(x, rows, channels, n, mean, squares);
      return;
    }
    int chunk = (rows + threads - 1) / threads;
    Arrays.fill(buffers, 0, threads * channels, 0f);
    for (int t = 0; t < threads; t++) {
      int start = Math.min(rows, t * chunk);
      tiles.addRows(x, start, Math.min(rows, start + chunk), buffers, t * channels);
    }
    for (int c = 0; c < channels; c++) {
      double s = 0;
      for (int t = 0; t < threads; t++) {
        s += buffers[t * channels + c];
      }
      mean[c] = (float) (s / n);
    }
    Arrays.fill(buffers, 0, threads * channels, 0f);
    for (int t = 0; t < threads; t++) {
      int start = Math.min(rows, t * chunk);
      tiles.addSquaredDeviations(
          x, start, Math.min(rows, start + chunk), mean, buffers, t * channels);
    }
    for (int c = 0; c < channels; c++) {
      double s = 0;
      for (int t = 0; t < threads; t++) {
        s += buffers[t * channels + c];
      }
      squares[c] = s;
    }
  }

  private static void channelsLastScalar(
      float[] x, int rows, int channels, double n, float[] mean, double[] squares) {
    for (int c = 0; c < channels; c++) {
      double s = 0;
      for (int r = 0; r < rows; r++) {
        s += x[r * channels + c];
      }
      float m = (float) (s / n);
      double q = 0;
      for (int r = 0; r < rows; r++) {
        float d = x[r * channels + c] - m;
        q += d * d;
      }
      mean[c] = m;
      squares[c] = q;
    }
  }

  /**
   * {@code (rows, channels)} input for the Keras convention: {@code mean = (float) (x0 + sum(x -
   * x0) / n)} with {@code x0} the first row, then the sum of the float squares {@code (x -
   * mean)^2}; both summed in float blocks of {@link ChannelsLastTiles#BLOCK_ROWS} rows added in
   * double (vectorised). Not PyTorch's order; within TensorFlow's tolerance, and a large common
   * offset costs no precision. {@code firstRow} holds at least {@code channels} floats.
   */
  static void channelsLastKeras(
      float[] x,
      int rows,
      int channels,
      float[] mean,
      double[] squares,
      float[] firstRow,
      ChannelsLastTiles tiles) {
    System.arraycopy(x, 0, firstRow, 0, channels);
    tiles.shiftedSums(x, rows, firstRow, squares);
    for (int c = 0; c < channels; c++) {
      mean[c] = (float) (firstRow[c] + squares[c] / rows);
    }
    tiles.squaredDeviationSums(x, rows, mean, squares);
  }
}
