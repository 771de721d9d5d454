package io.nninit.runtime.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nninit.annotation.KerasFlavor;
import io.nninit.runtime.Fill;
import io.nninit.runtime.Moments;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The theoretical moments of each {@link KerasOp} against values found independently: numeric
 * integration of the density (random ops), the exact moments of the deterministic tensors
 * (constant, identity, orthogonal's squared norm), and the measured moments of large generated
 * tensors within a statistical tolerance of six standard errors (the draws are seeded, so the test
 * is deterministic).
 */
class KerasOpMomentsTest {
  private static final double SQRT_2PI = Math.sqrt(2 * Math.PI);

  /** Composite Simpson's rule with {@code n} (even) intervals. */
  private static double integrate(DoubleUnaryOperator f, double a, double b, int n) {
    double h = (b - a) / n;
    double sum = f.applyAsDouble(a) + f.applyAsDouble(b);
    for (int i = 1; i < n; i++) {
      sum += (i % 2 == 1 ? 4 : 2) * f.applyAsDouble(a + i * h);
    }
    return sum * h / 3;
  }

  /** Mean and standard deviation of the density {@code p} (normalized here) on [a, b]. */
  private static double[] integratedMoments(DoubleUnaryOperator p, double a, double b) {
    int n = 200_000;
    double mass = integrate(p, a, b, n);
    double mean = integrate(x -> x * p.applyAsDouble(x), a, b, n) / mass;
    double var = integrate(x -> (x - mean) * (x - mean) * p.applyAsDouble(x), a, b, n) / mass;
    return new double[] {mean, Math.sqrt(var)};
  }

  private static DoubleUnaryOperator normalDensity(double mu, double sigma) {
    return x -> Math.exp(-0.5 * ((x - mu) / sigma) * ((x - mu) / sigma)) / (sigma * SQRT_2PI);
  }

  @ParameterizedTest
  @CsvSource({"-0.05, 0.05", "-1.0, 3.0", "0.0, 1.0", "-0.3779645, 0.3779645"})
  void uniformMomentsAreTheIntegralsOverItsInterval(float minval, float maxval) {
    KerasOp.Uniform u = new KerasOp.Uniform(minval, maxval, maxval - minval);
    double a = minval;
    double b = (double) minval + u.range();
    double[] m = integratedMoments(x -> 1.0 / (b - a), a, b);
    assertEquals(m[0], u.expectedMean(), 1e-12 * Math.max(1, Math.abs(m[0])));
    assertEquals(m[1], u.expectedStd(), 1e-12 * m[1]);
    assertEquals("uniform", u.distribution());
  }

  @ParameterizedTest
  @CsvSource({"0.0, 0.05", "1.0, 0.5", "-2.0, 3.0"})
  void normalMomentsAreTheIntegralsOfItsDensity(float mean, float stddev) {
    KerasOp.Normal n = new KerasOp.Normal(mean, stddev);
    double[] m =
        integratedMoments(normalDensity(mean, stddev), mean - 14.0 * stddev, mean + 14.0 * stddev);
    assertEquals(m[0], n.expectedMean(), 1e-12 * Math.max(1, Math.abs(mean)));
    assertEquals(m[1], n.expectedStd(), 1e-12 * stddev);
  }

  @ParameterizedTest
  @CsvSource({"0.0, 1.0", "0.0, 0.30941063", "1.0, 0.5", "-2.0, 3.0"})
  void truncatedNormalIsCutAtTwoSigmaAndNotRescaled(float mean, float stddev) {
    KerasOp.TruncatedNormal t = new KerasOp.TruncatedNormal(mean, stddev);
    double[] m =
        integratedMoments(normalDensity(mean, stddev), mean - 2.0 * stddev, mean + 2.0 * stddev);
    assertEquals(m[0], t.expectedMean(), 1e-12 * Math.max(1, Math.abs(mean)));
    assertEquals(m[1], t.expectedStd(), 1e-12 * stddev);
  }

  @Test
  void cutStdIsTheStandardDeviationOfTheStandardNormalCutAtTwo() {
    double[] m = integratedMoments(normalDensity(0, 1), -2, 2);
    assertEquals(m[1], KerasOp.TruncatedNormal.CUT_STD, 1e-14);
  }

  @ParameterizedTest
  @ValueSource(floats = {0f, 1f, -2.5f, 0.1f})
  void constantHasItsValueAndNoSpread(float value) {
    KerasOp.Constant c = new KerasOp.Constant(value);
    float[] t = new float[37];
    Fill.constant(t, 0, t.length, value);
    Moments m = Moments.of(t);
    assertEquals(m.mean(), c.expectedMean(), 0.0);
    assertEquals(m.std(), c.expectedStd(), 0.0);
  }

  @ParameterizedTest
  @CsvSource({"1, 1, 1.0", "4, 4, 1.0", "7, 3, 0.5", "3, 7, -2.0", "32, 10, 1.0", "1, 9, 3.0"})
  void identityMomentsAreThoseOfItsElements(int rows, int cols, float gain) {
    KerasOp.Identity i = new KerasOp.Identity(rows, cols, gain);
    float[] t = new float[rows * cols];
    Fill.identity(t, 0, rows, cols, gain);
    // E[x] = gain*min/(rows*cols), E[x^2] = gain^2*min/(rows*cols), written out separately
    double n = rows * cols;
    double ex = gain * Math.min(rows, cols) / n;
    double ex2 = (double) gain * gain * Math.min(rows, cols) / n;
    assertEquals(ex, i.expectedMean(), 1e-15 * Math.abs(gain));
    assertEquals(Math.sqrt(ex2 - ex * ex), i.expectedStd(), 1e-14 * Math.abs(gain));
    Moments m = Moments.of(t);
    assertEquals(m.mean(), i.expectedMean(), 1e-14 * Math.abs(gain));
    assertEquals(m.std(), i.expectedStd(), 1e-14 * Math.abs(gain));
    assertEquals("identity", i.distribution());
  }

  @Test
  void emptyMatricesHaveNoMoments() {
    assertTrue(Double.isNaN(new KerasOp.Identity(0, 3, 1f).expectedMean()));
    assertTrue(Double.isNaN(new KerasOp.Orthogonal(3, 0, 1f).expectedStd()));
  }

  @ParameterizedTest
  @CsvSource({"256, 128, 1.0", "64, 200, 2.0", "96, 96, 0.5"})
  void orthogonalSquaredNormGivesItsStd(int rows, int cols, float gain) {
    KerasOp.Orthogonal o = new KerasOp.Orthogonal(rows, cols, gain);
    float[] t = new float[rows * cols];
    KerasInitializers.resolve("orthogonal(gain=" + gain + ", seed=3)")
        .bind(rows, cols)
        .fill(t, 0, KerasFlavor.KERAS3, 0L);
    // min(rows, cols) orthonormal vectors times gain: sum of squares = gain^2 * min(rows, cols)
    double squares = 0;
    for (float x : t) {
      squares += (double) x * x;
    }
    double n = (double) rows * cols;
    double written = gain / Math.sqrt(Math.max(rows, cols));
    assertEquals(written, o.expectedStd(), 1e-15);
    assertEquals(o.expectedStd(), Math.sqrt(squares / n), 1e-5 * o.expectedStd());
    // sum of all elements: a sum of min(rows, cols) roughly N(0, gain^2) terms
    Moments m = Moments.of(t);
    assertEquals(0.0, o.expectedMean());
    assertEquals(
        o.expectedMean(), m.mean(), 6 * Math.abs(gain) * Math.sqrt(Math.min(rows, cols)) / n);
    assertEquals(o.expectedStd(), m.std(), 1e-3 * o.expectedStd());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "glorot_uniform(seed=1)",
        "random_uniform(minval=-1.0, maxval=3.0, seed=2)",
        "he_normal(seed=3)",
        "random_normal(mean=1.0, stddev=0.5, seed=4)",
        "truncated_normal(mean=-1.0, stddev=2.0, seed=5)",
        "variance_scaling(scale=2.0, distribution='untruncated_normal', seed=6)",
        "lecun_uniform(seed=7)"
      })
  void largeDrawsMeasureTheExpectedMoments(String initializer) {
    KerasFillPlan plan = KerasInitializers.resolve(initializer).bind(1024, 1024);
    float[] t = new float[plan.count()];
    plan.fill(t, 0, KerasFlavor.KERAS3, 0L);
    Moments m = Moments.of(t);
    double n = t.length;
    double sigma = plan.op().expectedStd();
    // standard errors: of the mean sigma/sqrt(n); of the std sigma*sqrt((kurtosis - 1)/(4n)),
    // kurtosis <= 3 for uniform, normal and truncated normal
    assertEquals(plan.op().expectedMean(), m.mean(), 6 * sigma / Math.sqrt(n), initializer);
    assertEquals(sigma, m.std(), 6 * sigma * Math.sqrt(2 / (4 * n)), initializer);
  }
}
