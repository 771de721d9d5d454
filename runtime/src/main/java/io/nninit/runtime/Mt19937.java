package io.nninit.runtime;

/**
 * The Mersenne Twister MT19937 (Matsumoto and Nishimura, 1998): 624 words of state, the {@code
 * init_genrand} and {@code init_by_array} seeding procedures of its reference description, and the
 * tempered 32-bit output. Mutable; not thread-safe.
 */
final class Mt19937 {
  private static final int N = 624;
  private static final int M = 397;
  private static final int MATRIX_A = 0x9908B0DF;
  private static final int UPPER_MASK = 0x8000_0000;
  private static final int LOWER_MASK = 0x7FFF_FFFF;

  private final int[] state = new int[N];
  private int next = N + 1; // > N: not seeded

  /** Whether one of the seeding methods has been called. */
  boolean seeded() {
    return next <= N;
  }

  /** {@code init_genrand(seed)}: the seeding of C++'s {@code std::mt19937(seed)} and of PyTorch. */
  void seedGenrand(int seed) {
    initGenrand(seed);
    next = N;
  }

  /**
   * Writes the generator's position as a window of {@link Mt19937Jump}: the 624 words of the
   * sequence from the one whose tempering is the next output. Allocates nothing.
   *
   * @throws IllegalStateException if the generator is not seeded
   */
  void windowInto(int[] window) {
    if (!seeded()) {
      throw new IllegalStateException("the generator is not seeded; seed it first");
    }
    System.arraycopy(state, 0, window, 0, N);
    int start = 0;
    for (int s = 0; s < next; s++) { // the words already consumed are replaced by later ones
      start = Mt19937Jump.step(window, 0, start);
    }
    Mt19937Jump.rotateLeft(window, start);
  }

  /** Continues from a window of {@link Mt19937Jump}: the next output tempers {@code window[0]}. */
  void loadWindow(int[] window) {
    System.arraycopy(window, 0, state, 0, N);
    next = 0;
  }

  /** Takes the state and position of {@code other}. */
  void copyFrom(Mt19937 other) {
    System.arraycopy(other.state, 0, state, 0, N);
    next = other.next;
  }

  /** {@code init_by_array} with the one-word key {@code key}. */
  void seedByOneWordKey(int key) {
    initGenrand(19650218);
    int i = 1;
    for (int k = N; k > 0; k--) { // max(N, key length) steps; the key index j is always 0
      int previous = state[i - 1];
      state[i] = (state[i] ^ ((previous ^ (previous >>> 30)) * 1664525)) + key;
      i++;
      if (i >= N) {
        state[0] = state[N - 1];
        i = 1;
      }
    }
    for (int k = N - 1; k > 0; k--) {
      int previous = state[i - 1];
      state[i] = (state[i] ^ ((previous ^ (previous >>> 30)) * 1566083941)) - i;
      i++;
      if (i >= N) {
        state[0] = state[N - 1];
        i = 1;
      }
    }
    state[0] = UPPER_MASK; // guarantees a non-zero state
    next = N;
  }

  /** The next 32-bit output ({@code genrand_int32}), as the bits of an int. */
  int nextInt() {
    if (next >= N) {
      twist();
    }
    return temper(state[next++]);
  }

  /** The output that the state word {@code y} gives. */
  static int temper(int y) {
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9D2C5680;
    y ^= (y << 15) & 0xEFC60000;
    y ^= y >>> 18;
    return y;
  }

  /**
   * For bulk draws without a per-word check: the number of outputs before the next twist, at least
   * 1 (twists first if none is left). The next {@link #available()} outputs are {@code
   * temper(words()[position() + i])}; {@link #skip} then consumes them.
   */
  int available() {
    if (next >= N) {
      twist();
    }
    return N - next;
  }

  /** The state words, for bulk draws (see {@link #available()}); not to be written. */
  int[] words() {
    return state;
  }

  /** The index in {@link #words()} of the word behind the next output. */
  int position() {
    return next;
  }

  /** Consumes {@code count <= available()} outputs. */
  void skip(int count) {
    next += count;
  }

  private void initGenrand(int seed) {
    state[0] = seed;
    for (int i = 1; i < N; i++) {
      int previous = state[i - 1];
      state[i] = 1812433253 * (previous ^ (previous >>> 30)) + i;
    }
  }

  private void twist() {
    // the reference implementation's three loops (no index wrap-around inside a loop) and a
    // branch-free MATRIX_A term: the low bit is random, so a branch would mispredict half the time
    int[] mt = state;
    int k = 0;
    for (; k < N - M; k++) {
      int y = (mt[k] & UPPER_MASK) | (mt[k + 1] & LOWER_MASK);
      mt[k] = mt[k + M] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    }
    for (; k < N - 1; k++) {
      int y = (mt[k] & UPPER_MASK) | (mt[k + 1] & LOWER_MASK);
      mt[k] = mt[k + M - N] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    }
    int y = (mt[N - 1] & UPPER_MASK) | (mt[0] & LOWER_MASK);
    mt[N - 1] = mt[M - 1] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    next = 0;
  }
}
