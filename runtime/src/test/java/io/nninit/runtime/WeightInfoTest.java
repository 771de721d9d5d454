package io.nninit.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nninit.annotation.LayerType;
import io.nninit.runtime.spec.KerasInitializers;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code KerasFillPlan.describe}: the Keras documentation's variance targets (He: 2/fan_in, Glorot:
 * 2/(fan_in + fan_out)) come out of the float32 constants.
 */
class WeightInfoTest {
  @Test
  void heNormalConvKernel() {
    WeightInfo w =
        KerasInitializers.resolve("he_normal")
            .bind(3, 3, 3, 32)
            .describe("conv1", LayerType.CONV2D, "kernel");
    assertEquals("conv1", w.layer());
    assertEquals(LayerType.CONV2D, w.type());
    assertEquals("kernel", w.weight());
    assertEquals(List.of(3, 3, 3, 32), w.shape());
    assertEquals("(3, 3, 3, 32)", w.shapeText());
    assertEquals(864, w.parameterCount());
    assertEquals("he_normal", w.initializer());
    assertEquals(27, w.fanIn());
    assertEquals(288, w.fanOut());
    assertEquals("truncated_normal", w.distribution());
    assertEquals(0.30941063f, (float) w.stddev());
    // he_normal's cut: mean 0 -/+ 2 * stddev, with stddev = 0.30941063f (the oracle's float32).
    assertEquals(-0.61882126f, (float) w.low());
    assertEquals(0.61882126f, (float) w.high());
    assertEquals(0.0, w.expectedMean());
    assertEquals(Math.sqrt(2.0 / 27), w.expectedStd(), 1e-7 * w.expectedStd());
    assertTrue(w.derivation().startsWith("he_normal: fan_in = 3*3*3 = 27"), w.derivation());
  }

  @Test
  void glorotUniformDenseKernel() {
    WeightInfo w =
        KerasInitializers.resolve("glorot_uniform(seed=1)")
            .bind(32, 10)
            .describe("fc", LayerType.DENSE, "kernel");
    double limit = Math.sqrt(6.0 / 42);
    assertEquals("uniform", w.distribution());
    assertEquals(-limit, w.low(), 1e-7 * limit);
    assertEquals(limit, w.high(), 1e-7 * limit);
    assertTrue(Double.isNaN(w.stddev()));
    assertEquals(0.0, w.expectedMean(), 1e-8);
    assertEquals(Math.sqrt(2.0 / 42), w.expectedStd(), 1e-7);
    assertEquals("glorot_uniform(seed=1)", w.initializer());
  }

  @Test
  void constantBiasHasNoBoundsAndOneElementShapeText() {
    WeightInfo w =
        KerasInitializers.resolve("constant(0.1)").bind(8).describe("c1", LayerType.CONV1D, "bias");
    assertEquals("(8,)", w.shapeText());
    assertEquals("constant", w.distribution());
    assertEquals(0.1f, (float) w.expectedMean());
    assertEquals(0.0, w.expectedStd());
    assertTrue(Double.isNaN(w.low()) && Double.isNaN(w.high()) && Double.isNaN(w.stddev()));
    assertEquals(8, w.fanIn());
  }

  @Test
  void versionIsTheBuildsOwn() {
    String v = NninitVersion.current();
    assertFalse(v.isEmpty() || v.startsWith("${") || v.equals("unknown"), v);
  }
}
