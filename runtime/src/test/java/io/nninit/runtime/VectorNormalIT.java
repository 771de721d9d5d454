package io.nninit.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Runs on JDK 21+ only (failsafe, against the multi-release jar, with {@code --add-modules
 * jdk.incubator.vector}): the Vector API normal and truncated normal ({@code VectorNormal}) give
 * the bits of the scalar definitions, on every Box-Muller input k and at the awkward places (odd
 * offsets and counts, first elements inside a block or a group, long {@code first}, the 128-bit
 * counter carry inside a vector step). Expected values come from {@link Philox}, {@link
 * BoxMuller#pair} and {@link GlibcFloatMath}, which the oracle tests check against TF and glibc.
 */
class VectorNormalIT {
  private static final int MANTISSA = 0x7F_FFFF;

  /**
   * The JDK 21+ class under test: only the multi-release jar has it (the test sources compile
   * against the Java 17 classes), so it is reached by reflection.
   */
  private static final Class<?> VECTOR_NORMAL = vectorNormal();

  private static final int LANES = intConstant("LANES");

  @Test
  void boxMullerEqualsTheScalarPairOnEveryK() throws ReflectiveOperationException {
    // x0 takes every k, x1 every k too (k -> 5k + 1 is a bijection mod 2^23); random high bits
    SplittableRandom random = new SplittableRandom(6);
    int chunk = 2 * intConstant("TILE_UNITS");
    Method boxMuller =
        VECTOR_NORMAL.getDeclaredMethod(
            "boxMuller",
            float[].class,
            int.class,
            int.class,
            boolean.class,
            float.class,
            float.class);
    boxMuller.setAccessible(true);
    float[] out = new float[2 * chunk + 3];
    int[] x0 = new int[chunk];
    int[] x1 = new int[chunk];
    for (int first = 0; first < GlibcFloatMath.DOMAIN_SIZE; first += chunk) {
      int at = first % 3;
      for (int p = 0; p < chunk; p++) {
        int k = first + p;
        x0[p] = k | random.nextInt() << 23;
        x1[p] = ((5 * k + 1) & MANTISSA) | random.nextInt() << 23;
        out[at + 2 * p] = Float.intBitsToFloat(x0[p]);
        out[at + 2 * p + 1] = Float.intBitsToFloat(x1[p]);
      }
      boolean affine = (first / chunk) % 2 == 1;
      boxMuller.invoke(null, out, at, chunk, affine, 0.25f, 1.5f);
      for (int p = 0; p < chunk; p++) {
        long pair = BoxMuller.pair(x0[p], x1[p]);
        float f0 = BoxMuller.sine(pair);
        float f1 = BoxMuller.cosine(pair);
        if (affine) {
          f0 = f0 * 1.5f + 0.25f;
          f1 = f1 * 1.5f + 0.25f;
        }
        if (Float.floatToRawIntBits(f0) != Float.floatToRawIntBits(out[at + 2 * p])
            || Float.floatToRawIntBits(f1) != Float.floatToRawIntBits(out[at + 2 * p + 1])) {
          assertEquals(f0, out[at + 2 * p], "f0 of x0 = " + x0[p] + ", x1 = " + x1[p]);
          assertEquals(f1, out[at + 2 * p + 1], "f1 of x0 = " + x0[p] + ", x1 = " + x1[p]);
        }
      }
    }
  }

  @Test
  void normalBlocksEqualScalarBoxMullerEverywhere() {
    assumeTrue(VectorKernels.wide(), "this kernel runs on 512-bit vectors only");
    SplittableRandom random = new SplittableRandom(20261129);
    for (int trial = 0; trial < 200; trial++) {
      long key = random.nextLong();
      long counterHi = random.nextLong();
      // a third of the trials put the 64-bit wrap of the counter's low half inside the range
      long counterLo = trial % 3 == 0 ? -1L - random.nextInt(1200) : random.nextLong();
      long firstBlock = trial % 5 == 0 ? random.nextLong() >>> 2 : random.nextInt(1000);
      int blocks = random.nextInt(700);
      int offset = random.nextInt(5);
      float mean = (float) random.nextDouble(-3, 3);
      float stddev = (float) random.nextDouble(0.01, 4);
      float[] out = new float[offset + 4 * blocks + 3];
      int done =
          VectorKernels.normalBlocks(
              out, offset, firstBlock, blocks, key, counterLo, counterHi, mean, stddev);
      assertTrue(done >= 0 && done <= blocks && done % LANES == 0, "blocks done " + done);
      if (trial % 3 != 0) {
        assertEquals(blocks - blocks % LANES, done, "no carry in this trial");
      }
      for (int b = 0; b < done; b++) {
        long lo = Philox.addLow(counterLo, firstBlock + b);
        long hi = Philox.addHigh(counterLo, counterHi, firstBlock + b);
        long outLo = Philox.blockLow(lo, hi, key);
        long outHi = Philox.blockHigh(lo, hi, key);
        for (int w = 0; w < 4; w += 2) {
          long pair =
              BoxMuller.pair(Philox.word(outLo, outHi, w), Philox.word(outLo, outHi, w + 1));
          float f0 = BoxMuller.sine(pair) * stddev + mean;
          float f1 = BoxMuller.cosine(pair) * stddev + mean;
          assertBits(
              f0, out[offset + 4 * b + w], "trial " + trial + ", block " + b + ", word " + w);
          assertBits(
              f1, out[offset + 4 * b + w + 1], "trial " + trial + ", block " + b + ", word " + w);
        }
      }
      assertEquals(0f, out[offset + 4 * done], "wrote past the blocks it did");
    }
  }

  @Test
  void truncatedGroupsEqualTheGroupDefinitionEverywhere() {
    assumeTrue(VectorKernels.wide(), "this kernel runs on 512-bit vectors only");
    SplittableRandom random = new SplittableRandom(1129);
    for (int trial = 0; trial < 200; trial++) {
      long key = random.nextLong();
      long counterHi = random.nextLong();
      // the 64-bit wrap of the counter's low half inside the groups' first blocks, or between a
      // group's first block and its next ones
      long counterLo =
          trial % 3 == 0 ? -(random.nextInt(200) << 8) - random.nextInt(3) : random.nextLong();
      long firstGroup = trial % 5 == 0 ? random.nextLong() >>> 12 : random.nextInt(1000);
      int groups = random.nextInt(700);
      int offset = random.nextInt(5);
      float mean = (float) random.nextDouble(-3, 3);
      float stddev = (float) random.nextDouble(0.01, 4);
      float[] out = new float[offset + 4 * groups + 3];
      int done =
          VectorKernels.truncatedGroups(
              out, offset, firstGroup, groups, key, counterLo, counterHi, mean, stddev);
      assertTrue(done >= 0 && done <= groups && done % LANES == 0, "groups done " + done);
      if (trial % 3 != 0) {
        assertEquals(groups - groups % LANES, done, "no carry in this trial");
      }
      for (int g = 0; g < done; g++) {
        float[] expected = group(key, counterLo, counterHi, firstGroup + g);
        for (int i = 0; i < 4; i++) {
          assertBits(
              expected[i] * stddev + mean,
              out[offset + 4 * g + i],
              "trial " + trial + ", group " + g + ", element " + i);
        }
      }
      assertEquals(0f, out[offset + 4 * done], "wrote past the groups it did");
    }
  }

  @Test
  void fillsMatchTheScalarDefinitionAtAwkwardSlices() {
    SplittableRandom random = new SplittableRandom(77);
    for (int trial = 0; trial < 120; trial++) {
      long key = random.nextLong();
      long counterHi = random.nextLong();
      long counterLo = trial % 4 == 0 ? -1L - random.nextInt(3000) : random.nextLong();
      long first = trial % 3 == 0 ? random.nextLong() >>> 10 : random.nextInt(5000);
      int count = random.nextInt(2000);
      int offset = random.nextInt(7);
      float[] out = new float[offset + count];
      StatelessNormal.fill(out, offset, count, first, key, counterLo, counterHi, 0.5f, 3f);
      for (int i = 0; i < count; i++) {
        long element = first + i;
        long block = element >>> 2;
        long lo = Philox.addLow(counterLo, block);
        long hi = Philox.addHigh(counterLo, counterHi, block);
        long outLo = Philox.blockLow(lo, hi, key);
        long outHi = Philox.blockHigh(lo, hi, key);
        int w = (int) (element & 2);
        long pair = BoxMuller.pair(Philox.word(outLo, outHi, w), Philox.word(outLo, outHi, w + 1));
        float z = (element & 1) == 0 ? BoxMuller.sine(pair) : BoxMuller.cosine(pair);
        assertBits(z * 3f + 0.5f, out[offset + i], "normal trial " + trial + ", element " + i);
      }
      long truncatedCounterLo = trial % 4 == 0 ? -(random.nextInt(300) << 8) : counterLo;
      StatelessTruncatedNormal.fill(
          out, offset, count, first, key, truncatedCounterLo, counterHi, 0.5f, 3f);
      for (int i = 0; i < count; i++) {
        long element = first + i;
        float z = group(key, truncatedCounterLo, counterHi, element / 4)[(int) (element % 4)];
        assertBits(z * 3f + 0.5f, out[offset + i], "truncated trial " + trial + ", element " + i);
      }
    }
  }

  /**
   * The four values of truncated normal group {@code g}, by TF's definition: its stream from block
   * {@code 256 g}, a word pair at a time, {@code f0} then {@code f1} kept if inside (-2, 2), a
   * group that completes on {@code f0} dropping its {@code f1}.
   */
  private static float[] group(long key, long counterLo, long counterHi, long g) {
    float[] kept = new float[4];
    int n = 0;
    for (long block = g << 8; n < 4; block++) {
      long lo = Philox.addLow(counterLo, block);
      long hi = Philox.addHigh(counterLo, counterHi, block);
      long outLo = Philox.blockLow(lo, hi, key);
      long outHi = Philox.blockHigh(lo, hi, key);
      for (int w = 0; w < 4 && n < 4; w += 2) {
        long pair = BoxMuller.pair(Philox.word(outLo, outHi, w), Philox.word(outLo, outHi, w + 1));
        for (int branch = 0; branch < 2 && n < 4; branch++) {
          float z = branch == 0 ? BoxMuller.sine(pair) : BoxMuller.cosine(pair);
          if (Math.abs(z) < 2f) {
            kept[n++] = z;
          }
        }
      }
    }
    return kept;
  }

  private static Class<?> vectorNormal() {
    try {
      return Class.forName("io.nninit.runtime.VectorNormal");
    } catch (ClassNotFoundException e) {
      throw new AssertionError("the JDK 21+ classes of the multi-release jar are not in use", e);
    }
  }

  private static int intConstant(String name) {
    try {
      Field field = VECTOR_NORMAL.getDeclaredField(name);
      field.setAccessible(true);
      return field.getInt(null);
    } catch (ReflectiveOperationException e) {
      throw new LinkageError(name, e);
    }
  }

  private static void assertBits(float expected, float actual, String where) {
    assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(actual), where);
  }
}
