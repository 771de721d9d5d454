package io.nninit.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Runs on JDK 21+ only (failsafe, against the multi-release jar, with the incubator module): the
 * batch-norm Vector API kernels against plain loops written here from their scalar definitions
 * (PyTorch's orders, pytorch.md §8, which the scalar kernels follow and the oracle tests check),
 * bit for bit, at the awkward places: channel counts that are not a multiple of the lanes (1, 3,
 * 17, 65), spatial sizes that are not a multiple of 8 or smaller than a vector, partial channel
 * ranges, offsets into the buffers, in place ({@code x == y}), ranks 2 to 5 through {@link
 * BatchNorm}; then once more after C2 has compiled them.
 */
class BatchNormVectorKernelsIT {
  private static final int[] CHANNELS = {1, 3, 8, 9, 16, 17, 24, 64, 65};

  /** Spatial sizes of ranks 2 to 5: 1; 7, 64, 65; 3 x 5, 8 x 8, 9 x 15; 2 x 3 x 5, 3 x 7 x 11. */
  private static final int[] SPATIAL = {1, 7, 64, 65, 15, 9 * 15, 30, 231, 2, 130};

  private static float[] values(int n, SplittableRandom random) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] =
          switch (random.nextInt(20)) {
            case 0 -> -0.0f;
            case 1 -> (float) (1e4 + random.nextGaussian()); // a large offset
            default -> (float) (3 + 2 * random.nextGaussian());
          };
    }
    return x;
  }

  private static void assertSameBits(float[] expected, float[] actual, String what) {
    for (int i = 0; i < expected.length; i++) {
      assertEquals(
          Float.floatToRawIntBits(expected[i]),
          Float.floatToRawIntBits(actual[i]),
          what + ", element " + i);
    }
  }

  private static void assertSameBits(double[] expected, double[] actual, String what) {
    for (int i = 0; i < expected.length; i++) {
      assertEquals(
          Double.doubleToRawLongBits(expected[i]),
          Double.doubleToRawLongBits(actual[i]),
          what + ", element " + i);
    }
  }

  @Test
  void theVectorKernelsAreTheOnesRunning() {
    assertTrue(VectorKernels.available(), VectorKernels.describe());
  }

  @Test
  void channelsFirstStatisticsAreSerialDoubleSums() {
    SplittableRandom random = new SplittableRandom(31);
    float[] work = new float[VectorKernels.channelsFirstWorkspace()];
    for (int channels : CHANNELS) {
      for (int spatial : SPATIAL) {
        int batch = 1 + random.nextInt(3);
        float[] x = values(batch * channels * spatial, random);
        int from = random.nextInt(channels);
        int to = from + 1 + random.nextInt(channels - from);
        float[] mean = new float[channels];
        double[] squares = new double[channels];
        ChannelStatistics.channelsFirst(x, batch, channels, spatial, from, to, mean, squares, work);
        float[] expectedMean = new float[channels];
        double[] expectedSquares = new double[channels];
        for (int c = from; c < to; c++) {
          ChannelsFirstKernelsTest.reference(
              x, batch, channels, spatial, c, expectedMean, expectedSquares);
        }
        String at = "channels " + channels + " [" + from + ", " + to + ") spatial " + spatial;
        assertSameBits(expectedMean, mean, "mean, " + at);
        assertSameBits(expectedSquares, squares, "squares, " + at);
      }
    }
  }

  @Test
  void channelsFirstVectorKernelDoesWholeGroupsOfEight() {
    assumeTrue(
        VectorKernels.describe().matches(".* (512|1024|2048)-bit .*"),
        "the channels-first statistics kernel needs eight double lanes");
    float[] x = values(2 * 20 * 9, new SplittableRandom(5));
    int done =
        VectorKernels.channelsFirstStatistics(
            x,
            2,
            20,
            9,
            1,
            20,
            new float[20],
            new double[20],
            new float[VectorKernels.channelsFirstWorkspace()]);
    assertEquals(16, done);
    assertEquals(
        0,
        VectorKernels.channelsFirstStatistics(
            x, 2, 20, 9, 0, 20, new float[20], new double[20], new float[1]),
        "a short workspace leaves the work to the scalar code");
  }

  @Test
  void channelsLastFloatBuffersFromAnyRowAndOffset() {
    SplittableRandom random = new SplittableRandom(32);
    for (int c : CHANNELS) {
      for (int rows : new int[] {1, 2, 5, 37, 300}) {
        float[] x = values(rows * c, random);
        int from = random.nextInt(rows);
        int off = random.nextInt(4);
        float[] mean = values(c, random);
        float[] buffer = values(off + c + 2, random);
        float[] expected = buffer.clone();
        for (int r = from; r < rows; r++) {
          for (int k = 0; k < c; k++) {
            expected[off + k] += x[r * c + k];
          }
        }
        assertEquals(rows - from, VectorKernels.channelsLastAddRows(x, from, rows, c, buffer, off));
        assertSameBits(expected, buffer, "sums, channels " + c + " rows " + rows);
        for (int r = from; r < rows; r++) {
          for (int k = 0; k < c; k++) {
            float d = x[r * c + k] - mean[k];
            expected[off + k] = Math.fma(d, d, expected[off + k]);
          }
        }
        assertEquals(
            rows - from,
            VectorKernels.channelsLastAddSquaredDeviations(x, from, rows, c, mean, buffer, off));
        assertSameBits(expected, buffer, "squares, channels " + c + " rows " + rows);
      }
    }
  }

  @Test
  void affinePassesInPlaceAndNot() {
    SplittableRandom random = new SplittableRandom(33);
    for (int c : CHANNELS) {
      for (int spatial : SPATIAL) {
        int batch = 1 + random.nextInt(3);
        float[] x = values(batch * c * spatial, random);
        float[] scale = values(c, random);
        float[] shift = values(c, random);
        for (boolean fused : new boolean[] {true, false}) {
          for (boolean inPlace : new boolean[] {false, true}) {
            String at = "channels " + c + " spatial " + spatial + " fused " + fused;
            // channels last: one row per (batch, spatial) position
            int rows = batch * spatial;
            float[] expected = new float[x.length];
            for (int i = 0; i < x.length; i++) {
              int k = i % c;
              expected[i] = fused ? Math.fma(x[i], scale[k], shift[k]) : x[i] * scale[k] + shift[k];
            }
            float[] y = inPlace ? x.clone() : new float[x.length];
            new ChannelsLastTiles(c).affine(inPlace ? y : x, y, rows, scale, shift, fused);
            assertSameBits(expected, y, "channels last, " + at);
            // channels first, a partial channel range
            int from = random.nextInt(c);
            int to = from + 1 + random.nextInt(c - from);
            y = inPlace ? x.clone() : new float[x.length];
            for (int i = 0; i < x.length; i++) {
              int k = i / spatial % c;
              expected[i] =
                  k < from || k >= to
                      ? y[i]
                      : fused ? Math.fma(x[i], scale[k], shift[k]) : x[i] * scale[k] + shift[k];
            }
            ChannelAffine.channelsFirst(
                inPlace ? y : x, y, batch, c, spatial, from, to, scale, shift, fused);
            assertSameBits(expected, y, "channels first [" + from + ", " + to + "), " + at);
          }
        }
      }
    }
  }

  @Test
  void pytorchForwardPassesOfRanksTwoToFive() {
    SplittableRandom random = new SplittableRandom(34);
    for (int c : CHANNELS) {
      for (int spatial : SPATIAL) {
        for (ChannelLayout layout : ChannelLayout.values()) {
          int batch = 2 + random.nextInt(3);
          float[] first = values(batch * c * spatial, random);
          float[] variance = values(c, random);
          for (int k = 0; k < c; k++) {
            variance[k] = Math.abs(variance[k]) + 0.5f;
          }
          BatchNormWeights w =
              Layouts.weights(
                  "bn", values(c, random), values(c, random), values(c, random), variance);
          // expected: plain statistics, the (oracle-tested) rule's coefficients, a plain fma
          float[] mean = new float[c];
          double[] squares = new double[c];
          for (int k = 0; k < c; k++) {
            ChannelsFirstKernelsTest.reference(first, batch, c, spatial, k, mean, squares);
          }
          TorchRule rule = new TorchRule(0.1, false, 1e-5);
          float[] scale = new float[c];
          float[] shift = new float[c];
          long n = (long) batch * spatial;
          boolean exactStatistics = layout == ChannelLayout.CHANNELS_FIRST && spatial > 1;
          float[] x =
              layout == ChannelLayout.CHANNELS_FIRST
                  ? first
                  : Layouts.toChannelsLast(first, batch, c, spatial);
          BatchNorm bn = BatchNorm.pytorch("bn", c, layout, 0.1, 1e-5, 1);
          String at = layout + ", channels " + c + " spatial " + spatial + " batch " + batch;
          if (exactStatistics) {
            rule.training(
                w, mean, squares, n, scale, shift, false, rule.beginTraining(w, false), 0, c);
            float[] y = x.clone();
            bn.batchStatistics(w, y, y, batch, spatial);
            assertSameBits(affineFirst(x, c, spatial, scale, shift), y, "train, " + at);
          }
          rule.inference(w, scale, shift);
          float[] expected =
              layout == ChannelLayout.CHANNELS_FIRST
                  ? affineFirst(x, c, spatial, scale, shift)
                  : affineLast(x, c, scale, shift);
          float[] y = new float[x.length];
          bn.inference(w, x, y, batch, spatial);
          assertSameBits(expected, y, "eval, " + at);
          bn.inference(w, x, x, batch, spatial);
          assertSameBits(expected, x, "eval in place, " + at);
        }
      }
    }
  }

  private static float[] affineFirst(float[] x, int c, int spatial, float[] scale, float[] shift) {
    float[] y = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      int k = i / spatial % c;
      y[i] = Math.fma(x[i], scale[k], shift[k]);
    }
    return y;
  }

  private static float[] affineLast(float[] x, int c, float[] scale, float[] shift) {
    float[] y = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = Math.fma(x[i], scale[i % c], shift[i % c]);
    }
    return y;
  }

  @Test
  void compiledKernelsStillEqualPlainLoops() {
    for (int rep = 0; rep < 40; rep++) {
      channelsFirstStatisticsAreSerialDoubleSums();
      channelsLastFloatBuffersFromAnyRowAndOffset();
      affinePassesInPlaceAndNot();
    }
    pytorchForwardPassesOfRanksTwoToFive();
  }

  @Test
  void vectorKernelsAllocateNothingOnceCompiled() {
    float[] x = values(3 * 17 * 65, new SplittableRandom(35));
    float[] y = new float[x.length];
    float[] work = new float[VectorKernels.channelsFirstWorkspace()];
    float[] mean = new float[17];
    double[] squares = new double[17];
    float[] buffer = new float[17];
    float[] scale = new float[17];
    Arrays.fill(scale, 0.5f);
    ChannelsLastTiles tiles = new ChannelsLastTiles(17);
    assertEquals(
        0,
        Allocations.afterWarmUp(
            () -> ChannelStatistics.channelsFirst(x, 3, 17, 65, 0, 17, mean, squares, work)));
    assertEquals(0, Allocations.afterWarmUp(() -> tiles.addRows(x, 0, 195, buffer, 0)));
    assertEquals(
        0, Allocations.afterWarmUp(() -> tiles.addSquaredDeviations(x, 0, 195, mean, buffer, 0)));
    assertEquals(0, Allocations.afterWarmUp(() -> tiles.affine(x, y, 195, scale, mean, true)));
    assertEquals(
        0,
        Allocations.afterWarmUp(
            () -> ChannelAffine.channelsFirst(x, y, 3, 17, 65, 0, 17, scale, mean, false)));
  }
}
