package io.nninit.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Runs on JDK 21+ only (failsafe, against the multi-release jar, with {@code --add-modules
 * jdk.incubator.vector}): the Vector API kernels are the ones running, and each gives the bits of
 * the scalar definition it replaces, including at the awkward places (heads and tails that are not
 * a whole vector, the 128-bit counter carry inside a vector step, odd output offsets).
 */
class VectorKernelsIT {
  @Test
  void theVectorKernelsAreTheOnesRunning() {
    assertTrue(
        VectorKernels.available(),
        "expected the Vector API kernels on JDK 21+ with the incubator module; got: "
            + VectorKernels.describe());
  }

  @Test
  void uniformBlocksEqualScalarPhiloxEverywhere() {
    SplittableRandom random = new SplittableRandom(20261129);
    for (int trial = 0; trial < 300; trial++) {
      long key = random.nextLong();
      long counterHi = random.nextLong();
      // a third of the trials put the 64-bit wrap of the counter's low half inside the range
      long counterLo = trial % 3 == 0 ? -1L - random.nextInt(40) : random.nextLong();
      long firstBlock = random.nextInt(1000);
      int blocks = random.nextInt(70);
      int offset = random.nextInt(5);
      float minval = (float) random.nextDouble(-3, 0);
      float range = (float) random.nextDouble(0.1, 6);
      float[] out = new float[offset + 4 * blocks + 3];
      int done =
          VectorKernels.uniformBlocks(
              out, offset, firstBlock, blocks, key, counterLo, counterHi, minval, range);
      assertTrue(done >= 0 && done <= blocks, "blocks done " + done + " of " + blocks);
      for (int b = 0; b < done; b++) {
        long lo = Philox.addLow(counterLo, firstBlock + b);
        long hi = Philox.addHigh(counterLo, counterHi, firstBlock + b);
        long outLo = Philox.blockLow(lo, hi, key);
        long outHi = Philox.blockHigh(lo, hi, key);
        for (int w = 0; w < 4; w++) {
          float u = (Philox.word(outLo, outHi, w) & 0x7F_FFFF) * 0x1p-23f;
          float expected = u * range + minval;
          assertEquals(
              Float.floatToRawIntBits(expected),
              Float.floatToRawIntBits(out[offset + 4 * b + w]),
              "trial " + trial + ", block " + b + ", word " + w);
        }
      }
      assertEquals(0f, out[offset + 4 * blocks], "wrote past the blocks it was given");
    }
  }

  @Test
  void uniformBulkRunsWholeVectorsWhenNoCarryIntervenes() {
    float[] out = new float[4 * 64];
    int done = VectorKernels.uniformBlocks(out, 0, 0, 64, 42L, 0L, 7L, -1f, 2f);
    assertEquals(64, done);
  }
}
