package io.nninit.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nninit.annotation.KerasFlavor;
import io.nninit.annotation.LayerType;
import io.nninit.runtime.spec.KerasFillPlan;
import io.nninit.runtime.spec.KerasInitializers;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelSummaryTest {
  /** A hand-written stand-in for a generated class: dense layers filled by the string path. */
  private static final class Fake implements ModelInitializer {
    private final List<LayerWeights> layers = new ArrayList<>();
    private final List<WeightInfo> weights = new ArrayList<>();

    Fake dense(String name, int in, int out, String kernel, String bias) {
      Parameter k = new Parameter("kernel", in, out);
      Parameter b = new Parameter("bias", out);
      layers.add(new DenseWeights(name, k, b));
      add(name, k, kernel);
      add(name, b, bias);
      return this;
    }

    private void add(String layer, Parameter p, String initializer) {
      KerasFillPlan plan = KerasInitializers.resolve(initializer).bind(p.shape());
      plan.fill(p.data(), 0, KerasFlavor.KERAS3, 1L);
      weights.add(plan.describe(layer, LayerType.DENSE, p.name()));
    }

    @Override
    public long modelSeed() {
      return 5;
    }

    @Override
    public long initialize() {
      return 5;
    }

    @Override
    public long initialize(long modelSeed) {
      return modelSeed;
    }

    @Override
    public long initialize(long modelSeed, ParallelInitializer parallel) {
      return modelSeed;
    }

    @Override
    public long initialize(ParallelInitializer parallel) {
      return 5;
    }

    @Override
    public List<LayerWeights> layers() {
      return layers;
    }

    @Override
    public List<WeightInfo> weights() {
      return weights;
    }
  }

  @Test
  void deterministicModelPrintsExactly() {
    String table =
        ModelSummary.of(new Fake().dense("head", 2, 2, "identity(gain=0.5)", "constant(0.1)"));
    assertEquals(
        """
        Layer (type)  Weight  Shape   Params  Initializer          fan_in  fan_out  Distribution  \
        Mean: theory  measured  Std: theory  measured
        %1$s
        head (DENSE)  kernel  (2, 2)  4       identity(gain=0.5)   2       2        identity      \
        0.2500        0.2500    0.2500       0.2500
        head (DENSE)  bias    (2,)    2       constant(value=0.1)  2       2        constant      \
        0.1000        0.1000    0            0
        %1$s
        Total params: 6
        Model seed: 5
        """
            .formatted("=".repeat(135)), // as wide as the header
        table);
  }

  @Test
  void randomWeightsShowBoundsStddevAndBothMoments() {
    String table =
        ModelSummary.of(
            new Fake()
                .dense("fc", 32, 10, "glorot_uniform", "zeros")
                .dense("out", 10, 4, "he_normal", "random_normal"));
    // glorot_uniform on (32, 10): limit = sqrt(6/42) = 0.3780; he_normal on (10, 4): stddev =
    // sqrt(2/10)/0.8796 = 0.5084, cut at 2 stddev
    assertTrue(table.contains("uniform [-0.3780, 0.3780)"), table);
    assertTrue(table.contains("truncated_normal stddev 0.5084 in [-1.017, 1.017]"), table);
    assertTrue(table.contains("normal stddev 0.05000"), table);
    assertTrue(table.contains("Total params: " + (320 + 10 + 40 + 4)), table);
    assertEquals(2 + 4 + 3, table.lines().count()); // header, rule, rows, rule, totals
  }

  @Test
  void mismatchedDescriptionIsReported() {
    Fake fake = new Fake().dense("fc", 3, 3, "zeros", "zeros");
    fake.weights.remove(1);
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> ModelSummary.of(fake));
    assertTrue(e.getMessage().contains("fc/bias"), e.getMessage());
  }
}
