package io.nninit.runtime;

/**
 * Test helper: the public single-threaded {@link KerasRandom} slice calls by distribution, with the
 * parameters the tests use ({@code (-0.25, 0.5)} uniform, {@code (0.5, 2)} normals).
 */
final class KerasRandomFills {
  private KerasRandomFills() {}

  static void fill(
      KerasDistribution distribution,
      float[] out,
      int offset,
      int count,
      long first,
      long seed0,
      long seed1) {
    switch (distribution) {
      case UNIFORM -> KerasRandom.uniform(out, offset, count, first, seed0, seed1, -0.25f, 0.5f);
      case NORMAL -> KerasRandom.normal(out, offset, count, first, seed0, seed1, 0.5f, 2f);
      default -> KerasRandom.truncatedNormal(out, offset, count, first, seed0, seed1, 0.5f, 2f);
    }
  }

  static float[] flatten(FloatChunks chunks) {
    float[] flat = new float[Math.toIntExact(chunks.length())];
    for (int c = 0; c < chunks.chunkCount(); c++) {
      float[] chunk = chunks.chunk(c);
      System.arraycopy(chunk, 0, flat, c * chunks.chunkLength(), chunk.length);
    }
    return flat;
  }
}
