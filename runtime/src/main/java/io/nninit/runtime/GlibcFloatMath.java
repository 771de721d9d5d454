package io.nninit.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.IntToDoubleFunction;

/**
 * glibc's {@code logf}, {@code sinf} and {@code cosf} (as TF's CPU Box-Muller calls them on Linux),
 * bit for bit, on the only arguments Box-Muller produces. Those arguments are indexed by the 23-bit
 * value {@code k = x & 0x7fffff} of a Philox word: {@code logf} gets {@code max(k * 2^-23, 1e-7f)}
 * ({@link #logArgument}), {@code sincosf} gets {@code (float) (2 pi * k * 2^-23)} ({@link #angle}).
 *
 * <p><b>How.</b> glibc is not correctly rounded, but on this domain it differs from the correctly
 * rounded {@code (float) StrictMath.f((double) x)} (which {@link BoxMullerMath} computes faster,
 * with the same float results on the whole domain) at only 60931 ({@code logf}), 108108 ({@code
 * sinf}) and 108456 ({@code cosf}) of the 2^23 values of k, each time by one unit in the last
 * place. The lists of those values and glibc's results there (measured from glibc 2.36; identical
 * on its FMA and non-FMA paths) are resources of this package, {@code <f>_exceptions.bin}:
 * little-endian records {@code (uint32 k, uint32 glibc bits)} in increasing k. Each function
 * computes the correctly rounded value and, where k is listed, returns glibc's instead.
 *
 * <p><b>Why this layout.</b> A lookup happens for every Box-Muller pair, at a random k, so it must
 * be cheap and cache-friendly; it must not box or hash (no {@code HashMap}). Each lookup first
 * tests one bit of a filter: a bitset over all 2^23 k, 1 MiB, set where the function has an
 * exception (one filter for {@code logf}, one shared by {@code sinf} and {@code cosf}, which are
 * evaluated at the same k, so one cache line serves both). Only on the rare hit (about 0.7% of k
 * for {@code logf}, 2.6% for {@code sincosf}) does it read the value: its index is the rank of k
 * among the set bits, a per-word prefix count ({@code int[]}, 512 KiB per filter) plus a popcount
 * within the word, so a hit costs two loads and no search (an earlier binary search over the sorted
 * k made normals a quarter slower). The sine/cosine values are stored in pairs for every k of the
 * shared filter (the correctly rounded value where only the other function differs). The hot data
 * is the 2 MiB of filters; all tables together take about 4 MiB. They live in a lazily initialised
 * holder class, are loaded once on the first normal draw, and are never written afterwards.
 *
 * <p><b>Midpoint bounds.</b> glibc's result can differ from the correctly rounded one only where
 * the exact value lies close to a midpoint between two floats, and the double result tells how
 * close ({@link #midpointDistance}). Per key ({@link #BOUND_KEYS}), the largest distance of a
 * listed k is a bound ({@link #logBounds}, derived from the lists when they are loaded): a k
 * farther from a midpoint than its bound is not listed. That skips the filter at about 93% of the k
 * for {@code logf} and 88% for {@code sincosf}; the vector kernels ({@code VectorNormal}) test the
 * bounds on all lanes at once and the filter only at the rest. The scalar functions here test the
 * filter at every k: with a branch on the bound they measured 10% slower, since the out-of-order
 * core already overlaps their filter misses with the neighbouring pairs' work.
 *
 * <p>Over the whole domain the results equal glibc's: the tests hash all 2^23 values of each
 * function and compare with the SHA-256 of glibc's own table.
 */
final class GlibcFloatMath {
  /** Number of distinct Box-Muller inputs: {@code k} ranges over {@code [0, 2^23)}. */
  static final int DOMAIN_SIZE = 1 << 23;

  private static final float TWO_POW_MINUS_23 = 0x1p-23f;
  private static final float LOG_ARGUMENT_FLOOR = 1.0e-7f;
  private static final double TWO_PI = 2.0 * Math.PI;

  /**
   * The midpoint bounds are kept per key, {@link #logBoundKey} or {@link #sincosBoundKey}, 8 of
   * them, so that the vector kernels look them up with one permutation of a register: glibc's
   * error, and so the largest distance of its exceptions, varies along the domain. Measured over
   * all k: with one bound per function, 57% of the k go to the filter for {@code logf} and 23% for
   * {@code sincosf} (listed: 0.7% and 2.6%); with these keys, 6.6% and 12.2% (with 256 segments of
   * k, 2.1% and 6.3%, but a gather per lane costs more than it saves).
   */
  static final int BOUND_KEYS = 8;

  private static final long MIDPOINT_MASK = (1L << 29) - 1;
  private static final long MIDPOINT = 1L << 28;

  private GlibcFloatMath() {}

  /** TF's Box-Muller {@code u1}: {@code k * 2^-23}, raised to {@code 1e-7f} (only k = 0 is). */
  static float logArgument(int k) {
    float u = k * TWO_POW_MINUS_23;
    return u < LOG_ARGUMENT_FLOOR ? LOG_ARGUMENT_FLOOR : u;
  }

  /**
   * TF's Box-Muller {@code v1}: {@code 2.0 * M_PI} (a double) times {@code k * 2^-23}, rounded once
   * to float.
   */
  static float angle(int k) {
    return (float) (TWO_PI * (double) (k * TWO_POW_MINUS_23));
  }

  /** glibc {@code logf(logArgument(k))}. */
  static float logf(int k) {
    float strict = (float) BoxMullerMath.log(logArgument(k));
    long word = Tables.LOG.filter[k >>> 6];
    return (word & (1L << k)) == 0 // a long shift uses the low 6 bits of k
        ? strict
        : Float.intBitsToFloat(Tables.LOG.firstBits[Tables.LOG.index(k, word)]);
  }

  /** glibc {@code sinf(angle(k))} (the sine output of {@code sincosf}). */
  static float sinf(int k) {
    return Float.intBitsToFloat((int) sincosf(k));
  }

  /** glibc {@code cosf(angle(k))} (the cosine output of {@code sincosf}). */
  static float cosf(int k) {
    return Float.intBitsToFloat((int) (sincosf(k) >>> 32));
  }

  /**
   * glibc {@code sincosf(angle(k))}, packed: the sine's float bits low, the cosine's high. One
   * range reduction and one filter test serve both.
   */
  static long sincosf(int k) {
    double x = angle(k);
    int j = BoxMullerMath.sector(x);
    double d = BoxMullerMath.offset(x, j);
    double sinD = BoxMullerMath.sinOffset(d);
    double cosDMinusOne = BoxMullerMath.cosOffsetMinusOne(d);
    float sin = (float) BoxMullerMath.sin(j, sinD, cosDMinusOne);
    float cos = (float) BoxMullerMath.cos(j, sinD, cosDMinusOne);
    long word = Tables.SINCOS.filter[k >>> 6];
    if ((word & (1L << k)) != 0) {
      int at = Tables.SINCOS.index(k, word);
      sin = Float.intBitsToFloat(Tables.SINCOS.firstBits[at]);
      cos = Float.intBitsToFloat(Tables.SINCOS.secondBits[at]);
    }
    return (Float.floatToRawIntBits(sin) & 0xFFFF_FFFFL)
        | ((long) Float.floatToRawIntBits(cos) << 32);
  }

  /**
   * How far a double {@code y} (a {@link BoxMullerMath} result) lies from the nearest midpoint
   * between two floats, in units of the last place of {@code y}'s binade, 2^-52 of its power of two
   * (with the float midpoint at {@code 2^28}, the distance is at most {@code 2^28}): the low 29
   * bits of its 52-bit mantissa, those below float precision, from {@code 2^28}. Where glibc is not
   * correctly rounded, the exact value lies close to a midpoint, and {@code y} (accurate to about
   * 2^-60 relative) with it; everywhere the distance exceeds the bound of its key ({@link
   * #logBounds}), glibc's value is the correctly rounded {@code (float) y}.
   */
  static long midpointDistance(double y) {
    return Math.abs((Double.doubleToRawLongBits(y) & MIDPOINT_MASK) - MIDPOINT);
  }

  /**
   * The key of the log bound: the binary exponent of {@code y}, the double {@code
   * BoxMullerMath.log(logArgument(k))}, clamped to [-7, 0], plus 7 (the error of glibc's log
   * relative to its result is largest for results between 2^-9 and 2^-5 in magnitude).
   */
  static int logBoundKey(double y) {
    return Math.max(0, Math.min(BOUND_KEYS - 1, Math.getExponent(y) + 7));
  }

  /**
   * The key of {@code sinf}'s and {@code cosf}'s bounds: the octant of the angle, {@code k >>> 20}.
   */
  static int sincosBoundKey(int k) {
    return k >>> 20;
  }

  /**
   * The {@code logf} bounds, per {@link #logBoundKey}: the largest {@link #midpointDistance} of
   * {@code BoxMullerMath.log(logArgument(k))} over the listed k of the key (0 if none), so that a k
   * whose distance exceeds its key's bound is not listed. Derived from the lists when they are
   * loaded. For the vector kernels; never to be written.
   */
  static int[] logBounds() {
    return Tables.LOG.firstBound();
  }

  /** The bounds of {@code sinf}'s listed k per {@link #sincosBoundKey}, like {@link #logBounds}. */
  static int[] sinBounds() {
    return Tables.SINCOS.firstBound();
  }

  /** The bounds of {@code cosf}'s listed k per {@link #sincosBoundKey}, like {@link #logBounds}. */
  static int[] cosBounds() {
    return Tables.SINCOS.secondBound();
  }

  /**
   * The {@code logf} filter: bit {@code k % 64} of word {@code k / 64} is set where {@link #logf}
   * returns glibc's listed value ({@link #logValue}) instead of the correctly rounded one. For the
   * vector kernels, which compute the correctly rounded values and test the bits themselves; never
   * to be written.
   */
  static long[] logFilter() {
    return Tables.LOG.filter();
  }

  /** The {@code sincosf} filter, like {@link #logFilter} (values: {@link #sincosValue}). */
  static long[] sincosFilter() {
    return Tables.SINCOS.filter();
  }

  /** Where {@link #logValue} keeps glibc's {@code logf} at a k set in {@link #logFilter}. */
  static int logIndex(int k) {
    return Tables.LOG.index(k, Tables.LOG.filter[k >>> 6]);
  }

  /** glibc {@code logf(logArgument(k))} for {@code index = logIndex(k)}. */
  static float logValue(int index) {
    return Float.intBitsToFloat(Tables.LOG.firstBits[index]);
  }

  /** Where {@link #sincosValue} keeps glibc's values at a k set in {@link #sincosFilter}. */
  static int sincosIndex(int k) {
    return Tables.SINCOS.index(k, Tables.SINCOS.filter[k >>> 6]);
  }

  /**
   * glibc {@code sincosf(angle(k))}, packed as by {@link #sincosf}, for {@code index =
   * sincosIndex(k)}.
   */
  static long sincosValue(int index) {
    return (Tables.SINCOS.firstBits[index] & 0xFFFF_FFFFL)
        | ((long) Tables.SINCOS.secondBits[index] << 32);
  }

  /** The k where glibc differs from the correctly rounded value, increasing, and glibc's bits. */
  private record Exceptions(int[] ks, int[] glibcBits) {
    static Exceptions load(String resource) {
      byte[] records = read(resource);
      if (records.length % 8 != 0) {
        throw new IllegalStateException(
            "resource io/nninit/runtime/"
                + resource
                + " is corrupt: its length is not a multiple of 8");
      }
      int[] ks = new int[records.length / 8];
      int[] glibcBits = new int[ks.length];
      for (int i = 0; i < ks.length; i++) {
        ks[i] = littleEndianInt(records, 8 * i);
        glibcBits[i] = littleEndianInt(records, 8 * i + 4);
        if (ks[i] < 0 || ks[i] >= DOMAIN_SIZE || (i > 0 && ks[i] <= ks[i - 1])) {
          throw new IllegalStateException(
              "resource io/nninit/runtime/"
                  + resource
                  + " is corrupt: record "
                  + i
                  + " has k = "
                  + Integer.toUnsignedString(ks[i])
                  + ", not increasing within [0, 2^23)");
        }
      }
      return new Exceptions(ks, glibcBits);
    }

    private static byte[] read(String resource) {
      try (InputStream in = GlibcFloatMath.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException(
              "resource io/nninit/runtime/" + resource + " is missing from the nninit runtime jar");
        }
        return in.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read resource io/nninit/runtime/" + resource, e);
      }
    }

    private static int littleEndianInt(byte[] bytes, int at) {
      return (bytes[at] & 0xFF)
          | (bytes[at + 1] & 0xFF) << 8
          | (bytes[at + 2] & 0xFF) << 16
          | (bytes[at + 3] & 0xFF) << 24;
    }
  }

  /**
   * A filter over k (bit k set where a value is listed) with the listed values in increasing k: the
   * value of a set k is at {@code rank[k / 64] + } the number of set bits below k in its word.
   * {@code secondBits} is empty for one function.
   */
  private record Ranked(
      long[] filter,
      int[] rank,
      int[] firstBits,
      int[] secondBits,
      int[] firstBound,
      int[] secondBound) {
    int index(int k, long word) {
      return rank[k >>> 6] + Long.bitCount(word & ((1L << k) - 1));
    }

    /** logf: the filter of its exceptions and glibc's values there. */
    static Ranked of(Exceptions only) {
      long[] filter = new long[DOMAIN_SIZE / 64];
      for (int k : only.ks()) {
        filter[k >>> 6] |= 1L << k;
      }
      return new Ranked(
          filter,
          ranks(filter),
          only.glibcBits(),
          new int[0],
          bounds(only, k -> BoxMullerMath.log(logArgument(k)), (k, log) -> logBoundKey(log)),
          new int[0]);
    }

    /**
     * sincosf: the filter of the k where sinf or cosf (or both) differ; at each, both glibc values
     * (the correctly rounded one where only the other function is listed).
     */
    static Ranked of(Exceptions sin, Exceptions cos) {
      long[] filter = new long[DOMAIN_SIZE / 64];
      for (int k : sin.ks()) {
        filter[k >>> 6] |= 1L << k;
      }
      for (int k : cos.ks()) {
        filter[k >>> 6] |= 1L << k;
      }
      int[] rank = ranks(filter);
      int size = rank[rank.length - 1] + Long.bitCount(filter[filter.length - 1]);
      int[] sinBits = new int[size];
      int[] cosBits = new int[size];
      int at = 0;
      for (int w = 0; w < filter.length; w++) {
        for (long bits = filter[w]; bits != 0; bits &= bits - 1) {
          int k = 64 * w + Long.numberOfTrailingZeros(bits);
          double x = angle(k);
          sinBits[at] = Float.floatToRawIntBits((float) BoxMullerMath.sin(x));
          cosBits[at] = Float.floatToRawIntBits((float) BoxMullerMath.cos(x));
          at++;
        }
      }
      overwrite(filter, rank, sin, sinBits);
      overwrite(filter, rank, cos, cosBits);
      return new Ranked(
          filter,
          rank,
          sinBits,
          cosBits,
          bounds(sin, k -> BoxMullerMath.sin(angle(k)), (k, y) -> sincosBoundKey(k)),
          bounds(cos, k -> BoxMullerMath.cos(angle(k)), (k, y) -> sincosBoundKey(k)));
    }

    /** Per key, the largest midpoint distance of {@code exact} at its listed k, or 0. */
    private static int[] bounds(Exceptions listed, IntToDoubleFunction exact, BoundKey key) {
      int[] bound = new int[BOUND_KEYS];
      for (int k : listed.ks()) {
        double y = exact.applyAsDouble(k);
        int at = key.of(k, y);
        bound[at] = (int) Math.max(bound[at], midpointDistance(y));
      }
      return bound;
    }

    private static int[] ranks(long[] filter) {
      int[] rank = new int[filter.length];
      for (int w = 1; w < filter.length; w++) {
        rank[w] = rank[w - 1] + Long.bitCount(filter[w - 1]);
      }
      return rank;
    }

    private static void overwrite(long[] filter, int[] rank, Exceptions listed, int[] values) {
      for (int i = 0; i < listed.ks().length; i++) {
        int k = listed.ks()[i];
        long word = filter[k >>> 6];
        values[rank[k >>> 6] + Long.bitCount(word & ((1L << k) - 1))] = listed.glibcBits()[i];
      }
    }
  }

  /** The bound key of {@code k} whose double result is {@code y}. */
  @FunctionalInterface
  private interface BoundKey {
    int of(int k, double y);
  }

  /** The filters and values, loaded when a function above is first called. */
  private static final class Tables {
    static final Ranked LOG = Ranked.of(Exceptions.load("logf_exceptions.bin"));
    static final Ranked SINCOS =
        Ranked.of(Exceptions.load("sinf_exceptions.bin"), Exceptions.load("cosf_exceptions.bin"));

    private Tables() {}
  }
}
