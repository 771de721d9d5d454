package io.nninit.runtime;

import io.nninit.annotation.KerasFlavor;

/**
 * The random streams Keras uses on the TensorFlow backend, reproduced bit for bit: TF's stateless
 * Philox4x32-10 ops {@code StatelessRandomUniformV2}, {@code StatelessRandomNormalV2} and {@code
 * StatelessTruncatedNormalV2} followed by Keras' float32 affine map. Every method fills {@code
 * count} elements of {@code out} starting at {@code offset}, allocates nothing and is
 * deterministic: the same arguments give the same bits on every call and every machine.
 *
 * <p>A seed pair {@code (seed0, seed1)} is what TF's {@code StatelessRandomGetKeyCounter} receives
 * (as signed 64-bit values; int32 seeds sign-extended); Keras always passes {@code seed1 = 0}, and
 * {@link #seedPairFirst(long, KerasFlavor)} gives {@code seed0} for an integer {@code seed=}.
 *
 * <p><b>Exactness.</b> {@link #uniform} equals TF on every platform. {@link #normal} and {@link
 * #truncatedNormal} equal TF 2.x on CPU under Linux/glibc (2.28 or later) bit for bit: they
 * reproduce glibc's {@code logf}/{@code sincosf}, which TF's Box-Muller calls there. TF on other
 * operating systems or on a GPU uses another libm and differs in the last bits of some values
 * (about 1.5% of them, by 1 to 3 ulp). Verified against values computed by TensorFlow 2.18.
 *
 * <p><b>Cost.</b> The methods are thread-safe and keep no state. The first normal or
 * truncated-normal draw loads glibc's exception tables (about 4 MiB, once per class loader); after
 * that no call allocates. Single-threaded throughput on a 2-vCPU AMD EPYC (shared, so noisy):
 * uniform about 300 M floats/s, normal about 70 M/s, truncated normal about 58 M/s; {@link
 * ParallelInitializer} spreads one tensor over several threads with the same bits.
 *
 * <p><b>Slices and shards.</b> Each stream is random-access: the overloads with a {@code first}
 * element fill any slice of a tensor, and the {@link FloatChunks} overloads tensors of any {@code
 * long} size, equal bit for bit to the same elements of the whole; {@link Shard} gives the slice a
 * worker owns when a tensor is partitioned along its first axis.
 *
 * <p><b>Errors.</b> A {@code null} array, a negative offset or count, or a range that does not fit
 * in the array throws {@link IllegalArgumentException} before anything is written. The distribution
 * parameters are not checked, as in TF: they enter the float32 arithmetic as given.
 */
public final class KerasRandom {
  /** Keras 3's {@code _cast_seed} modulus: {@code floormod(seed, 2147483646)}. */
  private static final long KERAS3_SEED_MODULUS = 2147483646L;

  /**
   * Sub-ranges stay below 2^56 so that a truncated-normal group's skip of 256 g blocks fits 64
   * bits.
   */
  private static final long MAX_ELEMENT = 1L << 56;

  private KerasRandom() {}

  /**
   * The first element of the stateless seed pair that Keras builds from the integer seed {@code
   * seed} ({@code ../reference/keras.md} §1): {@link KerasFlavor#KERAS3} takes {@code
   * floormod(seed, 2147483646)} (so 2147483647 becomes 1, -1 becomes 2147483645), {@link
   * KerasFlavor#TF_KERAS2} takes the seed unchanged.
   *
   * @throws IllegalArgumentException if {@code flavor} is null
   */
  public static long seedPairFirst(long seed, KerasFlavor flavor) {
    if (flavor == null) {
      throw new IllegalArgumentException(
          "flavor is null; pass KerasFlavor.KERAS3 (Keras >= 3.5) or KerasFlavor.TF_KERAS2"
              + " (tf.keras 2)");
    }
    return switch (flavor) {
      case KERAS3 -> Math.floorMod(seed, KERAS3_SEED_MODULUS);
      case TF_KERAS2 -> seed;
      default -> throw new IllegalArgumentException("unknown Keras flavor " + flavor);
    };
  }

  /**
   * {@code keras.random.uniform}: {@code u * range + minval} in float32, u uniform in [0, 1)
   * ({@code u = k * 2^-23}, k a 23-bit integer). Pass {@code range = maxval - minval} computed in
   * float32. Bit-exact on every platform.
   *
   * @throws IllegalArgumentException if {@code out} is null or {@code [offset, offset + count)} is
   *     not a range of it
   */
  public static void uniform(
      float[] out, int offset, int count, long seed0, long seed1, float minval, float range) {
    uniform(out, offset, count, 0, seed0, seed1, minval, range);
  }

  /**
   * {@code keras.random.normal}: {@code z * stddev + mean} in float32, z standard normal (TF's
   * Box-Muller). Bit-exact with TF CPU on Linux/glibc.
   *
   * @throws IllegalArgumentException if {@code out} is null or {@code [offset, offset + count)} is
   *     not a range of it
   */
  public static void normal(
      float[] out, int offset, int count, long seed0, long seed1, float mean, float stddev) {
    normal(out, offset, count, 0, seed0, seed1, mean, stddev);
  }

  /**
   * {@code keras.random.truncated_normal}: {@code z * stddev + mean} in float32, z standard normal
   * restricted to (-2, 2) by rejection, not rescaled. Bit-exact with TF CPU on Linux/glibc.
   *
   * @throws IllegalArgumentException if {@code out} is null or {@code [offset, offset + count)} is
   *     not a range of it
   */
  public static void truncatedNormal(
      float[] out, int offset, int count, long seed0, long seed1, float mean, float stddev) {
    truncatedNormal(out, offset, count, 0, seed0, seed1, mean, stddev);
  }

  /**
   * Elements {@code [first, first + count)} of the tensor stream of {@link #uniform(float[], int,
   * int, long, long, float, float)}: a slice of a tensor, equal bit for bit to the same elements of
   * the whole, computed without the elements before it (the stream is random-access). Use it to
   * generate one shard of a tensor (see {@link Shard}) or any part of one larger than an array.
   *
   * @throws IllegalArgumentException if {@code out} is null, {@code [offset, offset + count)} is
   *     not a range of it, or {@code [first, first + count)} is not within {@code [0, 2^56)}
   */
  public static void uniform(
      float[] out,
      int offset,
      int count,
      long first,
      long seed0,
      long seed1,
      float minval,
      float range) {
    fill(KerasDistribution.UNIFORM, out, offset, count, first, seed0, seed1, minval, range);
  }

  /**
   * Elements {@code [first, first + count)} of the tensor stream of {@link #normal(float[], int,
   * int, long, long, float, float)}, equal bit for bit to the same elements of the whole.
   *
   * @throws IllegalArgumentException as {@link #uniform(float[], int, int, long, long, long, float,
   *     float)}
   */
  public static void normal(
      float[] out,
      int offset,
      int count,
      long first,
      long seed0,
      long seed1,
      float mean,
      float stddev) {
    fill(KerasDistribution.NORMAL, out, offset, count, first, seed0, seed1, mean, stddev);
  }

  /**
   * Elements {@code [first, first + count)} of the tensor stream of {@link
   * #truncatedNormal(float[], int, int, long, long, float, float)}, equal bit for bit to the same
   * elements of the whole (TF gives each group of four elements its own 256 counters, so a group is
   * found without the ones before it).
   *
   * @throws IllegalArgumentException as {@link #uniform(float[], int, int, long, long, long, float,
   *     float)}
   */
  public static void truncatedNormal(
      float[] out,
      int offset,
      int count,
      long first,
      long seed0,
      long seed1,
      float mean,
      float stddev) {
    fill(KerasDistribution.TRUNCATED_NORMAL, out, offset, count, first, seed0, seed1, mean, stddev);
  }

  /**
   * Fills all of {@code out} with elements {@code [first, first + out.length())} of the stream of
   * {@link #uniform(float[], int, int, long, long, float, float)}; {@code first = 0} gives a whole
   * tensor of any {@code long} size.
   *
   * @throws IllegalArgumentException if {@code out} is null or the elements are not within {@code
   *     [0, 2^56)}
   */
  public static void uniform(
      FloatChunks out, long first, long seed0, long seed1, float minval, float range) {
    fill(KerasDistribution.UNIFORM, out, first, seed0, seed1, minval, range);
  }

  /**
   * Fills all of {@code out} with elements {@code [first, first + out.length())} of the stream of
   * {@link #normal(float[], int, int, long, long, float, float)}.
   *
   * @throws IllegalArgumentException as {@link #uniform(FloatChunks, long, long, long, float,
   *     float)}
   */
  public static void normal(
      FloatChunks out, long first, long seed0, long seed1, float mean, float stddev) {
    fill(KerasDistribution.NORMAL, out, first, seed0, seed1, mean, stddev);
  }

  /**
   * Fills all of {@code out} with elements {@code [first, first + out.length())} of the stream of
   * {@link #truncatedNormal(float[], int, int, long, long, float, float)}.
   *
   * @throws IllegalArgumentException as {@link #uniform(FloatChunks, long, long, long, float,
   *     float)}
   */
  public static void truncatedNormal(
      FloatChunks out, long first, long seed0, long seed1, float mean, float stddev) {
    fill(KerasDistribution.TRUNCATED_NORMAL, out, first, seed0, seed1, mean, stddev);
  }

  private static void fill(
      KerasDistribution distribution,
      float[] out,
      int offset,
      int count,
      long first,
      long seed0,
      long seed1,
      float a,
      float b) {
    checkRange(out, offset, count, first);
    distribution.fill(
        out,
        offset,
        count,
        first,
        Philox.streamKey(seed0, seed1),
        Philox.streamCounterHigh(seed0, seed1),
        a,
        b);
  }

  private static void fill(
      KerasDistribution distribution,
      FloatChunks out,
      long first,
      long seed0,
      long seed1,
      float a,
      float b) {
    checkRange(out, first);
    distribution.fill(
        out,
        0,
        out.length(),
        first,
        Philox.streamKey(seed0, seed1),
        Philox.streamCounterHigh(seed0, seed1),
        a,
        b);
  }

  static void checkRange(FloatChunks out, long first) {
    if (out == null) {
      throw new IllegalArgumentException("out is null; pass the FloatChunks to fill");
    }
    checkStreamRange(first, out.length());
  }

  static void checkRange(float[] out, int offset, int count, long first) {
    if (out == null) {
      throw new IllegalArgumentException("out is null; pass the array to fill");
    }
    if (offset < 0 || count < 0 || offset > out.length - count) {
      throw new IllegalArgumentException(
          "cannot fill "
              + count
              + " elements from offset "
              + offset
              + " of an array of length "
              + out.length
              + "; need offset >= 0, count >= 0 and offset + count <= length");
    }
    checkStreamRange(first, count);
  }

  static void checkStreamRange(long first, long count) {
    if (first < 0 || first > MAX_ELEMENT - count) {
      throw new IllegalArgumentException(
          "stream elements ["
              + first
              + ", "
              + first
              + " + "
              + count
              + ") are outside [0, 2^56); start at a non-negative element below 2^56 - count");
    }
  }
}
