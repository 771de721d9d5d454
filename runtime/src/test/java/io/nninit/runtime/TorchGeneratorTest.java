package io.nninit.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TorchGeneratorTest {
  @Test
  void matchesTheCppStandardsMt19937() {
    // [rand.predef]: the 10000th consecutive invocation of a default-constructed std::mt19937
    // (seed 5489) produces 4123659995; its first output is 3499211612.
    TorchGenerator g = new TorchGenerator(5489);
    assertEquals(3499211612L, g.random());
    for (int i = 2; i < 10000; i++) {
      g.random();
    }
    assertEquals(4123659995L, g.random());
  }

  @Test
  void onlyTheLow32BitsOfTheSeedMatter() {
    TorchGenerator a = new TorchGenerator((1L << 32) + 5);
    TorchGenerator b = new TorchGenerator(5);
    for (int i = 0; i < 1000; i++) {
      assertEquals(b.random(), a.random());
    }
    assertEquals((1L << 32) + 5, a.initialSeed());
  }

  @Test
  void random64PutsTheFirstWordHigh() {
    TorchGenerator words = new TorchGenerator(123);
    TorchGenerator pairs = new TorchGenerator(123);
    for (int i = 0; i < 700; i++) {
      long hi = words.random();
      long lo = words.random();
      assertEquals((hi << 32) | lo, pairs.random64());
    }
  }

  @Test
  void manualSeedRestartsTheStreamAndForgetsTheCachedNormal() {
    TorchGenerator g = new TorchGenerator(9);
    float[] first = new float[3];
    TorchInit.normal(first, 0, 3, 0.0, 1.0, g); // leaves one Box-Muller value cached
    assertTrue(g.hasCachedNormal());
    g.manualSeed(9);
    assertTrue(!g.hasCachedNormal());
    float[] again = new float[3];
    TorchInit.normal(again, 0, 3, 0.0, 1.0, g);
    assertEquals(java.util.Arrays.toString(first), java.util.Arrays.toString(again));
  }

  @Test
  void rejectsAMissingCapability() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new TorchGenerator(1, null));
    assertTrue(e.getMessage().contains("TorchCapability.AVX2"), e.getMessage());
  }
}
