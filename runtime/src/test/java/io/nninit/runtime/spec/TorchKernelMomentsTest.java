package io.nninit.runtime.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nninit.runtime.Moments;
import io.nninit.runtime.TorchGenerator;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The theoretical moments of each {@link TorchKernel} against values found independently: Simpson
 * integration of the truncated density, exact counts for the deterministic kernels, and the
 * measured moments of large generated tensors within six standard errors (seeded, deterministic).
 */
class TorchKernelMomentsTest {
  private static double integrate(DoubleUnaryOperator f, double a, double b, int n) {
    double h = (b - a) / n;
    double sum = f.applyAsDouble(a) + f.applyAsDouble(b);
    for (int i = 1; i < n; i++) {
      sum += (i % 2 == 1 ? 4 : 2) * f.applyAsDouble(a + i * h);
    }
    return sum * h / 3;
  }

  @ParameterizedTest
  @CsvSource({"0, 1, -2, 2", "0.5, 2, -1, 4", "0, 0.02, -0.04, 0.04", "1, 1, 0, 3", "0, 1, 1.5, 6"})
  void truncatedNormalMomentsAreTheIntegralsOfTheCutDensity(
      double mean, double std, double a, double b) {
    DoubleUnaryOperator p = x -> Math.exp(-0.5 * ((x - mean) / std) * ((x - mean) / std));
    int n = 200_000;
    double mass = integrate(p, a, b, n);
    double mu = integrate(x -> x * p.applyAsDouble(x), a, b, n) / mass;
    double var = integrate(x -> (x - mu) * (x - mu) * p.applyAsDouble(x), a, b, n) / mass;
    Moments m = new TorchKernel.TruncNormal(mean, std, a, b).expected();
    assertEquals(mu, m.mean(), 1e-10 * Math.max(1, Math.abs(mu)));
    assertEquals(Math.sqrt(var), m.std(), 1e-9 * Math.sqrt(var));
  }

  @Test
  void infiniteBoundsGiveTheUntruncatedNormal() {
    Moments m =
        new TorchKernel.TruncNormal(0.3, 2, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY)
            .expected();
    assertEquals(0.3, m.mean(), 1e-15);
    assertEquals(2, m.std(), 1e-15);
  }

  @Test
  void deterministicKernelsHaveTheMomentsOfTheirTensors() {
    assertMeasured(new TorchKernel.Eye(3, 5), 15, 0);
    assertMeasured(new TorchKernel.Dirac(List.of(4, 2, 3, 3), 2), 72, 0);
    assertMeasured(new TorchKernel.Constant(0.25f), 10, 0);
  }

  @Test
  void randomKernelsMeasureWithinSixStandardErrors() {
    assertMeasured(new TorchKernel.Uniform(-0.3, 0.7), 1 << 20, 6);
    assertMeasured(new TorchKernel.Normal(0.1, 0.5), 1 << 20, 6);
    assertMeasured(new TorchKernel.TruncNormal(0, 1, -2, 2), 1 << 18, 6);
    assertMeasured(new TorchKernel.Sparse(256, 512, 0.3, 0.02), 256 * 512, 6);
  }

  @Test
  void orthogonalRowsHaveUnitNorm() {
    // 64 x 256: rows orthonormal, so the mean square is 64/(64*256) = 1/256, times gain^2, exactly
    // for every draw; the mean itself is only 0 in expectation.
    TorchKernel kernel = new TorchKernel.Orthogonal(64, 256, 1.5);
    float[] values = new float[64 * 256];
    kernel.fill(values, 0, values.length, new TorchGenerator(99));
    double squares = 0;
    for (float v : values) {
      squares += (double) v * v;
    }
    assertEquals(1.5 / 16, Math.sqrt(squares / values.length), 1e-6);
    assertEquals(1.5 / 16, kernel.expected().std(), 1e-15);
    assertEquals(0, kernel.expected().mean());
  }

  /** Fills {@code count} values and compares; {@code sigmas} 0 means exact up to rounding. */
  private static void assertMeasured(TorchKernel kernel, int count, double sigmas) {
    float[] values = new float[count];
    kernel.fill(values, 0, count, new TorchGenerator(1234));
    Moments measured = Moments.of(values);
    Moments expected = kernel.expected();
    double meanTolerance = sigmas == 0 ? 1e-6 : sigmas * expected.std() / Math.sqrt(count);
    double stdTolerance =
        sigmas == 0 ? 1e-6 : sigmas * expected.std() / Math.sqrt(2.0 * count) * 1.5;
    assertEquals(expected.mean(), measured.mean(), meanTolerance, kernel + " mean");
    assertEquals(expected.std(), measured.std(), stdTolerance, kernel + " std");
  }
}
