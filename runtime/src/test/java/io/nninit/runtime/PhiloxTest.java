package io.nninit.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PhiloxTest {
  /** Known-answer vectors of Philox4x32-10 (Random123's kat_vectors): counter, key, output. */
  @Test
  void matchesRandom123KnownAnswers() {
    assertBlock(new int[] {0, 0, 0, 0}, 0, 0, 0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8);
    assertBlock(new int[] {-1, -1, -1, -1}, -1, -1, 0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd);
    assertBlock(
        new int[] {0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344},
        0xa4093822,
        0x299f31d0,
        0xd16cfe09,
        0x94fdcceb,
        0x5001e420,
        0x24126ea1);
  }

  /** keras.md §2, verified with TF Java's StatelessRandomGetKeyCounter. */
  @Test
  void derivesTensorFlowsKeyAndCounterFromTheSeedPair() {
    assertEquals(0x895c400365a92253L, Philox.streamKey(123, 0));
    assertEquals(0x5a231e506ca47d05L, Philox.streamCounterHigh(123, 0));
  }

  @Test
  void counterAdditionCarriesThroughAllFourWords() {
    // word 0 into word 1: stays in the low half
    assertEquals(0x1_0000_0000L, Philox.addLow(0xFFFF_FFFFL, 1));
    assertEquals(7L, Philox.addHigh(0xFFFF_FFFFL, 7L, 1));
    // word 1 into word 2
    assertEquals(4L, Philox.addLow(-2L, 6));
    assertEquals(8L, Philox.addHigh(-2L, 7L, 6));
    // word 2 into word 3
    assertEquals(0x1_0000_0000L, Philox.addHigh(-1L, 0xFFFF_FFFFL, 1));
    // all four words wrap to zero, as a 128-bit unsigned sum
    assertEquals(0L, Philox.addLow(-1L, 1));
    assertEquals(0L, Philox.addHigh(-1L, -1L, 1));
    // a skip with the top bit set is unsigned
    assertEquals(1L, Philox.addHigh(1L << 63, 0, 1L << 63));
  }

  @Test
  void extractsWordsInOrder() {
    long lo = 0x1111_1111_0000_0000L;
    long hi = 0x3333_3333_2222_2222L;
    assertEquals(0x0000_0000, Philox.word(lo, hi, 0));
    assertEquals(0x1111_1111, Philox.word(lo, hi, 1));
    assertEquals(0x2222_2222, Philox.word(lo, hi, 2));
    assertEquals(0x3333_3333, Philox.word(lo, hi, 3));
  }

  private static void assertBlock(int[] counter, int k0, int k1, int... expected) {
    long lo = (counter[0] & 0xFFFF_FFFFL) | ((long) counter[1] << 32);
    long hi = (counter[2] & 0xFFFF_FFFFL) | ((long) counter[3] << 32);
    long key = (k0 & 0xFFFF_FFFFL) | ((long) k1 << 32);
    long outLo = Philox.blockLow(lo, hi, key);
    long outHi = Philox.blockHigh(lo, hi, key);
    for (int w = 0; w < 4; w++) {
      assertEquals(expected[w], Philox.word(outLo, outHi, w), "word " + w);
    }
  }
}
