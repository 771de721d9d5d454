package io.nninit.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The channels-first kernels (eight and four channels side by side, then one at a time; the
 * elementwise pass plane by plane) against plain loops written here from the PyTorch description
 * (pytorch.md §8: per channel a serial double sum in (batch, spatial) order, {@code mean = (float)
 * (sum / n)}, then a serial double sum of the float squares {@code (x - mean)^2}), bit for bit, for
 * channel counts that exercise every path, partial channel ranges, and again after enough
 * repetitions for C2 to compile them.
 */
class ChannelsFirstKernelsTest {
  private static final int[] CHANNELS = {1, 3, 4, 5, 8, 9, 12, 13, 16, 17, 64};
  private static final int[] SPATIAL = {2, 7, 64, 130};

  /**
   * Channel {@code c}'s mean and sum of squares from plain loops in PyTorch's order; also the
   * reference of {@code BatchNormVectorKernelsIT}.
   */
  static void reference(
      float[] x, int batch, int channels, int spatial, int c, float[] mean, double[] squares) {
    double s = 0;
    for (int b = 0; b < batch; b++) {
      for (int i = 0; i < spatial; i++) {
        s += x[(b * channels + c) * spatial + i];
      }
    }
    float m = (float) (s / ((double) batch * spatial));
    double q = 0;
    for (int b = 0; b < batch; b++) {
      for (int i = 0; i < spatial; i++) {
        float d = x[(b * channels + c) * spatial + i] - m;
        q += d * d;
      }
    }
    mean[c] = m;
    squares[c] = q;
  }

  private static void compare(
      int batch, int channels, int spatial, int from, int to, Random random) {
    float[] x = new float[batch * channels * spatial];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (3 + random.nextGaussian() * 2);
    }
    float[] mean = new float[channels];
    double[] squares = new double[channels];
    ChannelStatistics.channelsFirst(
        x,
        batch,
        channels,
        spatial,
        from,
        to,
        mean,
        squares,
        new float[VectorKernels.channelsFirstWorkspace()]);
    float[] expectedMean = new float[channels];
    double[] expectedSquares = new double[channels];
    for (int c = from; c < to; c++) {
      reference(x, batch, channels, spatial, c, expectedMean, expectedSquares);
    }
    String at =
        "batch "
            + batch
            + " channels "
            + channels
            + " ["
            + from
            + ", "
            + to
            + ") spatial "
            + spatial;
    for (int c = 0; c < channels; c++) {
      assertEquals(
          Float.floatToRawIntBits(expectedMean[c]),
          Float.floatToRawIntBits(mean[c]),
          "mean, " + at + " channel " + c);
      assertEquals(
          Double.doubleToRawLongBits(expectedSquares[c]),
          Double.doubleToRawLongBits(squares[c]),
          "squares, " + at + " channel " + c);
    }
    float[] scale = new float[channels];
    float[] shift = new float[channels];
    for (int c = 0; c < channels; c++) {
      scale[c] = (float) random.nextGaussian();
      shift[c] = (float) random.nextGaussian();
    }
    for (boolean fused : new boolean[] {true, false}) {
      float[] y = new float[x.length];
      ChannelAffine.channelsFirst(x, y, batch, channels, spatial, from, to, scale, shift, fused);
      for (int i = 0; i < x.length; i++) {
        int c = i / spatial % channels;
        float e =
            c < from || c >= to
                ? 0f
                : fused ? Math.fma(x[i], scale[c], shift[c]) : x[i] * scale[c] + shift[c];
        assertEquals(
            Float.floatToRawIntBits(e),
            Float.floatToRawIntBits(y[i]),
            (fused ? "fma, " : "mul-add, ") + at + " element " + i);
      }
    }
  }

  @Test
  void kernelsEqualPlainLoops() {
    Random random = new Random(11);
    for (int channels : CHANNELS) {
      for (int spatial : SPATIAL) {
        compare(3, channels, spatial, 0, channels, random);
        compare(1, channels, spatial, channels / 3, channels - channels / 4, random);
      }
    }
  }

  @Test
  void compiledKernelsStillEqualPlainLoops() {
    Random random = new Random(12);
    for (int rep = 0; rep < 200; rep++) {
      compare(2, 13, 64, 0, 13, random);
    }
    kernelsEqualPlainLoops();
  }
}
