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

  /** Ranges and minimums at the edges of the kernel's exactness argument (see VectorPhilox). */
  private static final float[] EDGE_RANGES = {
    0f,
    -0f,
    -3f,
    0x1p-100f,
    -0x1p-100f,
    0x1p-101f,
    Float.MIN_NORMAL,
    Float.MIN_VALUE,
    3e38f,
    -3e38f,
    Float.NaN,
    Float.POSITIVE_INFINITY
  };

  private static final float[] EDGE_MINIMUMS = {
    Float.NaN, Float.NEGATIVE_INFINITY, -0f, 1e30f, -2.5f
  };

  @Test
  void uniformBlocksEqualScalarPhiloxEverywhere() {
    SplittableRandom random = new SplittableRandom(20261129);
    int carryTrialsCut = 0;
    for (int trial = 0; trial < 600; trial++) {
      long key = random.nextLong();
      long counterHi = random.nextLong();
      // trial % 3: 0 puts the 64-bit wrap of the counter's low half among the blocks, 1 the wrap of
      // its word 0 into word 1, 2 neither
      long counterLo =
          switch (trial % 3) {
            case 0 -> -1L - random.nextInt(40);
            case 1 ->
                (random.nextLong() & 0xFFFF_FFFF_0000_0000L) | (0xFFFF_FFFFL - random.nextInt(40));
            default -> random.nextLong();
          };
      long firstBlock = trial % 3 == 2 ? random.nextInt(1000) : random.nextInt(40);
      int blocks = random.nextInt(70);
      int offset = random.nextInt(5);
      boolean edge = trial % 4 == 3;
      float minval =
          edge
              ? EDGE_MINIMUMS[random.nextInt(EDGE_MINIMUMS.length)]
              : (float) random.nextDouble(-3, 0);
      float range =
          edge
              ? EDGE_RANGES[random.nextInt(EDGE_RANGES.length)]
              : (float) random.nextDouble(0.1, 6);
      float[] out = new float[offset + 4 * blocks + 3];
      int done =
          VectorKernels.uniformBlocks(
              out, offset, firstBlock, blocks, key, counterLo, counterHi, minval, range);
      assertTrue(done >= 0 && done <= blocks, "blocks done " + done + " of " + blocks);
      boolean accepted = Float.isFinite(range) && (range == 0 || Math.abs(range) >= 0x1p-100f);
      if (trial % 3 == 2 && accepted) {
        assertTrue(blocks - done < 8, "no carry in this trial: " + done + " of " + blocks);
      } else if (trial % 3 != 2 && accepted && blocks - done >= 8) {
        carryTrialsCut++;
      }
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
              "trial "
                  + trial
                  + ", range "
                  + range
                  + ", minval "
                  + minval
                  + ", block "
                  + b
                  + ", word "
                  + w);
        }
      }
      assertEquals(0f, out[offset + 4 * blocks], "wrote past the blocks it was given");
    }
    // the carry trials do reach the carries: many stop before the end of their blocks
    assertTrue(carryTrialsCut > 50, "carry trials cut short: " + carryTrialsCut);
  }

  @Test
  void uniformBulkRunsWholeVectorsWhenNoCarryIntervenes() {
    float[] out = new float[4 * 64];
    int done = VectorKernels.uniformBlocks(out, 0, 0, 64, 42L, 0L, 7L, -1f, 2f);
    assertEquals(64, done);
  }
}
