package io.nninit.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * Jumped MT19937 states equal plainly advanced ones; the known outputs of {@code std::mt19937}
 * (seed 5489: first output 3499211612, 10000th output 4123659995, as the C++ standard requires) are
 * reached by jumps.
 */
class Mt19937JumpTest {
  @Test
  void characteristicPolynomialHasDegree19937() {
    long[] phi = Mt19937Jump.Characteristic.PHI;
    assertEquals(1, phi[Mt19937Jump.DEGREE >>> 6] >>> (Mt19937Jump.DEGREE & 63) & 1);
    assertEquals(1, phi[0] & 1); // phi(0) = 1: T is invertible on the generator's states
  }

  @Test
  void jumpsEqualPlainSteps() {
    int[] window = new int[Mt19937Jump.N];
    int[] sum = new int[Mt19937Jump.N];
    for (long steps : new long[] {1, 2, 396, 397, 623, 624, 625, 1000, 12_345, 1 << 20}) {
      int[] plain = seeded(4357);
      int[] jumped = plain.clone();
      advancePlainly(plain, steps);
      Mt19937Jump.of(steps).apply(jumped, window, sum);
      assertArrayEquals(plain, jumped, steps + " steps");
    }
  }

  @Test
  void aPrecomputedStrideAppliedRepeatedlyEqualsPlainSteps() {
    Mt19937Jump stride = Mt19937Jump.of(100_003);
    int[] window = new int[Mt19937Jump.N];
    int[] sum = new int[Mt19937Jump.N];
    int[] jumped = seeded(1);
    int[] plain = jumped.clone();
    for (int i = 0; i < 3; i++) {
      stride.apply(jumped, window, sum);
    }
    advancePlainly(plain, 3 * 100_003L);
    assertArrayEquals(plain, jumped);
  }

  @Test
  void reachesTheStandardsTenThousandthOutput() {
    int[] state = seeded(5489);
    int[] window = new int[Mt19937Jump.N];
    int[] sum = new int[Mt19937Jump.N];
    Mt19937Jump.of(Mt19937Jump.N).apply(state, window, sum); // the first twist: x_624 is next
    assertEquals(3499211612L, Integer.toUnsignedLong(Mt19937Jump.temper(state[0])));
    Mt19937Jump.of(9999).apply(state, window, sum);
    assertEquals(4123659995L, Integer.toUnsignedLong(Mt19937Jump.temper(state[0])));
  }

  @Test
  void theLadderAdvancesByAnyCount() {
    Mt19937Jump.Ladder ladder = new Mt19937Jump.Ladder();
    int[] window = new int[Mt19937Jump.N];
    int[] sum = new int[Mt19937Jump.N];
    for (long steps :
        new long[] {0, 1, 623, 65_535, 65_536, 65_537, 3 * 65_536 + 17, 1 << 22, 5_000_000}) {
      int[] plain = seeded(42);
      int[] jumped = plain.clone();
      advancePlainly(plain, steps);
      ladder.advance(jumped, steps, window, sum);
      assertArrayEquals(plain, jumped, steps + " steps");
    }
    assertThrows(IllegalArgumentException.class, () -> ladder.advance(seeded(1), -1, window, sum));
    assertThrows(
        IllegalArgumentException.class, () -> ladder.advance(seeded(1), 1L << 42, window, sum));
  }

  @Test
  void applyAllocatesNothing() {
    var threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    Mt19937Jump jump = Mt19937Jump.of(1 << 24);
    int[] state = seeded(7);
    int[] window = new int[Mt19937Jump.N];
    int[] sum = new int[Mt19937Jump.N];
    jump.apply(state, window, sum);
    long before = threads.getCurrentThreadAllocatedBytes();
    jump.apply(state, window, sum);
    assertEquals(0, threads.getCurrentThreadAllocatedBytes() - before);
  }

  @Test
  void rejectsNonPositiveJumps() {
    assertThrows(IllegalArgumentException.class, () -> Mt19937Jump.of(0));
  }

  /** {@code init_genrand(seed)}: the window x_0 .. x_623. */
  private static int[] seeded(int seed) {
    int[] state = new int[Mt19937Jump.N];
    state[0] = seed;
    for (int i = 1; i < state.length; i++) {
      state[i] = 1812433253 * (state[i - 1] ^ (state[i - 1] >>> 30)) + i;
    }
    return state;
  }

  /** The reference recurrence, one word at a time, then rotated back to start at index 0. */
  private static void advancePlainly(int[] state, long steps) {
    int n = Mt19937Jump.N;
    int start = 0;
    for (long s = 0; s < steps; s++) {
      int next = (start + 1) % n;
      int y = (state[start] & 0x8000_0000) | (state[next] & 0x7FFF_FFFF);
      state[start] = state[(start + 397) % n] ^ (y >>> 1) ^ ((y & 1) == 0 ? 0 : 0x9908B0DF);
      start = next;
    }
    int[] rotated = new int[n];
    for (int i = 0; i < n; i++) {
      rotated[i] = state[(start + i) % n];
    }
    System.arraycopy(rotated, 0, state, 0, n);
  }
}
