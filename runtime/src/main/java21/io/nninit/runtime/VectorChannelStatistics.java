package io.nninit.runtime;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link ChannelStatistics#channelsFirst} on vectors, eight channels at a time with one double lane
 * per channel: each lane adds its channel's values one by one in (batch, spatial) order, exactly
 * the scalar code's serial double sums (float-to-double conversion is exact, and a lanewise double
 * add rounds as the scalar add does), so the means and sums of squares have the same bits.
 *
 * <p>A lane per channel needs the eight planes' values side by side: eight steps of the eight
 * planes are loaded as eight float vectors and transposed in registers (three rounds of lane swaps
 * and blends) into a small buffer, which a second loop converts and adds; in the variance pass that
 * loop first takes the float {@code d = x - mean} and {@code d * d} of each lane. The transposition
 * and the sums are separate methods because C2 stops inlining the Vector API's calls in a method
 * that has grown too big ({@code NodeCountInliningCutoff}), after which every vector is boxed. The
 * last {@code spatial mod 8} values of each plane are added in scalar code to the sums stored in
 * {@code squares}, which is the same serial order.
 *
 * <p>Needs 512-bit vectors (eight doubles): with narrower ones it does nothing and the scalar code
 * runs.
 */
final class VectorChannelStatistics {
  private static final VectorSpecies<Float> F8 = FloatVector.SPECIES_256;
  private static final VectorSpecies<Double> D8 = DoubleVector.SPECIES_512;
  private static final boolean SUPPORTED = DoubleVector.SPECIES_PREFERRED.length() >= 8;

  /** Steps of the eight planes transposed at a time (a multiple of 8; 8 x 64 floats stay in L1). */
  private static final int CHUNK = 64;

  /** Floats of the workspace: a transposed chunk. */
  static final int WORKSPACE = 8 * CHUNK;

  /** {@code swap(v, X_s)[l] = v[l ^ s]}. */
  private static final VectorShuffle<Float> X1 = VectorShuffle.fromOp(F8, l -> l ^ 1);

  private static final VectorShuffle<Float> X2 = VectorShuffle.fromOp(F8, l -> l ^ 2);
  private static final VectorShuffle<Float> X4 = VectorShuffle.fromOp(F8, l -> l ^ 4);

  /** The lanes whose bit {@code s} is set. */
  private static final VectorMask<Float> M1 = VectorMask.fromLong(F8, 0b1010_1010);

  private static final VectorMask<Float> M2 = VectorMask.fromLong(F8, 0b1100_1100);
  private static final VectorMask<Float> M4 = VectorMask.fromLong(F8, 0b1111_0000);

  private VectorChannelStatistics() {}

  /**
   * Channels {@code [from, from + 8 k)} of {@code [from, to)}, for the largest such {@code k};
   * returns how many channels it did ({@code 8 k}, or 0 without 512-bit vectors or with a {@code
   * work} shorter than {@link #WORKSPACE}).
   */
  static int channelsFirst(
      float[] x,
      int batch,
      int channels,
      int spatial,
      int from,
      int to,
      float[] mean,
      double[] squares,
      float[] work) {
    if (!SUPPORTED || work.length < WORKSPACE) {
      return 0;
    }
    double n = (double) batch * spatial;
    int c = from;
    for (; c + 8 <= to; c += 8) {
      eightChannels(x, batch, channels, spatial, c, n, mean, squares, work);
    }
    return c - from;
  }

  private static void eightChannels(
      float[] x,
      int batch,
      int channels,
      int spatial,
      int c,
      double n,
      float[] mean,
      double[] squares,
      float[] work) {
    int whole = spatial & -8;
    Arrays.fill(squares, c, c + 8, 0.0);
    for (int b = 0; b < batch; b++) {
      int p = (b * channels + c) * spatial;
      for (int i = 0; i < whole; i += CHUNK) {
        int steps = Math.min(CHUNK, whole - i);
        transpose(x, p + i, spatial, steps, work);
        accumulate(work, steps, squares, c);
      }
      for (int j = 0; j < 8; j++) {
        double s = squares[c + j];
        int plane = p + j * spatial;
        for (int i = plane + whole; i < plane + spatial; i++) {
          s += x[i];
        }
        squares[c + j] = s;
      }
    }
    for (int j = 0; j < 8; j++) {
      mean[c + j] = (float) (squares[c + j] / n);
    }
    Arrays.fill(squares, c, c + 8, 0.0);
    for (int b = 0; b < batch; b++) {
      int p = (b * channels + c) * spatial;
      for (int i = 0; i < whole; i += CHUNK) {
        int steps = Math.min(CHUNK, whole - i);
        transpose(x, p + i, spatial, steps, work);
        accumulateSquares(work, steps, mean, squares, c);
      }
      for (int j = 0; j < 8; j++) {
        double q = squares[c + j];
        float m = mean[c + j];
        int plane = p + j * spatial;
        for (int i = plane + whole; i < plane + spatial; i++) {
          float d = x[i] - m;
          q += d * d;
        }
        squares[c + j] = q;
      }
    }
  }

  /**
   * {@code w[8 t + j] = x[base + j stride + t]} for the eight planes {@code j} and {@code t <
   * steps} (a multiple of 8): eight steps at a time, three rounds that each exchange bit {@code s}
   * of the lane index with bit {@code s} of the vector index.
   */
  private static void transpose(float[] x, int base, int stride, int steps, float[] w) {
    for (int k = 0; k < steps; k += 8) {
      int i = base + k;
      FloatVector v0 = FloatVector.fromArray(F8, x, i);
      FloatVector v1 = FloatVector.fromArray(F8, x, i + stride);
      FloatVector v2 = FloatVector.fromArray(F8, x, i + 2 * stride);
      FloatVector v3 = FloatVector.fromArray(F8, x, i + 3 * stride);
      FloatVector v4 = FloatVector.fromArray(F8, x, i + 4 * stride);
      FloatVector v5 = FloatVector.fromArray(F8, x, i + 5 * stride);
      FloatVector v6 = FloatVector.fromArray(F8, x, i + 6 * stride);
      FloatVector v7 = FloatVector.fromArray(F8, x, i + 7 * stride);
      FloatVector t0 = low(v0, v1, X1, M1);
      FloatVector t1 = high(v0, v1, X1, M1);
      FloatVector t2 = low(v2, v3, X1, M1);
      FloatVector t3 = high(v2, v3, X1, M1);
      FloatVector t4 = low(v4, v5, X1, M1);
      FloatVector t5 = high(v4, v5, X1, M1);
      FloatVector t6 = low(v6, v7, X1, M1);
      FloatVector t7 = high(v6, v7, X1, M1);
      FloatVector u0 = low(t0, t2, X2, M2);
      FloatVector u1 = low(t1, t3, X2, M2);
      FloatVector u2 = high(t0, t2, X2, M2);
      FloatVector u3 = high(t1, t3, X2, M2);
      FloatVector u4 = low(t4, t6, X2, M2);
      FloatVector u5 = low(t5, t7, X2, M2);
      FloatVector u6 = high(t4, t6, X2, M2);
      FloatVector u7 = high(t5, t7, X2, M2);
      int o = 8 * k;
      low(u0, u4, X4, M4).intoArray(w, o);
      low(u1, u5, X4, M4).intoArray(w, o + 8);
      low(u2, u6, X4, M4).intoArray(w, o + 16);
      low(u3, u7, X4, M4).intoArray(w, o + 24);
      high(u0, u4, X4, M4).intoArray(w, o + 32);
      high(u1, u5, X4, M4).intoArray(w, o + 40);
      high(u2, u6, X4, M4).intoArray(w, o + 48);
      high(u3, u7, X4, M4).intoArray(w, o + 56);
    }
  }

  /** Lanes without bit {@code s} from {@code a}, the others from {@code b} one block down. */
  private static FloatVector low(
      FloatVector a, FloatVector b, VectorShuffle<Float> swap, VectorMask<Float> bit) {
    return a.blend(b.rearrange(swap), bit);
  }

  /** Lanes without bit {@code s} from {@code a} one block up, the others from {@code b}. */
  private static FloatVector high(
      FloatVector a, FloatVector b, VectorShuffle<Float> swap, VectorMask<Float> bit) {
    return a.rearrange(swap).blend(b, bit);
  }

  /**
   * {@code squares[c + j] += w[8 t + j]} for {@code t < steps} in order, each lane a serial double
   * sum of exactly converted floats.
   */
  private static void accumulate(float[] w, int steps, double[] squares, int c) {
    DoubleVector s = DoubleVector.fromArray(D8, squares, c);
    for (int o = 0; o < 8 * steps; o += 8) {
      s = s.add(FloatVector.fromArray(F8, w, o).convertShape(VectorOperators.F2D, D8, 0));
    }
    s.intoArray(squares, c);
  }

  /**
   * {@code squares[c + j] += d * d} with the float {@code d = w[8 t + j] - mean[c + j]} for {@code
   * t < steps} in order: the scalar variance loop's float subtract and multiply, lane by lane.
   */
  private static void accumulateSquares(
      float[] w, int steps, float[] mean, double[] squares, int c) {
    FloatVector m = FloatVector.fromArray(F8, mean, c);
    DoubleVector s = DoubleVector.fromArray(D8, squares, c);
    for (int o = 0; o < 8 * steps; o += 8) {
      FloatVector d = FloatVector.fromArray(F8, w, o).sub(m);
      s = s.add(d.mul(d).convertShape(VectorOperators.F2D, D8, 0));
    }
    s.intoArray(squares, c);
  }
}
