package io.nninit.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MomentsTest {
  @Test
  void populationMeanAndStd() {
    Moments m = Moments.of(new float[] {1, 2, 3, 4});
    assertEquals(4, m.count());
    assertEquals(2.5, m.mean());
    assertEquals(Math.sqrt(1.25), m.std(), 1e-16);
  }

  @Test
  void rangeOfAnArray() {
    Moments m = Moments.of(new float[] {100, -1, 1, -1, 1, 100}, 1, 4);
    assertEquals(0.0, m.mean());
    assertEquals(1.0, m.std());
  }

  @Test
  void largeOffsetDoesNotCancel() {
    // 1e4 + {-1, 1}: a one-pass E[x^2] - E[x]^2 in float would lose the spread entirely
    float[] v = new float[1000];
    for (int i = 0; i < v.length; i++) {
      v[i] = 10_000f + (i % 2 == 0 ? -1f : 1f);
    }
    Moments m = Moments.of(v);
    assertEquals(10_000.0, m.mean(), 0.0);
    assertEquals(1.0, m.std(), 0.0);
  }

  @Test
  void emptyIsNaNAndBadRangesAreRejected() {
    Moments m = Moments.of(new float[0]);
    assertEquals(0, m.count());
    assertTrue(Double.isNaN(m.mean()) && Double.isNaN(m.std()));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Moments.of(new float[3], 2, 2));
    assertTrue(e.getMessage().contains("2 values at offset 2 of an array of 3"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Moments.of(new float[3], -1, 1));
  }
}
