package io.nninit.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The tiled channels-last kernels (vectorised by C2 for common channel counts) against plain loops
 * written here from the PyTorch description (pytorch.md §8), bit for bit, for many channel and row
 * counts, interpreted and again after enough repetitions for C2 to compile them.
 */
class ChannelsLastKernelsTest {
  private static final int[] CHANNELS = {
    1, 3, 7, 8, 15, 16, 17, 24, 48, 63, 64, 65, 96, 128, 513, 2048, 2100
  };
  private static final int[] ROWS = {1, 2, 5, 37, 300};

  /** Plain PyTorch channels-last statistics: float buffers per chunk of rows, summed in double. */
  private static void reference(
      float[] x, int rows, int c, int threads, float[] mean, double[] squares) {
    if (rows <= threads) {
      for (int k = 0; k < c; k++) {
        double s = 0;
        for (int r = 0; r < rows; r++) {
          s += x[r * c + k];
        }
        float m = (float) (s / rows);
        double q = 0;
        for (int r = 0; r < rows; r++) {
          float d = x[r * c + k] - m;
          q += d * d;
        }
        mean[k] = m;
        squares[k] = q;
      }
      return;
    }
    int chunk = (rows + threads - 1) / threads;
    for (int k = 0; k < c; k++) {
      double s = 0;
      for (int t = 0; t < threads; t++) {
        float buf = 0f;
        for (int r = t * chunk; r < Math.min(rows, (t + 1) * chunk); r++) {
          buf += x[r * c + k];
        }
        s += buf;
      }
      mean[k] = (float) (s / rows);
      double q = 0;
      for (int t = 0; t < threads; t++) {
        float buf = 0f;
        for (int r = t * chunk; r < Math.min(rows, (t + 1) * chunk); r++) {
          float d = x[r * c + k] - mean[k];
          buf = Math.fma(d, d, buf);
        }
        q += buf;
      }
      squares[k] = q;
    }
  }

  private static float[] random(int n, Random random) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (3 + random.nextGaussian() * 2);
    }
    return x;
  }

  private static void compare(int c, int rows, int threads, Random random) {
    float[] x = random(rows * c, random);
    float[] mean = new float[c];
    double[] squares = new double[c];
    float[] expectedMean = new float[c];
    double[] expectedSquares = new double[c];
    ChannelStatistics.channelsLastTorch(
        x, rows, c, threads, mean, squares, new float[threads * c], new ChannelsLastTiles(c));
    reference(x, rows, c, threads, expectedMean, expectedSquares);
    for (int k = 0; k < c; k++) {
      assertEquals(
          Float.floatToRawIntBits(expectedMean[k]),
          Float.floatToRawIntBits(mean[k]),
          "mean, channels " + c + " rows " + rows + " threads " + threads + " channel " + k);
      assertEquals(
          Double.doubleToRawLongBits(expectedSquares[k]),
          Double.doubleToRawLongBits(squares[k]),
          "squares, channels " + c + " rows " + rows + " threads " + threads + " channel " + k);
    }
    float[] scale = random(c, random);
    float[] shift = random(c, random);
    for (boolean fused : new boolean[] {true, false}) {
      float[] y = new float[x.length];
      new ChannelsLastTiles(c).affine(x, y, rows, scale, shift, fused);
      for (int i = 0; i < x.length; i++) {
        float e =
            fused ? Math.fma(x[i], scale[i % c], shift[i % c]) : x[i] * scale[i % c] + shift[i % c];
        assertEquals(Float.floatToRawIntBits(e), Float.floatToRawIntBits(y[i]), "affine " + i);
      }
    }
  }

  @Test
  void tiledKernelsEqualPlainLoops() {
    Random random = new Random(9);
    for (int c : CHANNELS) {
      for (int rows : ROWS) {
        for (int threads = 1; threads <= 3; threads++) {
          compare(c, rows, threads, random);
        }
      }
    }
  }

  @Test
  void compiledKernelsStillEqualPlainLoops() {
    Random random = new Random(10);
    for (int rep = 0; rep < 300; rep++) {
      for (int c : new int[] {3, 8, 16, 64}) {
        compare(c, 200, 1 + rep % 2, random);
      }
    }
    tiledKernelsEqualPlainLoops();
  }
}
