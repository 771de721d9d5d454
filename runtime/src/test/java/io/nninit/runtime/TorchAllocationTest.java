package io.nninit.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** The PyTorch kernels allocate nothing once warmed up, as generated code requires. */
class TorchAllocationTest {
  private final com.sun.management.ThreadMXBean threads =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

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
    for (int i = 0; i < 20; i++) {
      initializeEverything();
    }
    // A per-call allocation shows in every round; a one-off allocation by the JVM while C2
    // compiles or deoptimizes a kernel (seen once in ~100 calls of orthogonal_) does not, so the
    // steady state is two rounds in a row that allocate nothing.
    int zeroRounds = 0;
    long last = -1;
    for (int round = 0; round < 8 && zeroRounds < 2; round++) {
      long before = threads.getCurrentThreadAllocatedBytes();
      initializeEverything();
      last = threads.getCurrentThreadAllocatedBytes() - before;
      zeroRounds = last == 0 ? zeroRounds + 1 : 0;
    }
    assertEquals(
        2,
        zeroRounds,
        "two rounds of every PyTorch kernel in a row without allocation; last: " + last);
  }
}
