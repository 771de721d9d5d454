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
   * {@code (batch, channels, spatial)} input: for every channel a serial double sum of the float
   * inputs in (batch, spatial) order, {@code mean = (float) (sum / n)}, then a serial double sum of
   * the float products {@code (x - mean) * (x - mean)} in the same order. This is PyTorch's order for
   * contiguous input, so the results are bit-exact to it. Four channels run side by side (their
   * chains are independent); the order within a channel is never changed.
   */
  static void channelsFirst(
      float[] x, int batch, int channels, int spatial, float[] mean, double[] squares) {
    double n = (double) batch * spatial;
    int c = 0;
    for (; c + 4 <= channels; c += 4) {
      fourChannels(x, batch, channels, spatial, c, n, mean, squares);
    }
    for (; c < channels; c++) {
      oneChannel(x, batch, channels, spatial, c, n, mean, squares);
    }
  }

  private static void fourChannels(
      float[] x, int batch, int channels, int spatial, int c, double n, float[] mean,
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
      float[] x, int batch, int channels, int spatial, int c, double n, float[] mean,
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
   * {@code ceil(rows / threads)}, a <b>float</b> buffer per chunk ({@code buf += x}, then {@code buf
   * = fma(x - mean, x - mean, buf)}), the chunk buffers added in double. With {@code rows <=
   * threads}, a serial double loop per channel. The chunks run one after the other here; the bits
   * are PyTorch's. {@code buffers} holds at least {@code threads * channels} floats.
   */
  static void channelsLastTorch(
      float[] x, int rows, int channels, int threads, float[] mean, double[] squares,
      float[] buffers) {
    double n = rows;
    if (rows <= threads) {
      channelsLastScalar(x, rows, channels, n, mean, squares);
      return;
    }
    int chunk = (rows + threads - 1) / threads;
    Arrays.fill(buffers, 0, threads * channels, 0f);
    for (int t = 0; t < threads; t++) {
      int end = Math.min(rows, (t + 1) * chunk);
      int buf = t * channels;
      for (int r = t * chunk; r < end; r++) {
        int p = r * channels;
        for (int c = 0; c < channels; c++) {
          buffers[buf + c] += x[p + c];
        }
      }
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
      int end = Math.min(rows, (t + 1) * chunk);
      int buf = t * channels;
      for (int r = t * chunk; r < end; r++) {
        int p = r * channels;
        for (int c = 0; c < channels; c++) {
          float d = x[p + c] - mean[c];
          buffers[buf + c] = Math.fma(d, d, buffers[buf + c]);
        }
      }
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
   * {@code (rows, channels)} input summed in double per channel (rows in order), for the Keras
   * convention: the precision of the contiguous kernel with channels-last memory access. {@code
   * sums} holds at least {@code channels} doubles.
   */
  static void channelsLastDouble(
      float[] x, int rows, int channels, float[] mean, double[] squares, double[] sums) {
    double n = rows;
    Arrays.fill(sums, 0, channels, 0.0);
    for (int r = 0; r < rows; r++) {
      int p = r * channels;
      for (int c = 0; c < channels; c++) {
        sums[c] += x[p + c];
      }
    }
    for (int c = 0; c < channels; c++) {
      mean[c] = (float) (sums[c] / n);
    }
    Arrays.fill(squares, 0, channels, 0.0);
    for (int r = 0; r < rows; r++) {
      int p = r * channels;
      for (int c = 0; c < channels; c++) {
        float d = x[p + c] - mean[c];
        squares[c] += d * d;
      }
    }
  }
}
