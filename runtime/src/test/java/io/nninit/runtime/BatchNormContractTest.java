package io.nninit.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Bad input leaves everything untouched; no stale coefficients; no allocation per call. */
class BatchNormContractTest {
  private static final int C = 3;
  private static final int SPATIAL = 4;
  private static final int BATCH = 2;

  private static float[] random(int n, long seed) {
    Random r = new Random(seed);
    float[] a = new float[n];
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) r.nextGaussian();
    }
    return a;
  }

  private static BatchNormWeights weights(int channels) {
    float[] variance = new float[channels];
    for (int c = 0; c < channels; c++) {
      variance[c] = 0.5f + c;
    }
    return Layouts.weights(
        "bn", random(channels, 1), random(channels, 2), random(channels, 3), variance);
  }

  private interface Call {
    void run(BatchNorm bn, BatchNormWeights w, float[] x, float[] y, int batch, int spatial);
  }

  private static final Call TRAINING = BatchNorm::training;
  private static final Call INFERENCE = BatchNorm::inference;

  /** Runs a bad call and checks the message and that nothing was written. */
  private static void rejects(
      BatchNorm bn,
      BatchNormWeights w,
      float[] x,
      float[] y,
      int batch,
      int spatial,
      String... fragments) {
    for (Call call : new Call[] {TRAINING, INFERENCE, BatchNorm::batchStatistics}) {
      float[] mean = w == null ? null : w.movingMean().clone();
      float[] var = w == null ? null : w.movingVariance().clone();
      long tracked = w == null ? 0 : w.numBatchesTracked();
      float[] xBefore = x == null ? null : x.clone();
      float[] yBefore = y == null ? null : y.clone();
      Executable bad = () -> call.run(bn, w, x, y, batch, spatial);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, bad);
      assertTrue(e.getMessage().contains("layer conv1_bn"), e.getMessage());
      for (String f : fragments) {
        assertTrue(e.getMessage().contains(f), () -> e.getMessage() + " lacks " + f);
      }
      if (w != null) {
        assertArrayEquals(mean, w.movingMean());
        assertArrayEquals(var, w.movingVariance());
        assertEquals(tracked, w.numBatchesTracked());
      }
      if (x != null) {
        assertArrayEquals(xBefore, x);
      }
      if (y != null) {
        assertArrayEquals(yBefore, y);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(ChannelLayout.class)
  void badInputIsRejectedBeforeAnythingIsWritten(ChannelLayout layout) {
    BatchNorm[] layers = {
      BatchNorm.keras("conv1_bn", C, layout, 0.99, 1e-3, KerasMovingUpdate.KERAS3),
      BatchNorm.pytorch("conv1_bn", C, layout, 0.1, 1e-5, 2)
    };
    for (BatchNorm bn : layers) {
      BatchNormWeights w = weights(C);
      float[] x = random(BATCH * C * SPATIAL, 7);
      float[] y = random(BATCH * C * SPATIAL, 8);
      rejects(bn, w, Arrays.copyOf(x, 23), y, BATCH, SPATIAL, "x has length 23", "expected 24");
      rejects(bn, w, x, new float[25], BATCH, SPATIAL, "y has length 25", "expected 24");
      rejects(bn, w, x, y, 3, SPATIAL, "x has length 24", "expected 36");
      rejects(bn, w, x, y, 0, SPATIAL, "batch must be > 0, was 0");
      rejects(bn, w, x, y, -2, SPATIAL, "batch must be > 0, was -2");
      rejects(bn, w, x, y, BATCH, 0, "spatial size", "was 0");
      rejects(bn, w, null, y, BATCH, SPATIAL, "x must not be null");
      rejects(bn, w, x, null, BATCH, SPATIAL, "y must not be null");
      rejects(bn, null, x, y, BATCH, SPATIAL, "weights must not be null");
      rejects(bn, weights(4), x, y, BATCH, SPATIAL, "moving mean has length 4", "expected 3");
      BatchNormWeights shortGamma =
          new BatchNormWeights(
              "bn",
              new Parameter("gamma", 2),
              new Parameter("beta", 3),
              new Parameter("moving_mean", 3),
              new Parameter("moving_variance", 3));
      rejects(bn, shortGamma, x, y, BATCH, SPATIAL, "gamma has length 2", "expected 3");
      rejects(bn, w, x, y, 1 << 20, 1 << 12, "do not fit in one array");
    }
  }

  @Test
  void pytorchRefusesToTrainOnOneValuePerChannel() {
    BatchNorm bn = BatchNorm.pytorch("conv1_bn", C, ChannelLayout.CHANNELS_LAST, 0.1, 1e-5, 1);
    BatchNormWeights w = weights(C);
    float[] mean = w.movingMean().clone();
    float[] y = new float[C];
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> bn.training(w, random(C, 1), y, 1, 1));
    assertTrue(e.getMessage().contains("layer conv1_bn") && e.getMessage().contains("got 1"));
    assertArrayEquals(mean, w.movingMean());
    assertArrayEquals(new float[C], y);
    assertEquals(0, w.numBatchesTracked());
  }

  @Test
  void kerasFlavorsPickTheirUpdate() {
    assertEquals(
        KerasMovingUpdate.KERAS3, KerasMovingUpdate.of(io.nninit.annotation.KerasFlavor.KERAS3, 4));
    assertEquals(
        KerasMovingUpdate.TF_KERAS2_FUSED,
        KerasMovingUpdate.of(io.nninit.annotation.KerasFlavor.TF_KERAS2, 4));
    assertEquals(
        KerasMovingUpdate.TF_KERAS2_FUSED,
        KerasMovingUpdate.of(io.nninit.annotation.KerasFlavor.TF_KERAS2, 5));
    assertEquals(
        KerasMovingUpdate.TF_KERAS2_NONFUSED,
        KerasMovingUpdate.of(io.nninit.annotation.KerasFlavor.TF_KERAS2, 3));
    assertThrows(
        IllegalArgumentException.class,
        () -> KerasMovingUpdate.of(io.nninit.annotation.KerasFlavor.KERAS3, 6));
  }

  @Test
  void onlyTheFusedUpdateRaisesASmallEpsilon() {
    // tf.nn.fused_batch_norm: epsilon if epsilon > 1.001e-5 else 1.001e-5; tf.keras 2 fuses
    // 4-D/5-D batch norms whatever the epsilon, so the rank alone still picks the update
    KerasMovingUpdate fused = KerasMovingUpdate.of(io.nninit.annotation.KerasFlavor.TF_KERAS2, 4);
    assertEquals(KerasMovingUpdate.TF_KERAS2_FUSED, fused);
    assertEquals(1.001e-5, fused.epsilon(1e-5));
    assertEquals(1.001e-5, fused.epsilon(0.0));
    assertEquals(1.001e-5, fused.epsilon(1.001e-5));
    assertEquals(1.002e-5, fused.epsilon(1.002e-5));
    assertEquals(1e-3, fused.epsilon(1e-3));
    assertEquals(1e-5, KerasMovingUpdate.TF_KERAS2_NONFUSED.epsilon(1e-5));
    assertEquals(1e-7, KerasMovingUpdate.KERAS3.epsilon(1e-7));
    assertEquals(0.0, KerasMovingUpdate.KERAS3.epsilon(0.0));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> fused.epsilon(-1e-3));
    assertTrue(e.getMessage().contains("epsilon must be a finite value >= 0"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> fused.epsilon(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> fused.epsilon(Double.POSITIVE_INFINITY));
  }

  @Test
  void badConstantsAreRejected() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            BatchNorm.keras(
                "l", 0, ChannelLayout.CHANNELS_LAST, 0.99, 1e-3, KerasMovingUpdate.KERAS3));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            BatchNorm.keras(
                "l", 3, ChannelLayout.CHANNELS_LAST, 1.5, 1e-3, KerasMovingUpdate.KERAS3));
    assertThrows(
        IllegalArgumentException.class,
        () -> BatchNorm.pytorch("l", 3, ChannelLayout.CHANNELS_LAST, 0.1, Double.NaN, 1));
    assertThrows(
        IllegalArgumentException.class,
        () -> BatchNorm.pytorch("l", 3, ChannelLayout.CHANNELS_LAST, 0.1, 1e-5, 0));
  }

  /**
   * Changing gamma, beta or the moving statistics between two inference calls changes the output
   * accordingly: the expected value is the textbook formula in double, independent of the kernels.
   */
  @ParameterizedTest
  @EnumSource(ChannelLayout.class)
  void inferenceAlwaysSeesTheCurrentWeights(ChannelLayout layout) {
    BatchNorm[] layers = {
      BatchNorm.keras("bn", C, layout, 0.99, 1e-3, KerasMovingUpdate.KERAS3),
      BatchNorm.pytorch("bn", C, layout, 0.1, 1e-3, 1)
    };
    float[] x = random(BATCH * C * SPATIAL, 11);
    for (BatchNorm bn : layers) {
      BatchNormWeights w = weights(C);
      float[] y = new float[x.length];
      bn.inference(w, x, y, BATCH, SPATIAL);
      assertMatchesFormula(w, x, y, layout);
      w.gamma()[1] *= 3f;
      w.beta()[0] += 1f;
      w.movingMean()[2] -= 0.5f;
      w.movingVariance()[1] = 9f;
      bn.inference(w, x, y, BATCH, SPATIAL);
      assertMatchesFormula(w, x, y, layout);
      bn.training(w, x, new float[x.length], BATCH, SPATIAL);
      bn.inference(w, x, y, BATCH, SPATIAL);
      assertMatchesFormula(w, x, y, layout);
    }
  }

  private static void assertMatchesFormula(
      BatchNormWeights w, float[] x, float[] y, ChannelLayout layout) {
    for (int i = 0; i < x.length; i++) {
      int c = layout == ChannelLayout.CHANNELS_LAST ? i % C : (i / SPATIAL) % C;
      double expected =
          (x[i] - (double) w.movingMean()[c])
                  / Math.sqrt(w.movingVariance()[c] + 1e-3)
                  * w.gamma()[c]
              + w.beta()[c];
      assertEquals(expected, y[i], 1e-5 * (1 + Math.abs(expected)), "element " + i);
    }
  }

  @ParameterizedTest
  @EnumSource(ChannelLayout.class)
  void callsAllocateNothingAfterWarmUp(ChannelLayout layout) {
    int channels = 16;
    int spatial = 49;
    int batch = 4;
    BatchNorm[] layers = {
      BatchNorm.keras("bn", channels, layout, 0.99, 1e-3, KerasMovingUpdate.KERAS3),
      BatchNorm.keras("bn", channels, layout, 0.99, 1e-3, KerasMovingUpdate.TF_KERAS2_FUSED),
      BatchNorm.pytorch("bn", channels, layout, 0.1, 1e-5, 2),
      BatchNorm.pytorchCumulative("bn", channels, layout, 1e-5, 1)
    };
    float[] ones = new float[channels];
    Arrays.fill(ones, 1f);
    float[] x = random(batch * channels * spatial, 5);
    float[] y = new float[x.length];
    for (BatchNorm bn : layers) {
      BatchNormWeights w =
          Layouts.weights("bn", ones, new float[channels], new float[channels], ones);
      // warmed up until compiled: interpreted Vector API code boxes (see Allocations)
      assertEquals(
          0, Allocations.afterWarmUp(() -> bn.training(w, x, y, batch, spatial)), "training");
      assertEquals(
          0, Allocations.afterWarmUp(() -> bn.inference(w, x, y, batch, spatial)), "inference");
      assertEquals(
          0,
          Allocations.afterWarmUp(() -> bn.batchStatistics(w, x, y, batch, spatial)),
          "batch statistics");
    }
  }
}
