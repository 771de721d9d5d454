package io.nninit.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FloatChunksTest {
  @Test
  void allocatesChunksWithAShortLast() {
    FloatChunks chunks = FloatChunks.allocate(25, 10);
    assertEquals(25, chunks.length());
    assertEquals(3, chunks.chunkCount());
    assertEquals(10, chunks.chunk(1).length);
    assertEquals(5, chunks.chunk(2).length);
    chunks.set(21, 4f);
    assertEquals(4f, chunks.chunk(2)[1]);
    assertEquals(4f, chunks.get(21));
    assertEquals(0, FloatChunks.allocate(0).chunkCount());
  }

  @Test
  void wrapsArraysWithoutCopying() {
    float[] a = new float[4];
    float[] b = {1f, 2f};
    FloatChunks chunks = FloatChunks.wrap(a, b);
    assertSame(b, chunks.chunk(1));
    assertEquals(6, chunks.length());
    assertEquals(2f, chunks.get(5));
  }

  @Test
  void rejectsBadShapesAndIndices() {
    assertMessage(() -> FloatChunks.allocate(-1, 10), "length >= 0");
    assertMessage(() -> FloatChunks.allocate(10, 0), "positive chunk length");
    assertMessage(() -> FloatChunks.allocate(1L << 40, 1), "too many chunks");
    assertMessage(() -> FloatChunks.wrap(), "no chunks");
    assertMessage(() -> FloatChunks.wrap(new float[2], null), "chunk 1 is null");
    assertMessage(() -> FloatChunks.wrap(new float[2], new float[3]), "chunk 1 has length 3");
    assertMessage(() -> FloatChunks.wrap(new float[2], new float[2], new float[0]), "chunk 2");
    FloatChunks chunks = FloatChunks.allocate(5, 2);
    assertThrows(IndexOutOfBoundsException.class, () -> chunks.get(5));
    assertThrows(IndexOutOfBoundsException.class, () -> chunks.set(-1, 0f));
  }

  private static void assertMessage(org.junit.jupiter.api.function.Executable call, String part) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().contains(part), e.getMessage());
  }
}
