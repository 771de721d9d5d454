package io.nninit.runtime;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Batch-norm forward kernels, each giving the bits of the scalar kernel it replaces ({@link
 * ChannelAffine}, {@link ChannelsLastTiles}): every lane does the scalar code's operations on one
 * element or one channel in the scalar code's order, and lanewise add, subtract, multiply and fma
 * round exactly as their scalar counterparts. All use vectors of the CPU's preferred width except
 * the channels-first scale/shift pass (see {@link #STREAM}). Unlike C2's auto-vectoriser on JDK 17,
 * they need no tile copies for channels-last data: the elementwise pass loads its coefficients from
 * arrays repeated with period {@code c} at the running channel offset, and the float buffers keep a
 * vector of channels in registers over a block of rows (masked loads and stores for the last {@code
 * c mod lanes} channels). Channels-first statistics are in {@link VectorChannelStatistics}.
 */
final class VectorBatchNorm {
  private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
  private static final int LANES = FLOATS.length();

  /**
   * The channels-first scale/shift pass, which only streams (read x, write y), uses 256-bit
   * vectors, one per iteration, in a loop C2 does not unroll, even where 512-bit vectors are
   * preferred. On a Zen 4 EPYC (measured there only), on (32, 64, 56, 56), the two versions
   * alternating in one JVM on the same arrays (60 rounds, four launches), it ran 1.08-1.12x as fast
   * as C2's unrolled 512-bit loop; {@code bench/loops} puts it at 0.96-1.02x the speed of a C loop
   * in the shape of PyTorch's kernel. The same change to the channels-last pass measured
   * 0.93-1.01x, so that pass keeps the preferred width. Memory traffic sets the pace, not the
   * arithmetic; why the loop that issues one store per iteration streams faster than an unrolled
   * burst of stores is not established.
   */
  private static final VectorSpecies<Float> STREAM = FloatVector.SPECIES_256;

  private static final int STREAM_LANES = STREAM.length();

  /**
   * The streaming loop's step, {@link #STREAM_LANES}, read from an array element, which C2 does not
   * fold into a constant: a loop whose stride is not a constant is not a counted loop to C2, so it
   * is not unrolled. Its range checks stay (one per array accessed, per iteration).
   */
  private static final int[] STREAM_STEP = {STREAM_LANES};

  /** Rows of a channels-last block summed channel-chunk by chunk while it stays in L1 (16 KiB). */
  private static final int BLOCK_FLOATS = 4096;

  private VectorBatchNorm() {}

  /**
   * Channels-last {@code y[i] = fma(x[i], a[i mod c], b[i mod c])} (or {@code x * a + b}, two
   * roundings) for {@code i < length}, with {@code a} and {@code b} the coefficients repeated with
   * period {@code c} ({@code a[j] = scale[j mod c]}); they hold at least {@code c + LANES - 1}
   * floats, so the coefficients of any run of {@code LANES} elements are contiguous in them.
   * Returns {@code length}, or 0 (nothing done) when they are shorter.
   */
  static int channelsLastAffine(
      float[] x, float[] y, int length, int c, float[] a, float[] b, boolean fused) {
    if (a.length < c + LANES - 1 || b.length < c + LANES - 1) {
      return 0;
    }
    int step = LANES % c;
    int k = 0;
    int i = 0;
    int bound = length - LANES;
    if (fused) {
      for (; i <= bound; i += LANES) {
        FloatVector.fromArray(FLOATS, x, i)
            .fma(FloatVector.fromArray(FLOATS, a, k), FloatVector.fromArray(FLOATS, b, k))
            .intoArray(y, i);
        k += step;
        if (k >= c) {
          k -= c;
        }
      }
      for (int j = k; i < length; i++, j++) {
        y[i] = Math.fma(x[i], a[j], b[j]);
      }
    } else {
      for (; i <= bound; i += LANES) {
        FloatVector.fromArray(FLOATS, x, i)
            .mul(FloatVector.fromArray(FLOATS, a, k))
            .add(FloatVector.fromArray(FLOATS, b, k))
            .intoArray(y, i);
        k += step;
        if (k >= c) {
          k -= c;
        }
      }
      for (int j = k; i < length; i++, j++) {
        y[i] = x[i] * a[j] + b[j];
      }
    }
    return length;
  }

  /**
   * Channels-first {@code y = fma(x, scale[c], shift[c])} (or two roundings) over channels {@code
   * [from, to)} of a {@code (batch, channels, spatial)} tensor, plane by plane with the plane's
   * coefficients broadcast.
   */
  static void channelsFirstAffine(
      float[] x,
      float[] y,
      int batch,
      int channels,
      int spatial,
      int from,
      int to,
      float[] scale,
      float[] shift,
      boolean fused) {
    // one loop nest per rounding, each plane's loop inline: calling a method per plane measured
    // 1.64 ms instead of 1.44 ms on (32, 64, 56, 56) (the earlier 512-bit loop, one harness run)
    int stride = STREAM_STEP[0];
    if (fused) {
      for (int bt = 0; bt < batch; bt++) {
        for (int c = from; c < to; c++) {
          int p = (bt * channels + c) * spatial;
          int end = p + spatial;
          FloatVector a = FloatVector.broadcast(STREAM, scale[c]);
          FloatVector b = FloatVector.broadcast(STREAM, shift[c]);
          int i = p;
          for (; i <= end - STREAM_LANES; i += stride) {
            FloatVector.fromArray(STREAM, x, i).fma(a, b).intoArray(y, i);
          }
          for (; i < end; i++) {
            y[i] = Math.fma(x[i], scale[c], shift[c]);
          }
        }
      }
    } else {
      for (int bt = 0; bt < batch; bt++) {
        for (int c = from; c < to; c++) {
          int p = (bt * channels + c) * spatial;
          int end = p + spatial;
          FloatVector a = FloatVector.broadcast(STREAM, scale[c]);
          FloatVector b = FloatVector.broadcast(STREAM, shift[c]);
          int i = p;
          for (; i <= end - STREAM_LANES; i += stride) {
            FloatVector.fromArray(STREAM, x, i).mul(a).add(b).intoArray(y, i);
          }
          for (; i < end; i++) {
            y[i] = x[i] * scale[c] + shift[c];
          }
        }
      }
    }
  }

  /**
   * PyTorch's per-thread float buffer, channels last: {@code buffer[off + k] += x[r * c + k]} for
   * rows {@code r} in {@code [from, to)} in order; lane = channel, a block of rows at a time, so
   * each channel's additions stay in row order.
   */
  static void channelsLastAddRows(float[] x, int from, int to, int c, float[] buffer, int off) {
    int block = Math.max(1, BLOCK_FLOATS / c);
    for (int row = from; row < to; row += block) {
      int end = Math.min(to, row + block);
      int k = 0;
      for (; k + 4 * LANES <= c; k += 4 * LANES) {
        FloatVector s0 = FloatVector.fromArray(FLOATS, buffer, off + k);
        FloatVector s1 = FloatVector.fromArray(FLOATS, buffer, off + k + LANES);
        FloatVector s2 = FloatVector.fromArray(FLOATS, buffer, off + k + 2 * LANES);
        FloatVector s3 = FloatVector.fromArray(FLOATS, buffer, off + k + 3 * LANES);
        for (int r = row; r < end; r++) {
          int p = r * c + k;
          s0 = s0.add(FloatVector.fromArray(FLOATS, x, p));
          s1 = s1.add(FloatVector.fromArray(FLOATS, x, p + LANES));
          s2 = s2.add(FloatVector.fromArray(FLOATS, x, p + 2 * LANES));
          s3 = s3.add(FloatVector.fromArray(FLOATS, x, p + 3 * LANES));
        }
        s0.intoArray(buffer, off + k);
        s1.intoArray(buffer, off + k + LANES);
        s2.intoArray(buffer, off + k + 2 * LANES);
        s3.intoArray(buffer, off + k + 3 * LANES);
      }
      for (; k < c; k += LANES) {
        VectorMask<Float> m = FLOATS.indexInRange(k, c);
        FloatVector s = FloatVector.fromArray(FLOATS, buffer, off + k, m);
        for (int r = row; r < end; r++) {
          s = s.add(FloatVector.fromArray(FLOATS, x, r * c + k, m));
        }
        s.intoArray(buffer, off + k, m);
      }
    }
  }

  /**
   * PyTorch's per-thread variance buffer, channels last: {@code d = x[r * c + k] - mean[k]}, {@code
   * buffer[off + k] = fma(d, d, buffer[off + k])} for rows {@code r} in {@code [from, to)} in
   * order; lane = channel, as in {@link #channelsLastAddRows}.
   */
  static void channelsLastAddSquaredDeviations(
      float[] x, int from, int to, int c, float[] mean, float[] buffer, int off) {
    int block = Math.max(1, BLOCK_FLOATS / c);
    for (int row = from; row < to; row += block) {
      int end = Math.min(to, row + block);
      int k = 0;
      for (; k + 4 * LANES <= c; k += 4 * LANES) {
        FloatVector m0 = FloatVector.fromArray(FLOATS, mean, k);
        FloatVector m1 = FloatVector.fromArray(FLOATS, mean, k + LANES);
        FloatVector m2 = FloatVector.fromArray(FLOATS, mean, k + 2 * LANES);
        FloatVector m3 = FloatVector.fromArray(FLOATS, mean, k + 3 * LANES);
        FloatVector s0 = FloatVector.fromArray(FLOATS, buffer, off + k);
        FloatVector s1 = FloatVector.fromArray(FLOATS, buffer, off + k + LANES);
        FloatVector s2 = FloatVector.fromArray(FLOATS, buffer, off + k + 2 * LANES);
        FloatVector s3 = FloatVector.fromArray(FLOATS, buffer, off + k + 3 * LANES);
        for (int r = row; r < end; r++) {
          int p = r * c + k;
          FloatVector d0 = FloatVector.fromArray(FLOATS, x, p).sub(m0);
          FloatVector d1 = FloatVector.fromArray(FLOATS, x, p + LANES).sub(m1);
          FloatVector d2 = FloatVector.fromArray(FLOATS, x, p + 2 * LANES).sub(m2);
          FloatVector d3 = FloatVector.fromArray(FLOATS, x, p + 3 * LANES).sub(m3);
          s0 = d0.fma(d0, s0);
          s1 = d1.fma(d1, s1);
          s2 = d2.fma(d2, s2);
          s3 = d3.fma(d3, s3);
        }
        s0.intoArray(buffer, off + k);
        s1.intoArray(buffer, off + k + LANES);
        s2.intoArray(buffer, off + k + 2 * LANES);
        s3.intoArray(buffer, off + k + 3 * LANES);
      }
      for (; k < c; k += LANES) {
        VectorMask<Float> m = FLOATS.indexInRange(k, c);
        FloatVector mk = FloatVector.fromArray(FLOATS, mean, k, m);
        FloatVector s = FloatVector.fromArray(FLOATS, buffer, off + k, m);
        for (int r = row; r < end; r++) {
          FloatVector d = FloatVector.fromArray(FLOATS, x, r * c + k, m).sub(mk);
          s = d.fma(d, s);
        }
        s.intoArray(buffer, off + k, m);
      }
    }
  }
}
