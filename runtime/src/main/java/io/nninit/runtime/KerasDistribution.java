package io.nninit.runtime;

/**
 * The three Keras stream kernels behind one call, so that chunked and parallel fills can dispatch
 * on a value instead of a lambda. The parameters {@code (a, b)} are {@code (minval, range)} for
 * {@link #UNIFORM} and {@code (mean, stddev)} for the normals.
 */
enum KerasDistribution {
  UNIFORM,
  NORMAL,
  TRUNCATED_NORMAL;

  /**
   * Writes stream elements {@code [first, first + count)} of the stream {@code (key, 0, counterHi)}
   * to {@code out[offset..offset + count)}. Arguments are not checked here.
   */
  void fill(
      float[] out, int offset, int count, long first, long key, long counterHi, float a, float b) {
    switch (this) {
      case UNIFORM -> StatelessUniform.fill(out, offset, count, first, key, 0L, counterHi, a, b);
      case NORMAL -> StatelessNormal.fill(out, offset, count, first, key, 0L, counterHi, a, b);
      default -> StatelessTruncatedNormal.fill(out, offset, count, first, key, 0L, counterHi, a, b);
    }
  }

  /**
   * Writes stream element {@code first + i} to element {@code i} of {@code out}, for {@code i} in
   * {@code [from, to)}, chunk by chunk. Arguments are not checked here.
   */
  void fill(
      FloatChunks out, long from, long to, long first, long key, long counterHi, float a, float b) {
    int chunkLength = out.chunkLength();
    long element = from;
    while (element < to) {
      int chunk = (int) (element / chunkLength);
      int offset = (int) (element % chunkLength);
      int count = (int) Math.min(to - element, out.chunk(chunk).length - offset);
      fill(out.chunk(chunk), offset, count, first + element, key, counterHi, a, b);
      element += count;
    }
  }
}
