package io.nninit.runtime;

/**
 * Jump-ahead for MT19937 (the method of Haramoto, Matsumoto, Nishimura, Panneton and L'Ecuyer,
 * "Efficient jump ahead for F2-linear random number generators", 2008): advancing the generator by
 * {@code J} outputs multiplies its state by {@code T^J}, where {@code T} is its GF(2)-linear
 * one-step transition. With {@code phi}, the characteristic polynomial of the generator (degree
 * 19937), {@code T^J = g(T)} on the generator's states for {@code g(x) = x^J mod phi(x)}, so a jump
 * costs one evaluation of {@code g(T)}: 19937 steps of the generator and about 10^4 XORs of a
 * state, instead of {@code J} steps.
 *
 * <p><b>State.</b> The window of the 624 words {@code x_p .. x_p+623} of MT's word sequence ({@code
 * x_{k+624} = x_{k+397} ^ A((x_k & upper) | (x_{k+1} & lower))}): {@code state[0] = x_p} is the
 * word whose tempering gives the next output. A freshly twisted {@code mt[]} array with {@code mti
 * = 0} is such a window; an array with {@code mti = i} is one rotated by {@code i}.
 *
 * <p><b>phi.</b> Found once per class loader (lazily, about 0.1 s) by Berlekamp-Massey from 2 *
 * 19937 bits of the sequence; a jump of a fixed stride ({@link #of}) is then precomputed as its
 * polynomial and applied any number of times. The low 31 bits of {@code x_p} do not feed the
 * recurrence, so {@code T} has an extra factor {@code x} in its minimal polynomial: the jump
 * evaluates {@code x^{J-1} mod phi} and makes the last step plainly, which is exact for every
 * state.
 *
 * <p><b>Use for PyTorch.</b> PyTorch's {@code uniform_} draws one output per element in order, so a
 * worker that fills elements {@code [from, to)} copies the generator's window, advances it by
 * {@code from} with a {@link Ladder} and draws from there; the generator itself is then advanced by
 * the whole count. (To be wired into {@code TorchInit} once the PyTorch generator is merged.)
 *
 * <p>Immutable and thread-safe; {@link #apply} needs caller-owned scratch arrays and allocates
 * nothing. Measured costs (this machine, loaded): {@link #apply} about 2 ms; {@link #of} about
 * 30-40 ms per new stride (so strides are precomputed, not made per call); {@code phi} once about
 * 0.1 s.
 */
final class Mt19937Jump {
  static final int N = 624;
  static final int DEGREE = 19937;
  private static final int M = 397;
  private static final int MATRIX_A = 0x9908B0DF;
  private static final int UPPER_MASK = 0x8000_0000;
  private static final int LOWER_MASK = 0x7FFF_FFFF;
  private static final int POLY_WORDS = (2 * DEGREE + 64) / 64 + 1;

  private final long steps;
  private final long[] polynomial; // x^(steps - 1) mod phi, coefficient i in bit i

  private Mt19937Jump(long steps, long[] polynomial) {
    this.steps = steps;
    this.polynomial = polynomial;
  }

  /**
   * The jump by {@code steps} outputs ({@code steps >= 1}).
   *
   * @throws IllegalArgumentException if {@code steps < 1}
   */
  static Mt19937Jump of(long steps) {
    if (steps < 1) {
      throw new IllegalArgumentException("jump of " + steps + " steps; need steps >= 1");
    }
    return new Mt19937Jump(steps, powerOfX(steps - 1, Characteristic.PHI));
  }

  /** How many outputs this jump skips. */
  long steps() {
    return steps;
  }

  /**
   * Advances the window {@code state} (624 words, {@code state[0]} next) by {@link #steps()}
   * outputs in place, with two caller-owned scratch arrays of at least 624 ints (separate arrays,
   * so that the JIT vectorizes the sums).
   */
  void apply(int[] state, int[] window, int[] sum) {
    System.arraycopy(state, 0, window, 0, N);
    java.util.Arrays.fill(sum, 0, N, 0);
    int start = 0; // the window is circular, from `start`
    for (int i = 0; i < DEGREE; i++) {
      if ((polynomial[i >>> 6] & (1L << i)) != 0) {
        int head = N - start;
        for (int j = 0; j < head; j++) {
          sum[j] ^= window[start + j];
        }
        for (int j = 0; j < start; j++) {
          sum[head + j] ^= window[j];
        }
      }
      start = step(window, 0, start);
    }
    int first = step(sum, 0, 0); // the plain last step; the window now starts at index 1
    System.arraycopy(sum, first, state, 0, N - first);
    System.arraycopy(sum, 0, state, N - first, first);
  }

  /**
   * One generator step on the circular window {@code words[base .. base + 624)} starting at {@code
   * start}: overwrites {@code x_p} with {@code x_{p+624}}; returns the new start.
   */
  static int step(int[] words, int base, int start) {
    int next = start == N - 1 ? 0 : start + 1;
    int middle = start + M < N ? start + M : start + M - N;
    int y = (words[base + start] & UPPER_MASK) | (words[base + next] & LOWER_MASK);
    words[base + start] = words[base + middle] ^ (y >>> 1) ^ ((y & 1) == 0 ? 0 : MATRIX_A);
    return next;
  }

  /** Rotates {@code words[0, 624)} left by {@code by} in place (three reversals, no scratch). */
  static void rotateLeft(int[] words, int by) {
    reverse(words, 0, by);
    reverse(words, by, N);
    reverse(words, 0, N);
  }

  private static void reverse(int[] words, int from, int to) {
    for (int i = from, j = to - 1; i < j; i++, j--) {
      int t = words[i];
      words[i] = words[j];
      words[j] = t;
    }
  }

  /** MT19937's output tempering of one state word. */
  static int temper(int x) {
    int y = x;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9D2C5680;
    y ^= (y << 15) & 0xEFC60000;
    y ^= y >>> 18;
    return y;
  }

  /** {@code x^e mod phi} by square-and-multiply from the top bit of {@code e}. */
  static long[] powerOfX(long e, long[] phi) {
    long[] result = new long[POLY_WORDS];
    result[0] = 1;
    for (int bit = 63 - Long.numberOfLeadingZeros(e); bit >= 0; bit--) {
      result = square(result, phi);
      if ((e >>> bit & 1) != 0) {
        shiftLeftOne(result);
        reduce(result, phi);
      }
    }
    return result;
  }

  private static long[] square(long[] p, long[] phi) {
    long[] s = new long[POLY_WORDS];
    for (int w = 0; w < (DEGREE + 63) / 64; w++) {
      s[2 * w] = spread((int) p[w]);
      s[2 * w + 1] = spread((int) (p[w] >>> 32));
    }
    reduce(s, phi);
    return s;
  }

  /** The 32 bits of {@code x} moved to the even bit positions of a long (squaring in GF(2)). */
  private static long spread(int x) {
    long v = Integer.toUnsignedLong(x);
    v = (v | v << 16) & 0x0000FFFF0000FFFFL;
    v = (v | v << 8) & 0x00FF00FF00FF00FFL;
    v = (v | v << 4) & 0x0F0F0F0F0F0F0F0FL;
    v = (v | v << 2) & 0x3333333333333333L;
    v = (v | v << 1) & 0x5555555555555555L;
    return v;
  }

  private static void shiftLeftOne(long[] p) {
    for (int w = p.length - 1; w > 0; w--) {
      p[w] = p[w] << 1 | p[w - 1] >>> 63;
    }
    p[0] <<= 1;
  }

  /** Reduces {@code p} (degree below {@code 2 * DEGREE}) modulo {@code phi} in place. */
  private static void reduce(long[] p, long[] phi) {
    for (int d = 2 * DEGREE; d >= DEGREE; d--) {
      if ((p[d >>> 6] & (1L << d)) != 0) {
        xorShifted(p, phi, d - DEGREE, DEGREE);
      }
    }
  }

  /** {@code dst ^= src << shift} for the bits {@code 0..srcDegree} of {@code src}. */
  static void xorShifted(long[] dst, long[] src, int shift, int srcDegree) {
    int words = shift >>> 6;
    int bits = shift & 63;
    int srcWords = srcDegree / 64 + 1;
    if (bits == 0) {
      for (int w = 0; w < srcWords; w++) {
        dst[w + words] ^= src[w];
      }
    } else {
      for (int w = 0; w < srcWords; w++) {
        dst[w + words] ^= src[w] << bits;
        if (w + words + 1 < dst.length) {
          dst[w + words + 1] ^= src[w] >>> (64 - bits);
        }
      }
    }
  }

  /**
   * Jumps by any number of steps: precomputed jumps by {@code 4^i * 2^16} ({@code i = 0..12}), each
   * applied at most three times, then fewer than 2^16 plain steps. Built once (measured 0.27 s
   * including {@code phi}'s first computation) and kept by its owner, e.g. a parallel initializer;
   * immutable and thread-safe. Reaching an offset below 2^42 costs at most 39 jumps, typically a
   * few: advancing by 2^23 (two jumps by 2^22) took 4.6 ms, against about 23 ms to draw 2^23
   * outputs.
   */
  static final class Ladder {
    static final int LOWEST_LOG2 = 16;
    static final int RUNGS = 13;

    private final Mt19937Jump[] rungs = new Mt19937Jump[RUNGS];

    Ladder() {
      long[] phi = Characteristic.PHI;
      long[] polynomial = powerOfX((1L << LOWEST_LOG2) - 1, phi);
      for (int i = 0; i < RUNGS; i++) {
        long stride = 1L << (LOWEST_LOG2 + 2 * i);
        rungs[i] = new Mt19937Jump(stride, polynomial);
        // x^(4S - 1) = (x^(S - 1))^4 * x^3
        polynomial = square(square(polynomial, phi), phi);
        for (int shift = 0; shift < 3; shift++) {
          shiftLeftOne(polynomial);
          reduce(polynomial, phi);
        }
      }
    }

    /**
     * Advances the window {@code state} by {@code steps >= 0} outputs in place; {@code window} and
     * {@code sum} are scratch arrays of 624 ints. Allocates nothing.
     *
     * @throws IllegalArgumentException if {@code steps} is negative or not below 2^42
     */
    void advance(int[] state, long steps, int[] window, int[] sum) {
      if (steps < 0 || steps >= 1L << (LOWEST_LOG2 + 2 * RUNGS)) {
        throw new IllegalArgumentException(
            "cannot advance MT19937 by " + steps + " steps; need 0 <= steps < 2^42");
      }
      long left = steps;
      for (int i = RUNGS - 1; i >= 0; i--) {
        while (left >= rungs[i].steps) {
          rungs[i].apply(state, window, sum);
          left -= rungs[i].steps;
        }
      }
      int start = 0;
      for (long s = 0; s < left; s++) {
        start = step(state, 0, start);
      }
      rotateLeft(state, start);
    }
  }

  /** MT19937's characteristic polynomial, computed once. */
  static final class Characteristic {
    static final long[] PHI = characteristicPolynomial();

    private Characteristic() {}

    /**
     * Berlekamp-Massey over GF(2) on bit 0 of the words {@code x_624 ..} of the sequence seeded by
     * {@code init_genrand(5489)}; phi is the reciprocal of the connection polynomial.
     */
    private static long[] characteristicPolynomial() {
      int[] window = new int[N];
      window[0] = 5489;
      for (int i = 1; i < N; i++) {
        window[i] = 1812433253 * (window[i - 1] ^ (window[i - 1] >>> 30)) + i;
      }
      int start = 0;
      for (int i = 0; i < N; i++) {
        start = step(window, 0, start);
      }
      int length = 2 * DEGREE + 2;
      long[] c = new long[POLY_WORDS]; // connection polynomial C(x)
      long[] b = new long[POLY_WORDS];
      long[] recent = new long[POLY_WORDS]; // bit i = s_{n-i}
      c[0] = 1;
      b[0] = 1;
      int linear = 0;
      int m = 1;
      for (int n = 0; n < length; n++) {
        int s = window[start] & 1;
        start = step(window, 0, start);
        shiftLeftOne(recent);
        recent[0] |= s;
        int parity = 0;
        for (int w = 0; w <= linear / 64; w++) {
          parity ^= Long.bitCount(c[w] & recent[w]);
        }
        if ((parity & 1) == 0) {
          m++;
        } else if (2 * linear <= n) {
          long[] previous = c.clone();
          xorShifted(c, b, m, DEGREE + 2);
          linear = n + 1 - linear;
          b = previous;
          m = 1;
        } else {
          xorShifted(c, b, m, DEGREE + 2);
          m++;
        }
      }
      if (linear != DEGREE) {
        throw new IllegalStateException(
            "Berlekamp-Massey found linear complexity " + linear + ", expected " + DEGREE);
      }
      long[] phi = new long[POLY_WORDS];
      for (int j = 0; j <= DEGREE; j++) {
        int i = DEGREE - j;
        if ((c[i >>> 6] & (1L << i)) != 0) {
          phi[j >>> 6] |= 1L << j;
        }
      }
      return phi;
    }
  }
}
