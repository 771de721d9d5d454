package io.nninit.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class KerasOrthogonalTest {
  @Test
  void rowsOrColumnsAreOrthonormalTimesGain() {
    for (int[] shape : new int[][] {{1, 1}, {1, 5}, {5, 1}, {7, 3}, {3, 7}, {16, 16}, {40, 9}}) {
      int rows = shape[0];
      int cols = shape[1];
      float[] out = new float[rows * cols];
      new KerasOrthogonal(rows, cols).fill(out, 0, 42, 0, 0.5f);
      boolean tall = rows >= cols;
      int vectors = tall ? cols : rows;
      int length = tall ? rows : cols;
      for (int a = 0; a < vectors; a++) {
        for (int b = 0; b < vectors; b++) {
          double dot = 0;
          for (int i = 0; i < length; i++) {
            dot += (double) at(out, cols, tall, i, a) * at(out, cols, tall, i, b);
          }
          assertEquals(
              a == b ? 0.25 : 0, dot, 1e-6, Arrays.toString(shape) + " vectors " + a + ", " + b);
        }
      }
    }
  }

  @Test
  void rejectsNonPositiveShapesWhenConstructed() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new KerasOrthogonal(0, 3));
    assertTrue(e.getMessage().contains("rows = 0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new KerasOrthogonal(3, -2));
    assertTrue(e.getMessage().contains("cols = -2"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new KerasOrthogonal(1 << 16, 1 << 16));
    assertTrue(e.getMessage().contains("too many elements"), e.getMessage());
  }

  @Test
  void rejectsBadOutputBeforeWriting() {
    KerasOrthogonal orthogonal = new KerasOrthogonal(3, 4);
    float[] out = new float[13];
    Arrays.fill(out, 7f);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> orthogonal.fill(out, 2, 1, 0, 1f));
    assertTrue(e.getMessage().contains("offset + 12 <= length"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> orthogonal.fill(out, -1, 1, 0, 1f));
    assertTrue(e.getMessage().contains("offset >= 0"), e.getMessage());
    for (float v : out) {
      assertEquals(7f, v);
    }
    e = assertThrows(IllegalArgumentException.class, () -> orthogonal.fill(null, 0, 1, 0, 1f));
    assertTrue(e.getMessage().contains("out is null"), e.getMessage());
  }

  @Test
  void fillAllocatesNothingAfterWarmUp() {
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    KerasOrthogonal orthogonal = new KerasOrthogonal(9, 24);
    float[] out = new float[1 + 9 * 24];
    orthogonal.fill(out, 1, 5, 0, 1.1f);
    long before = threads.getCurrentThreadAllocatedBytes();
    orthogonal.fill(out, 1, 5, 0, 1.1f);
    assertEquals(0, threads.getCurrentThreadAllocatedBytes() - before);
  }

  private static float at(float[] out, int cols, boolean tall, int i, int vector) {
    return tall ? out[i * cols + vector] : out[vector * cols + i];
  }
}
