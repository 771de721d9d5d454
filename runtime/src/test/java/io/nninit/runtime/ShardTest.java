package io.nninit.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Workers that each own a shard of a tensor (split along its first axis) generate it alone, and the
 * concatenation of the shards is the whole tensor; the same for arbitrary slices.
 */
class ShardTest {
  private static final long SEED0 = 77;
  private static final long SEED1 = 0;
  private static final int ROWS = 37;
  private static final int ROW_LENGTH = 1001; // odd: shard borders fall inside Philox blocks

  @ParameterizedTest
  @EnumSource(KerasDistribution.class)
  void concatenatedShardsEqualTheWholeTensor(KerasDistribution distribution) {
    float[] whole = new float[ROWS * ROW_LENGTH];
    KerasRandomFills.fill(distribution, whole, 0, whole.length, 0, SEED0, SEED1);
    for (int shards = 1; shards <= 6; shards++) {
      float[] concatenated = new float[whole.length];
      int at = 0;
      for (int k = 0; k < shards; k++) {
        Shard shard = Shard.ofFirstAxis(ROWS, ROW_LENGTH, shards, k);
        assertEquals(at, shard.first(), "shards are contiguous");
        float[] mine = new float[(int) shard.count()]; // the worker's own array
        KerasRandomFills.fill(distribution, mine, 0, mine.length, shard.first(), SEED0, SEED1);
        System.arraycopy(mine, 0, concatenated, at, mine.length);
        at += mine.length;
      }
      assertEquals(whole.length, at);
      assertArrayEquals(whole, concatenated, shards + " shards");
    }
  }

  @ParameterizedTest
  @EnumSource(KerasDistribution.class)
  void everySliceEqualsTheSameElementsOfTheWhole(KerasDistribution distribution) {
    float[] whole = new float[200];
    KerasRandomFills.fill(distribution, whole, 0, whole.length, 0, SEED0, SEED1);
    for (int from = 0; from < 40; from++) {
      for (int to = from; to <= whole.length; to += 1 + (to - from) / 3) {
        float[] slice = new float[to - from + 2];
        KerasRandomFills.fill(distribution, slice, 1, to - from, from, SEED0, SEED1);
        for (int i = from; i < to; i++) {
          assertEquals(
              Float.floatToRawIntBits(whole[i]),
              Float.floatToRawIntBits(slice[1 + i - from]),
              "element " + i + " of slice [" + from + ", " + to + ")");
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(KerasDistribution.class)
  void chunkedFillEqualsTheFlatFill(KerasDistribution distribution) {
    float[] flat = new float[10_007];
    KerasRandomFills.fill(distribution, flat, 0, flat.length, 5, SEED0, SEED1);
    FloatChunks chunks = FloatChunks.allocate(flat.length, 999);
    switch (distribution) {
      case UNIFORM -> KerasRandom.uniform(chunks, 5, SEED0, SEED1, -0.25f, 0.5f);
      case NORMAL -> KerasRandom.normal(chunks, 5, SEED0, SEED1, 0.5f, 2f);
      default -> KerasRandom.truncatedNormal(chunks, 5, SEED0, SEED1, 0.5f, 2f);
    }
    assertArrayEquals(flat, KerasRandomFills.flatten(chunks));
  }

  @Test
  void firstAxisSplitsLikeNumpyArraySplit() {
    // numpy.array_split(range(10), 3) -> sizes 4, 3, 3
    assertEquals(new Shard(0, 40), Shard.ofFirstAxis(10, 10, 3, 0));
    assertEquals(new Shard(40, 30), Shard.ofFirstAxis(10, 10, 3, 1));
    assertEquals(new Shard(70, 30), Shard.ofFirstAxis(10, 10, 3, 2));
    assertEquals(new Shard(2, 0), Shard.ofFirstAxis(1, 2, 2, 1)); // more shards than rows
    assertEquals(new Shard(3L << 40, 2L << 40), Shard.ofRows(3, 2, 1L << 40));
  }

  @Test
  void badShardsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> Shard.ofFirstAxis(10, 10, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> Shard.ofFirstAxis(10, 10, 3, 3));
    assertThrows(IllegalArgumentException.class, () -> Shard.ofFirstAxis(-1, 10, 3, 0));
    assertThrows(IllegalArgumentException.class, () -> Shard.ofFirstAxis(1L << 40, 1L << 40, 2, 0));
    assertThrows(IllegalArgumentException.class, () -> Shard.ofRows(0, 1, -1));
    assertThrows(IllegalArgumentException.class, () -> new Shard(-1, 0));
  }
}
