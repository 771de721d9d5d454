package io.nninit.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * glibc's {@code logf}, {@code sinf} and {@code cosf} (as TF's CPU Box-Muller calls them on Linux),
 * bit for bit, on the only arguments Box-Muller produces. Those arguments are indexed by the 23-bit
 * value {@code k = x & 0x7fffff} of a Philox word: {@code logf} gets {@code max(k * 2^-23, 1e-7f)}
 * ({@link #logArgument}), {@code sincosf} gets {@code (float) (2 pi * k * 2^-23)} ({@link #angle}).
 *
 * <p><b>How.</b> glibc is not correctly rounded, but on this domain it differs from {@code (float)
 * StrictMath.f((double) x)} at only 60931 ({@code logf}), 108108 ({@code sinf}) and 108456 ({@code
 * cosf}) of the 2^23 values of k, always by exactly one unit in the last place. The lists of those
 * values (measured from glibc 2.36; identical on its FMA and non-FMA paths) are resources of this
 * package, {@code <f>_exceptions.bin}: little-endian records {@code (uint32 k, uint32 glibc bits)}.
 * Each function computes the StrictMath value and adds a correction of -1, 0 or +1 to its raw
 * float bits.
 *
 * <p><b>Why this layout.</b> The correction of each k is a 2-bit code ({@code 0}: none, {@code 1}:
 * minus one, {@code 2}: plus one) packed 32 to a {@code long}: 2^18 longs = 2 MiB per function, 6
 * MiB in all. A lookup is one array load, a shift and a mask, with no branch and no search, so it
 * costs a small fraction of the StrictMath call it corrects; a hash map would box and chase
 * pointers, and a sorted list would need a binary search on every call. Memory is spent only when
 * normals are first drawn: the tables live in a lazily initialised holder class and are loaded once
 * (checking that every entry really is one ulp from the StrictMath value), then never written.
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

  private GlibcFloatMath() {}

  /** TF's Box-Muller {@code u1}: {@code k * 2^-23}, raised to {@code 1e-7f} (only k = 0 is). */
  static float logArgument(int k) {
    float u = k * TWO_POW_MINUS_23;
    return u < LOG_ARGUMENT_FLOOR ? LOG_ARGUMENT_FLOOR : u;
  }

  /** TF's Box-Muller {@code v1}: {@code 2.0 * M_PI} (a double) times {@code k * 2^-23}, rounded once to float. */
  static float angle(int k) {
    return (float) (TWO_PI * (double) (k * TWO_POW_MINUS_23));
  }

  /** glibc {@code logf(logArgument(k))}. */
  static float logf(int k) {
    return corrected(strictLog(k), Tables.LOG, k);
  }

  /** glibc {@code sinf(angle(k))} (the sine output of {@code sincosf}). */
  static float sinf(int k) {
    return corrected(strictSin(k), Tables.SIN, k);
  }

  /** glibc {@code cosf(angle(k))} (the cosine output of {@code sincosf}). */
  static float cosf(int k) {
    return corrected(strictCos(k), Tables.COS, k);
  }

  private static float strictLog(int k) {
    return (float) StrictMath.log((double) logArgument(k));
  }

  private static float strictSin(int k) {
    return (float) StrictMath.sin((double) angle(k));
  }

  private static float strictCos(int k) {
    return (float) StrictMath.cos((double) angle(k));
  }

  private static float corrected(float strict, long[] codes, int k) {
    int code = (int) (codes[k >>> 5] >>> ((k & 31) << 1)) & 3;
    return Float.intBitsToFloat(Float.floatToRawIntBits(strict) + (code >> 1) - (code & 1));
  }

  /** The correction codes, loaded when a function above is first called. Never written afterwards. */
  private static final class Tables {
    static final long[] LOG = load("logf_exceptions.bin", Function.LOG);
    static final long[] SIN = load("sinf_exceptions.bin", Function.SIN);
    static final long[] COS = load("cosf_exceptions.bin", Function.COS);

    private Tables() {}

    private static long[] load(String resource, Function function) {
      byte[] records = read(resource);
      if (records.length % 8 != 0) {
        throw new IllegalStateException(resource + " is corrupt: its length is not a multiple of 8");
      }
      long[] codes = new long[DOMAIN_SIZE / 32];
      int previous = -1;
      for (int at = 0; at < records.length; at += 8) {
        int k = littleEndianInt(records, at);
        int glibcBits = littleEndianInt(records, at + 4);
        if (k <= previous || k >= DOMAIN_SIZE) {
          throw new IllegalStateException(
              resource + " is corrupt: k = " + Integer.toUnsignedString(k) + " at byte " + at
                  + " is not increasing within [0, 2^23)");
        }
        previous = k;
        int difference = glibcBits - Float.floatToRawIntBits(function.strict(k));
        if (difference != 1 && difference != -1) {
          throw new IllegalStateException(
              resource + " is corrupt: at k = " + k + " glibc's value is not one ulp from StrictMath's");
        }
        long code = difference == 1 ? 2 : 1;
        codes[k >>> 5] |= code << ((k & 31) << 1);
      }
      return codes;
    }

    private static byte[] read(String resource) {
      try (InputStream in = GlibcFloatMath.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException(
              "resource io/nninit/runtime/" + resource + " is missing from the nninit runtime jar");
        }
        return in.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read io/nninit/runtime/" + resource, e);
      }
    }

    private static int littleEndianInt(byte[] bytes, int at) {
      return (bytes[at] & 0xFF)
          | (bytes[at + 1] & 0xFF) << 8
          | (bytes[at + 2] & 0xFF) << 16
          | (bytes[at + 3] & 0xFF) << 24;
    }
  }

  /** The uncorrected StrictMath value of each function, used to check the tables while loading. */
  private enum Function {
    LOG {
      @Override
      float strict(int k) {
        return strictLog(k);
      }
    },
    SIN {
      @Override
      float strict(int k) {
        return strictSin(k);
      }
    },
    COS {
      @Override
      float strict(int k) {
        return strictCos(k);
      }
    };

    abstract float strict(int k);
  }
}
