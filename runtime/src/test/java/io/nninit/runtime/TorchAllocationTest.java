package io.nninit.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The PyTorch kernels allocate nothing once warmed up, as generated code requires. */
class TorchAllocationTest {
  private final TorchGenerator avx2 = new TorchGenerator(42);
  private final TorchGenerator plain = new TorchGenerator(42, TorchCapability.DEFAULT);
  private final float[] out = new float[2000];
  private final int[] diracShape = {16, 8, 3, 3};
  private final TorchOrthogonal orthogonal = new TorchOrthogonal(16, 72);
  private final TorchSparse sparse = new TorchSparse(33, 17);

  private void initializeEverything() {
    avx2.manualSeed(7);
    TorchInit.uniform(out, 3, 1000, -0.2, 0.2, avx2);
    TorchInit.normal(out, 0, 7, 0.0, 1.0, avx2);
    TorchInit.normal(out, 10, 1000, 0.5, 0.02, avx2);
    TorchInit.normal(out, 10, 1001, 0.5, 0.02, plain);
    TorchInit.uniform(out, 10, 1001, -3.7, 11.3, plain);
    TorchInit.truncNormal(out, 5, 1000, 0.0, 0.02, -0.04, 0.04, avx2);
    TorchInit.truncNormal(out, 5, 17, 0.0, 1.0, -2.0, 2.0, plain);
    TorchInit.eye(out, 0, 33, 17);
    TorchInit.dirac(out, 0, diracShape, 2);
    Fill.constant(out, 0, 100, 0.37f);
    orthogonal.fill(out, 1, 2.0, avx2);
    sparse.fill(out, 0, 0.1, 0.01, avx2);
    avx2.random64();
  }

  @Test
  void kernelsAllocateNothingAfterWarmUp() {
    // Allocations.afterWarmUp: the Vector API kernels (JDK 21+) box until C2 compiles them, and the
    // JVM may allocate once while it compiles or deoptimizes a kernel (seen once in ~100 calls of
    // orthogonal_); a per-call allocation shows in every call
    assertEquals(0, Allocations.afterWarmUp(this::initializeEverything));
  }
}
