package io.nninit.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nninit.annotation.KerasFlavor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class KerasRandomTest {

  /** keras.md §1: Keras >= 3.5 takes floormod(seed, 2147483646); tf.keras 2 keeps the seed. */
  @Test
  void seedPairFirstFollowsEachFlavor() {
    assertEquals(1, KerasRandom.seedPairFirst(2147483647L, KerasFlavor.KERAS3));
    assertEquals(0, KerasRandom.seedPairFirst(2147483646L, KerasFlavor.KERAS3));
    assertEquals(2147483645L, KerasRandom.seedPairFirst(-1, KerasFlavor.KERAS3));
    assertEquals(3, KerasRandom.seedPairFirst((1L << 32) - 1, KerasFlavor.KERAS3));
    assertEquals(123, KerasRandom.seedPairFirst(123, KerasFlavor.KERAS3));
    assertEquals(2147483647L, KerasRandom.seedPairFirst(2147483647L, KerasFlavor.TF_KERAS2));
    assertEquals(-1, KerasRandom.seedPairFirst(-1, KerasFlavor.TF_KERAS2));
    assertEquals((1L << 32) - 1, KerasRandom.seedPairFirst((1L << 32) - 1, KerasFlavor.TF_KERAS2));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> KerasRandom.seedPairFirst(1, null));
    assertTrue(e.getMessage().contains("KerasFlavor.KERAS3"), e.getMessage());
  }

  @Test
  void rejectsBadRangesBeforeWriting() {
    float[] out = new float[8];
    Arrays.fill(out, 7f);
    assertRejected(out, () -> KerasRandom.uniform(out, 0, -1, 1, 0, 0f, 1f), "count >= 0");
    assertRejected(out, () -> KerasRandom.normal(out, 0, -1, 1, 0, 0f, 1f), "count >= 0");
    assertRejected(out, () -> KerasRandom.truncatedNormal(out, 0, -1, 1, 0, 0f, 1f), "count >= 0");
    assertRejected(
        out, () -> KerasRandom.uniform(out, 4, 5, 1, 0, 0f, 1f), "offset + count <= length");
    assertRejected(
        out, () -> KerasRandom.normal(out, 4, 5, 1, 0, 0f, 1f), "offset + count <= length");
    assertRejected(
        out,
        () -> KerasRandom.truncatedNormal(out, 4, 5, 1, 0, 0f, 1f),
        "offset + count <= length");
    assertRejected(out, () -> KerasRandom.uniform(out, -1, 2, 1, 0, 0f, 1f), "offset >= 0");
    assertRejected(
        out,
        () -> KerasRandom.normal(out, Integer.MAX_VALUE, 2, 1, 0, 0f, 1f),
        "offset + count <= length");
    assertRejected(
        out, () -> KerasRandom.uniform(out, 0, 2, -1, 1, 0, 0f, 1f), "non-negative element");
    assertRejected(
        out, () -> KerasRandom.truncatedNormal(out, 0, 2, 1L << 56, 1, 0, 0f, 1f), "below 2^56");
    assertThrowsNamed(() -> KerasRandom.uniform(null, 0, 1, 1, 0, 0f, 1f), "out is null");
    assertThrowsNamed(() -> KerasRandom.normal(null, 0, 1, 1, 0, 0f, 1f), "out is null");
    assertThrowsNamed(() -> KerasRandom.truncatedNormal(null, 0, 1, 1, 0, 0f, 1f), "out is null");
  }

  @Test
  void fillsOnlyTheRequestedRange() {
    float[] out = new float[10];
    Arrays.fill(out, 7f);
    KerasRandom.normal(out, 3, 4, 5, 0, 0f, 1f);
    assertEquals(7f, out[2]);
    assertEquals(7f, out[7]);
    KerasRandom.uniform(out, 3, 0, 5, 0, 0f, 1f); // count 0 is allowed and writes nothing
    assertEquals(7f, out[2]);
  }

  @Test
  void sameArgumentsGiveTheSameBits() {
    float[] a = new float[33];
    float[] b = new float[33];
    KerasRandom.truncatedNormal(a, 0, 33, 9, 0, 0.1f, 2f);
    KerasRandom.truncatedNormal(b, 0, 33, 9, 0, 0.1f, 2f);
    assertEquals(Arrays.toString(a), Arrays.toString(b));
  }

  @Test
  void fillsAllocateNothingAfterWarmUp() {
    float[] out = new float[4099];
    assertEquals(
        0, Allocations.afterWarmUp(() -> KerasRandom.uniform(out, 1, 4097, 42, 0, -0.5f, 1f)));
    assertEquals(0, Allocations.afterWarmUp(() -> KerasRandom.normal(out, 1, 4097, 42, 0, 0f, 1f)));
    assertEquals(
        0, Allocations.afterWarmUp(() -> KerasRandom.truncatedNormal(out, 1, 4097, 42, 0, 0f, 1f)));
  }

  private static void assertRejected(float[] out, Executable call, String expected) {
    assertThrowsNamed(call, expected);
    for (float v : out) {
      assertEquals(7f, v, "nothing written");
    }
  }

  private static void assertThrowsNamed(Executable call, String expected) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
