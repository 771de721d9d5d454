package io.nninit.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * Shards of PyTorch tensors computed alone: concatenated, they equal {@link TorchInit} on the whole
 * tensor (whose values are checked against PyTorch's oracle), and the generator is not moved.
 */
class TorchSlicerTest {
  private static final TorchSlicer SLICER = new TorchSlicer();

  @Test
  void uniformShardsConcatenateToTheWholeTensor() {
    int rows = 301;
    int rowLength = 77;
    TorchGenerator whole = new TorchGenerator(5);
    whole.random();
    float[] expected = new float[rows * rowLength];
    TorchInit.uniform(expected, 0, expected.length, -1, 2, whole);
    for (int shards : new int[] {1, 2, 3, 7}) {
      TorchGenerator generator = new TorchGenerator(5);
      generator.random();
      float[] concatenated = new float[expected.length];
      for (int k = 0; k < shards; k++) {
        Shard shard = Shard.ofFirstAxis(rows, rowLength, shards, k);
        float[] mine = new float[(int) shard.count()];
        SLICER.uniform(mine, 0, mine.length, shard.first(), -1, 2, generator);
        System.arraycopy(mine, 0, concatenated, (int) shard.first(), mine.length);
      }
      assertArrayEquals(expected, concatenated, shards + " shards");
      TorchGenerator untouched = new TorchGenerator(5);
      untouched.random();
      assertEquals(untouched.random(), generator.random(), "the generator is not advanced");
    }
  }

  @Test
  void normalShardsConcatenateToTheWholeTensorWithOrWithoutATail() {
    for (int total : new int[] {16, 17, 31, 32, 1000, 4099}) {
      TorchGenerator whole = new TorchGenerator(9);
      float[] expected = new float[total];
      TorchInit.normal(expected, 0, total, 0.5, 2.0, whole);
      for (int shards : new int[] {1, 2, 5}) {
        TorchGenerator generator = new TorchGenerator(9);
        float[] concatenated = new float[total];
        for (int k = 0; k < shards; k++) {
          Shard shard = Shard.ofFirstAxis(total, 1, shards, k);
          float[] mine = new float[(int) shard.count() + 2];
          SLICER.normal(mine, 1, (int) shard.count(), shard.first(), total, 0.5, 2.0, generator);
          System.arraycopy(mine, 1, concatenated, (int) shard.first(), (int) shard.count());
        }
        assertArrayEquals(expected, concatenated, total + " elements, " + shards + " shards");
      }
    }
  }

  @Test
  void everyNormalSliceEqualsTheWhole() {
    int total = 100; // a tail of 4 overlapping the last full block
    TorchGenerator whole = new TorchGenerator(2);
    float[] expected = new float[total];
    TorchInit.normal(expected, 0, total, 0, 1, whole);
    TorchGenerator generator = new TorchGenerator(2);
    for (int from = 0; from < total; from += 3) {
      for (int to = from; to <= total; to += 7) {
        float[] slice = new float[to - from];
        SLICER.normal(slice, 0, slice.length, from, total, 0, 1, generator);
        for (int i = from; i < to; i++) {
          assertEquals(
              expected[i], slice[i - from], "element " + i + " of [" + from + ", " + to + ")");
        }
      }
    }
  }

  @Test
  void allocatesNothing() {
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    TorchGenerator generator = new TorchGenerator(1);
    float[] out = new float[1000];
    SLICER.normal(out, 0, 1000, 5000, 10_007, 0, 1, generator);
    SLICER.uniform(out, 0, 1000, 5000, 0, 1, generator);
    long before = threads.getCurrentThreadAllocatedBytes();
    SLICER.normal(out, 0, 1000, 5000, 10_007, 0, 1, generator);
    SLICER.uniform(out, 0, 1000, 5000, 0, 1, generator);
    assertEquals(0, threads.getCurrentThreadAllocatedBytes() - before);
  }

  @Test
  void rejectsSlicesItCannotCompute() {
    TorchGenerator generator = new TorchGenerator(1);
    float[] out = new float[20];
    assertThrows(
        IllegalArgumentException.class, () -> SLICER.normal(out, 0, 10, 0, 15, 0, 1, generator));
    assertThrows(
        IllegalArgumentException.class, () -> SLICER.normal(out, 0, 10, 10, 19, 0, 1, generator));
    assertThrows(
        IllegalArgumentException.class, () -> SLICER.uniform(out, 0, 10, -1, 0, 1, generator));
    assertThrows(IllegalArgumentException.class, () -> SLICER.uniform(out, 0, 10, 0, 0, 1, null));
  }
}
