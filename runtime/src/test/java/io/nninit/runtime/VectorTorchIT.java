package io.nninit.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Runs on JDK 21+ only (failsafe, with the incubator module): the Vector API kernels of PyTorch's
 * {@code normal_} and {@code trunc_normal_} give the bits of their scalar definitions, which the
 * oracle tests check against PyTorch, on every input the kernels can receive from a generator and
 * on awkward offsets and lengths.
 */
class VectorTorchIT {
  private static final float TWO_PI_F = (float) (2.0 * Math.PI);

  /** The scalar definition of one Box–Muller block ({@code TorchInit.boxMuller}'s AVX2 loops). */
  private static void scalarBlock(float[] d, int i, float mean, float std) {
    for (int j = i; j < i + 8; j++) {
      float radius = (float) Math.sqrt(-2f * TorchVectorMath.log(1f - d[j]));
      long sinCos = TorchVectorMath.sinCos(TWO_PI_F * d[j + 8]);
      d[j] = Math.fma(radius * TorchVectorMath.cosOf(sinCos), std, mean);
      d[j + 8] = Math.fma(radius * TorchVectorMath.sinOf(sinCos), std, mean);
    }
  }

  /**
   * Every element bit for bit, but any NaN for a NaN: Java does not specify which NaN an operation
   * on a NaN gives, and scalar and vector instructions differ (NaN never comes from a generator).
   */
  private static void assertSameBits(float[] expected, float[] actual, String what) {
    for (int i = 0; i < expected.length; i++) {
      boolean bothNan = Float.isNaN(expected[i]) && Float.isNaN(actual[i]);
      if (!bothNan && Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
        assertEquals(expected[i], actual[i], what + ", element " + i);
        assertEquals(
            Float.floatToRawIntBits(expected[i]),
            Float.floatToRawIntBits(actual[i]),
            what + ", element " + i + " (bits)");
      }
    }
  }

  @Test
  void boxMullerEqualsTheScalarDefinitionOnAllUniforms() {
    // every uniform k 2^-24 as a radius input and as an angle input (paired with a scrambled k)
    int perCall = 1 << 16;
    float[] expected = new float[2 * perCall];
    float[] actual = new float[2 * perCall];
    for (int base = 0; base < 1 << 24; base += perCall) {
      for (int k = 0; k < perCall; k++) {
        int block = k / 8;
        int lane = k % 8;
        float u = (base + k) * 0x1p-24f;
        float other = ((base + k) ^ 0x5A5A5A) * 0x1p-24f;
        boolean radiusFirst = (base / perCall) % 2 == 0;
        expected[16 * block + lane] = radiusFirst ? u : other;
        expected[16 * block + 8 + lane] = radiusFirst ? other : u;
      }
      System.arraycopy(expected, 0, actual, 0, expected.length);
      for (int i = 0; i < expected.length; i += 16) {
        scalarBlock(expected, i, 0.25f, 1.5f);
      }
      assertEquals(
          actual.length, VectorKernels.boxMullerBlocks(actual, 0, actual.length, 0.25f, 1.5f));
      assertSameBits(expected, actual, "uniforms from " + base * 0x1p-24f);
    }
  }

  @Test
  void boxMullerEqualsTheScalarDefinitionOnAnyFloatsOffsetsAndLengths() {
    SplittableRandom random = new SplittableRandom(6);
    for (int trial = 0; trial < 500; trial++) {
      int from = random.nextInt(40);
      int end = from + random.nextInt(200);
      float[] expected = new float[end + 5];
      for (int i = 0; i < expected.length; i++) {
        switch (random.nextInt(4)) {
          case 0 -> expected[i] = Float.intBitsToFloat(random.nextInt()); // any bits, NaN too
          case 1 -> expected[i] = (float) random.nextDouble(-1e4, 1e4);
          case 2 -> expected[i] = Float.intBitsToFloat(random.nextInt(0x0100_0000)); // tiny
          default -> expected[i] = random.nextInt(1 << 24) * 0x1p-24f;
        }
      }
      float[] actual = expected.clone();
      float mean = (float) random.nextDouble(-2, 2);
      float std = (float) random.nextDouble(0, 3);
      int done = VectorKernels.boxMullerBlocks(actual, from, end, mean, std);
      assertEquals((end - from) / 16 * 16, done, "whole blocks done");
      for (int i = from; i + 16 <= end; i += 16) {
        scalarBlock(expected, i, mean, std);
      }
      assertSameBits(expected, actual, "trial " + trial);
    }
  }

  /** The scalar definition of trunc_normal_'s passes after the draw ({@code truncNormalWords}). */
  private static float scalarTruncNormal(
      float y, boolean fused, float scale, float mean, float low, float high) {
    float x = TorchErf.erfinv(y, fused) * scale + mean;
    return Math.min(Math.max(x, low), high);
  }

  @Test
  void truncNormalTransformEqualsTheScalarDefinition() {
    assumeTrue(VectorKernels.wide(), "this kernel runs on 512-bit vectors only");
    SplittableRandom random = new SplittableRandom(7);
    float[] special = {
      1f,
      -1f,
      0f,
      -0f,
      0.7f,
      -0.7f,
      Math.nextUp(0.7f),
      Math.nextDown(-0.7f),
      1 - 0x1p-24f,
      -1 + 0x1p-24f,
      0x1p-30f,
      Float.MIN_VALUE,
      1.5f,
      -3f,
      Float.NaN,
      0.99999f
    };
    float[] scratch = new float[TorchInit.TRUNC_CHUNK];
    int[] lanes = new int[TorchInit.TRUNC_LANES];
    for (int trial = 0; trial < 400; trial++) {
      int from = random.nextInt(40);
      int count = trial < 10 ? TorchInit.TRUNC_CHUNK : random.nextInt(1100);
      float[] y = new float[from + count + 3];
      for (int i = 0; i < y.length; i++) {
        switch (random.nextInt(5)) {
          case 0 -> y[i] = special[random.nextInt(special.length)];
          case 1 -> y[i] = Math.copySign(Float.intBitsToFloat(random.nextInt(0x3F80_0000)), -i);
          default -> y[i] = (float) random.nextDouble(-1, 1);
        }
      }
      boolean fused = trial % 4 != 3;
      float scale = (float) random.nextDouble(0.01, 3);
      float mean = (float) random.nextDouble(-1, 1);
      float low = mean - (float) random.nextDouble(0, 5);
      float high = mean + (float) random.nextDouble(0, 5);
      float[] expected = y.clone();
      for (int i = from; i < from + count; i++) {
        expected[i] = scalarTruncNormal(y[i], fused, scale, mean, low, high);
      }
      float[] actual = y.clone();
      int done =
          VectorKernels.truncNormalTransform(
              actual, from, count, scale, mean, low, high, fused, scratch, lanes);
      // the fused (AVX2) build runs on vectors, all but a partial vector; the default one is scalar
      assertTrue(
          fused ? done <= count && count - done < 16 : done == 0, "done " + done + " of " + count);
      System.arraycopy(expected, from + done, actual, from + done, count - done);
      assertSameBits(expected, actual, "trial " + trial);
    }
  }

  @Test
  void truncNormalTransformEqualsTheScalarDefinitionOnAllTailsAndAStrideOfAllArguments() {
    assumeTrue(VectorKernels.wide(), "this kernel runs on 512-bit vectors only");
    // every float in (0.7, 1) (the tail guess, with its log), then every 61st float below 1, with
    // alternating signs: about 22 million arguments
    float[] scratch = new float[TorchInit.TRUNC_CHUNK];
    int[] lanes = new int[TorchInit.TRUNC_LANES];
    float[] chunk = new float[TorchInit.TRUNC_CHUNK];
    float[] expected = new float[TorchInit.TRUNC_CHUNK];
    float[] arguments = new float[TorchInit.TRUNC_CHUNK];
    int tailStart = Float.floatToRawIntBits(0.7f) + 1;
    int one = Float.floatToRawIntBits(1f);
    int bits = tailStart;
    boolean tails = true;
    while (true) {
      int n = 0;
      for (; n < chunk.length; n++) {
        if (bits >= one) {
          if (!tails) {
            break;
          }
          tails = false;
          bits = 0;
        }
        float y = Float.intBitsToFloat(bits);
        chunk[n] = n % 2 == 0 ? y : -y;
        bits += tails ? 1 : 61;
      }
      if (n == 0) {
        return;
      }
      for (int j = 0; j < n; j++) {
        arguments[j] = chunk[j];
        expected[j] = scalarTruncNormal(chunk[j], true, 0.7f, 0.1f, -2.5f, 2.5f);
      }
      int done =
          VectorKernels.truncNormalTransform(
              chunk, 0, n, 0.7f, 0.1f, -2.5f, 2.5f, true, scratch, lanes);
      assertTrue(done <= n && n - done < 16, "done " + done + " of " + n);
      for (int j = 0; j < done; j++) {
        if (Float.floatToRawIntBits(expected[j]) != Float.floatToRawIntBits(chunk[j])) {
          assertEquals(expected[j], chunk[j], "argument " + arguments[j]);
        }
      }
    }
  }

  @Test
  void truncNormalTakesTheVectorPathAndAllocatesNothing() {
    assumeTrue(VectorKernels.wide(), "this kernel runs on 512-bit vectors only");
    float[] out = new float[5000];
    TorchGenerator generator = new TorchGenerator(3);
    assertEquals(
        0,
        Allocations.afterWarmUp(
            () -> TorchInit.truncNormal(out, 3, 4099, 0, 0.02, -2, 2, generator)));
  }

  @Test
  void normalTakesTheVectorPathAndAllocatesNothing() {
    assertTrue(VectorKernels.available(), VectorKernels.describe());
    float[] out = new float[5000];
    TorchGenerator generator = new TorchGenerator(3);
    assertEquals(0, Allocations.afterWarmUp(() -> TorchInit.normal(out, 1, 4099, 0, 2, generator)));
  }
}
