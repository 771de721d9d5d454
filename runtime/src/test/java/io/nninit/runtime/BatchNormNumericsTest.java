package io.nninit.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Statistics under a large offset, never-negative variance, NaN propagation, in-place operation.
 */
class BatchNormNumericsTest {
  private static final int BATCH = 16;
  private static final int CHANNELS = 5;
  private static final int SPATIAL = 3 * 7;

  /** {@code (batch, channels, spatial)} values {@code offset + N(0, 1)}, float32. */
  private static float[] offsetGaussian(double offset, long seed) {
    Random random = new Random(seed);
    float[] x = new float[BATCH * CHANNELS * SPATIAL];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (offset + random.nextGaussian());
    }
    return x;
  }

  /** Float64 two-pass reference of one channel of a channels-first tensor: {mean, biased var}. */
  private static double[] reference(float[] x, int c) {
    double sum = 0;
    for (int b = 0; b < BATCH; b++) {
      for (int s = 0; s < SPATIAL; s++) {
        sum += x[(b * CHANNELS + c) * SPATIAL + s];
      }
    }
    double n = BATCH * SPATIAL;
    double mean = sum / n;
    double squares = 0;
    for (int b = 0; b < BATCH; b++) {
      for (int s = 0; s < SPATIAL; s++) {
        double d = x[(b * CHANNELS + c) * SPATIAL + s] - mean;
        squares += d * d;
      }
    }
    return new double[] {mean, squares / n};
  }

  private static BatchNormWeights fresh() {
    float[] zeros = new float[CHANNELS];
    float[] ones = new float[CHANNELS];
    Arrays.fill(ones, 1f);
    return Layouts.weights("bn", ones.clone(), zeros.clone(), zeros.clone(), ones.clone());
  }

  /** Keras with momentum 0 stores the batch statistics themselves as moving statistics. */
  @ParameterizedTest
  @EnumSource(ChannelLayout.class)
  void kerasVarianceSurvivesALargeOffset(ChannelLayout layout) {
    float[] x = offsetGaussian(1e4, 1);
    BatchNorm bn = BatchNorm.keras("bn", CHANNELS, layout, 0.0, 1e-3, KerasMovingUpdate.KERAS3);
    BatchNormWeights w = fresh();
    float[] in =
        layout == ChannelLayout.CHANNELS_LAST
            ? Layouts.toChannelsLast(x, BATCH, CHANNELS, SPATIAL)
            : x;
    bn.training(w, in, new float[x.length], BATCH, SPATIAL);
    for (int c = 0; c < CHANNELS; c++) {
      double[] ref = reference(x, c);
      assertEquals(ref[1], w.movingVariance()[c], 1e-5 * ref[1], "variance of channel " + c);
      assertEquals(ref[0], w.movingMean()[c], Math.ulp(1e4f), "mean of channel " + c);
    }
  }

  /**
   * Many rows, channels last: the float blocks of the Keras statistics keep the offset harmless.
   */
  @Test
  void kerasChannelsLastVarianceSurvivesALargeOffsetOverManyRows() {
    int rows = 60000;
    int channels = 8;
    Random random = new Random(12);
    float[] x = new float[rows * channels];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (1e4 + (i % channels + 1) * random.nextGaussian());
    }
    BatchNorm bn =
        BatchNorm.keras(
            "bn", channels, ChannelLayout.CHANNELS_LAST, 0.0, 1e-3, KerasMovingUpdate.KERAS3);
    float[] ones = new float[channels];
    Arrays.fill(ones, 1f);
    BatchNormWeights w =
        Layouts.weights("bn", ones, new float[channels], new float[channels], ones);
    bn.training(w, x, new float[x.length], rows, 1);
    for (int c = 0; c < channels; c++) {
      double sum = 0;
      for (int r = 0; r < rows; r++) {
        sum += x[r * channels + c];
      }
      double mean = sum / rows;
      double squares = 0;
      for (int r = 0; r < rows; r++) {
        double d = x[r * channels + c] - mean;
        squares += d * d;
      }
      double variance = squares / rows;
      assertEquals(variance, w.movingVariance()[c], 1e-5 * variance, "variance of channel " + c);
      assertEquals(mean, w.movingMean()[c], Math.ulp(1e4f), "mean of channel " + c);
    }
  }

  /** PyTorch (contiguous) with momentum 1 stores the unbiased batch variance. */
  @Test
  void torchContiguousVarianceSurvivesALargeOffset() {
    float[] x = offsetGaussian(1e4, 2);
    BatchNorm bn = BatchNorm.pytorch("bn", CHANNELS, ChannelLayout.CHANNELS_FIRST, 1.0, 1e-5, 1);
    BatchNormWeights w = fresh();
    bn.training(w, x, new float[x.length], BATCH, SPATIAL);
    double n = BATCH * SPATIAL;
    for (int c = 0; c < CHANNELS; c++) {
      double unbiased = reference(x, c)[1] * n / (n - 1);
      assertEquals(unbiased, w.movingVariance()[c], 1e-5 * unbiased, "variance of channel " + c);
    }
  }

  /**
   * A constant channel has variance exactly 0 with double sums (Keras, PyTorch contiguous);
   * PyTorch's channels-last float buffers round the sum of 10000.1f, so there it is only
   * non-negative, as in PyTorch. The output is beta up to the rounding of the shift ({@code -mean *
   * scale}).
   */
  @ParameterizedTest
  @EnumSource(ChannelLayout.class)
  void constantChannelsHaveZeroVarianceAndOutputBeta(ChannelLayout layout) {
    BatchNorm[] layers = {
      BatchNorm.keras("bn", CHANNELS, layout, 0.0, 1e-3, KerasMovingUpdate.KERAS3),
      BatchNorm.pytorch("bn", CHANNELS, layout, 1.0, 1e-5, 2)
    };
    for (float value : new float[] {10000.1f, 0.5f}) {
      float[] x = new float[BATCH * CHANNELS * SPATIAL];
      Arrays.fill(x, value);
      for (int i = 0; i < layers.length; i++) {
        BatchNormWeights w = fresh();
        Arrays.fill(w.beta(), 0.25f);
        float[] y = new float[x.length];
        layers[i].training(w, x, y, BATCH, SPATIAL);
        boolean floatBuffers = i == 1 && layout == ChannelLayout.CHANNELS_LAST;
        for (int c = 0; c < CHANNELS; c++) {
          if (floatBuffers) {
            assertTrue(w.movingVariance()[c] >= 0f);
          } else {
            assertEquals(0f, w.movingVariance()[c]);
          }
        }
        if (value == 0.5f) {
          for (float v : y) {
            assertEquals(0.25f, v, 1e-3f);
          }
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(ChannelLayout.class)
  void varianceIsNeverNegative(ChannelLayout layout) {
    Random random = new Random(3);
    for (int trial = 0; trial < 50; trial++) {
      float[] x = new float[BATCH * CHANNELS * SPATIAL];
      float base = (float) (random.nextGaussian() * 1e6);
      for (int i = 0; i < x.length; i++) {
        x[i] = random.nextInt(4) == 0 ? Math.nextUp(base) : base;
      }
      for (BatchNorm bn :
          new BatchNorm[] {
            BatchNorm.keras("bn", CHANNELS, layout, 0.0, 1e-3, KerasMovingUpdate.KERAS3),
            BatchNorm.pytorch("bn", CHANNELS, layout, 1.0, 1e-5, 1)
          }) {
        BatchNormWeights w = fresh();
        bn.training(w, x, new float[x.length], BATCH, SPATIAL);
        for (float v : w.movingVariance()) {
          assertTrue(v >= 0f, "variance " + v);
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(ChannelLayout.class)
  void nanReachesItsChannelOnly(ChannelLayout layout) {
    float[] x = offsetGaussian(0, 4);
    for (BatchNorm bn :
        new BatchNorm[] {
          BatchNorm.keras("bn", CHANNELS, layout, 0.5, 1e-3, KerasMovingUpdate.KERAS3),
          BatchNorm.pytorch("bn", CHANNELS, layout, 0.5, 1e-5, 2)
        }) {
      float[] in = x.clone();
      int channel = 2;
      in[(3 * CHANNELS + channel) * SPATIAL + 5] = Float.NaN;
      if (layout == ChannelLayout.CHANNELS_LAST) {
        in = Layouts.toChannelsLast(in, BATCH, CHANNELS, SPATIAL);
      }
      BatchNormWeights w = fresh();
      float[] y = new float[x.length];
      bn.training(w, in, y, BATCH, SPATIAL);
      if (layout == ChannelLayout.CHANNELS_LAST) {
        y = Layouts.toChannelsFirst(y, BATCH, CHANNELS, SPATIAL);
      }
      for (int c = 0; c < CHANNELS; c++) {
        assertEquals(c == channel, Float.isNaN(w.movingMean()[c]), "moving mean " + c);
        assertEquals(c == channel, Float.isNaN(w.movingVariance()[c]), "moving variance " + c);
        for (int b = 0; b < BATCH; b++) {
          for (int s = 0; s < SPATIAL; s++) {
            assertEquals(c == channel, Float.isNaN(y[(b * CHANNELS + c) * SPATIAL + s]));
          }
        }
      }
      // Inference with the NaN moving statistics: again only that channel.
      float[] z = new float[x.length];
      bn.inference(
          w,
          layout == ChannelLayout.CHANNELS_LAST
              ? Layouts.toChannelsLast(x, BATCH, CHANNELS, SPATIAL)
              : x,
          z,
          BATCH,
          SPATIAL);
      int nan = 0;
      for (float v : z) {
        nan += Float.isNaN(v) ? 1 : 0;
      }
      assertEquals(BATCH * SPATIAL, nan);
    }
  }

  @ParameterizedTest
  @EnumSource(ChannelLayout.class)
  void inPlaceGivesTheSameBits(ChannelLayout layout) {
    float[] x = offsetGaussian(3, 5);
    for (int mode = 0; mode < 3; mode++) {
      BatchNorm[] layers = {
        BatchNorm.keras("bn", CHANNELS, layout, 0.9, 1e-3, KerasMovingUpdate.KERAS3),
        BatchNorm.pytorch("bn", CHANNELS, layout, 0.1, 1e-5, 2)
      };
      for (BatchNorm bn : layers) {
        BatchNormWeights w1 = fresh();
        BatchNormWeights w2 = fresh();
        float[] y = new float[x.length];
        float[] inPlace = x.clone();
        if (mode == 0) {
          bn.training(w1, x, y, BATCH, SPATIAL);
          bn.training(w2, inPlace, inPlace, BATCH, SPATIAL);
        } else if (mode == 1) {
          bn.inference(w1, x, y, BATCH, SPATIAL);
          bn.inference(w2, inPlace, inPlace, BATCH, SPATIAL);
        } else {
          bn.batchStatistics(w1, x, y, BATCH, SPATIAL);
          bn.batchStatistics(w2, inPlace, inPlace, BATCH, SPATIAL);
        }
        TorchBatchNormOracleTest.assertBits(y, inPlace, "in place, mode " + mode);
        TorchBatchNormOracleTest.assertBits(w1.movingVariance(), w2.movingVariance(), "variance");
      }
    }
  }

  /** Channels-first training runs in groups of eight channels: in place across several groups. */
  @Test
  void inPlaceAcrossChannelGroups() {
    int channels = 20;
    int batch = 3;
    int spatial = 7;
    Random random = new Random(13);
    float[] x = new float[batch * channels * spatial];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextGaussian();
    }
    for (BatchNorm bn :
        new BatchNorm[] {
          BatchNorm.pytorch("bn", channels, ChannelLayout.CHANNELS_FIRST, 0.1, 1e-5, 1),
          BatchNorm.keras(
              "bn", channels, ChannelLayout.CHANNELS_FIRST, 0.9, 1e-3, KerasMovingUpdate.KERAS3)
        }) {
      float[] ones = new float[channels];
      Arrays.fill(ones, 1f);
      BatchNormWeights w1 =
          Layouts.weights("bn", ones, new float[channels], new float[channels], ones);
      BatchNormWeights w2 =
          Layouts.weights("bn", ones, new float[channels], new float[channels], ones);
      float[] y = new float[x.length];
      float[] inPlace = x.clone();
      bn.training(w1, x, y, batch, spatial);
      bn.training(w2, inPlace, inPlace, batch, spatial);
      TorchBatchNormOracleTest.assertBits(y, inPlace, "in place");
      TorchBatchNormOracleTest.assertBits(w1.movingMean(), w2.movingMean(), "mean");
      TorchBatchNormOracleTest.assertBits(w1.movingVariance(), w2.movingVariance(), "variance");
    }
  }

  /** A layer without gamma / beta (scale=False / center=False, affine=False) uses 1 and 0. */
  @ParameterizedTest
  @EnumSource(ChannelLayout.class)
  void absentGammaAndBetaCountAsOneAndZero(ChannelLayout layout) {
    float[] x = offsetGaussian(2, 14);
    float[] ones = new float[CHANNELS];
    Arrays.fill(ones, 1f);
    float[] variance = {0.5f, 1.5f, 2f, 3f, 4f};
    float[] mean = {0.1f, -0.2f, 0.3f, 0f, 1f};
    for (int convention = 0; convention < 2; convention++) {
      for (boolean training : new boolean[] {false, true}) {
        BatchNorm bn =
            convention == 0
                ? BatchNorm.keras("bn", CHANNELS, layout, 0.9, 1e-3, KerasMovingUpdate.KERAS3)
                : BatchNorm.pytorch("bn", CHANNELS, layout, 0.1, 1e-5, 1);
        BatchNormWeights absent = Layouts.weights("bn", null, null, mean.clone(), variance.clone());
        BatchNormWeights explicit =
            Layouts.weights("bn", ones, new float[CHANNELS], mean.clone(), variance.clone());
        float[] y1 = new float[x.length];
        float[] y2 = new float[x.length];
        if (training) {
          bn.training(absent, x, y1, BATCH, SPATIAL);
          bn.training(explicit, x, y2, BATCH, SPATIAL);
        } else {
          bn.inference(absent, x, y1, BATCH, SPATIAL);
          bn.inference(explicit, x, y2, BATCH, SPATIAL);
        }
        TorchBatchNormOracleTest.assertBits(y2, y1, "output");
        TorchBatchNormOracleTest.assertBits(
            explicit.movingVariance(), absent.movingVariance(), "var");
      }
    }
  }

  @Test
  void batchSizeIsChosenPerCall() {
    BatchNorm bn = BatchNorm.pytorch("bn", CHANNELS, ChannelLayout.CHANNELS_FIRST, 0.1, 1e-5, 1);
    BatchNormWeights w = fresh();
    float[] x = offsetGaussian(0, 6);
    float[] half = Arrays.copyOf(x, x.length / 2);
    float[] y = new float[half.length];
    bn.training(w, half, y, BATCH / 2, SPATIAL);
    bn.training(w, x, new float[x.length], BATCH, SPATIAL);
    assertEquals(2, w.numBatchesTracked());
    assertFalse(Float.isNaN(y[0]));
  }
}
