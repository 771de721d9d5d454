package io.nninit.runtime;

/**
 * Channels-last kernels that HotSpot C2 (JDK 17) vectorises. C2 vectorises a loop only when all
 * arrays are indexed by the loop variable plus a constant, so {@code y[p + c] = x[p + c] * a[c]}
 * stays scalar. Here a tile of whole rows is copied into a scratch array, processed with per-tile
 * coefficient arrays (the channel coefficients repeated once per row) and copied back; row-to-row
 * accumulation becomes {@code s[i] = s[i - channels] + s[i]} over the tile, the running row in
 * front of it, which is the same sequential per-channel order (one rounding per row, rows in order)
 * as a per-channel buffer. Bit-for-bit identical to the plain loops. Tiles hold about 512 floats
 * (larger copies get slower); allocates nothing per call. On JDK 21+ with the Vector API ({@link
 * VectorKernels}), the PyTorch-order passes run there instead, without tiles and with the same
 * bits; the Keras statistics stay here.
 */
final class ChannelsLastTiles {
  private static final int TARGET_TILE = 512;

  /** Rows summed in float before a double add, in the Keras statistics. */
  static final int BLOCK_ROWS = 8;

  private final int channels;
  private final int rowsPerTile;

  /** The running row {@code [0, channels)}, then up to {@code rowsPerTile} rows. */
  private final float[] tile;

  private final float[] deviations;
  private final float[] repeatedA;
  private final float[] repeatedB;

  ChannelsLastTiles(int channels) {
    this.channels = channels;
    this.rowsPerTile = Math.max(1, TARGET_TILE / channels);
    int length = Math.multiplyExact(rowsPerTile + 1, channels);
    this.tile = new float[length];
    this.deviations = new float[length];
    this.repeatedA = new float[length];
    this.repeatedB = new float[length];
  }

  /** Fills {@code target} with {@code source} once per row of a tile (plus the running row). */
  private void repeat(float[] source, float[] target) {
    for (int r = 0; r <= rowsPerTile; r++) {
      System.arraycopy(source, 0, target, r * channels, channels);
    }
  }

  /**
   * {@code y = fma(x, scale[c], shift[c])} (one rounding) or {@code x * scale[c] + shift[c]} (two)
   * over {@code rows} rows; {@code x == y} allowed.
   */
  void affine(float[] x, float[] y, int rows, float[] scale, float[] shift, boolean fused) {
    repeat(scale, repeatedA);
    repeat(shift, repeatedB);
    if (VectorKernels.available()
        && VectorKernels.channelsLastAffine(
                x, y, rows * channels, channels, repeatedA, repeatedB, fused)
            == rows * channels) {
      return; // the Vector API kernel needs no tiles: same operations, contiguous vectors
    }
    if (fused) {
      for (int row = 0; row < rows; row += rowsPerTile) {
        int length = Math.min(rowsPerTile, rows - row) * channels;
        int offset = row * channels;
        System.arraycopy(x, offset, tile, 0, length);
        fma(tile, repeatedA, repeatedB, length);
        System.arraycopy(tile, 0, y, offset, length);
      }
    } else {
      for (int row = 0; row < rows; row += rowsPerTile) {
        int length = Math.min(rowsPerTile, rows - row) * channels;
        int offset = row * channels;
        System.arraycopy(x, offset, tile, 0, length);
        mulAdd(tile, repeatedA, repeatedB, length);
        System.arraycopy(tile, 0, y, offset, length);
      }
    }
  }

  private static void fma(float[] s, float[] a, float[] b, int length) {
    for (int i = 0; i < length; i++) {
      s[i] = Math.fma(s[i], a[i], b[i]);
    }
  }

  private static void mulAdd(float[] s, float[] a, float[] b, int length) {
    for (int i = 0; i < length; i++) {
      s[i] = s[i] * a[i] + b[i];
    }
  }

  /**
   * PyTorch's per-thread float buffer over rows {@code [from, to)}: {@code buffer[c] += x} row by
   * row, starting from the buffer's current values ({@code buffer} holds {@code channels} floats
   * from {@code bufferOffset}).
   */
  void addRows(float[] x, int from, int to, float[] buffer, int bufferOffset) {
    if (VectorKernels.available()) {
      from += VectorKernels.channelsLastAddRows(x, from, to, channels, buffer, bufferOffset);
    }
    int c = channels;
    float[] s = tile;
    System.arraycopy(buffer, bufferOffset, s, 0, c);
    for (int row = from; row < to; row += rowsPerTile) {
      int end = c + Math.min(rowsPerTile, to - row) * c;
      System.arraycopy(x, row * c, s, c, end - c);
      accumulate(s, c, c, end);
      System.arraycopy(s, end - c, s, 0, c);
    }
    System.arraycopy(s, 0, buffer, bufferOffset, c);
  }

  /**
   * {@code s[i] = s[i - c] + s[i]} for {@code i} in {@code [from, end)}. C2 vectorises this loop
   * only when the distance {@code c} is a compile-time constant, so common channel counts get a
   * call with a literal, which C2 inlines; the others run the same loop in scalar code. Untaken
   * cases cost nothing (C2 prunes them).
   */
  private static void accumulate(float[] s, int c, int from, int end) {
    switch (c) {
      case 8 -> accumulateBy(s, 8, from, end);
      case 16 -> accumulateBy(s, 16, from, end);
      case 24 -> accumulateBy(s, 24, from, end);
      case 32 -> accumulateBy(s, 32, from, end);
      case 48 -> accumulateBy(s, 48, from, end);
      case 64 -> accumulateBy(s, 64, from, end);
      case 96 -> accumulateBy(s, 96, from, end);
      case 128 -> accumulateBy(s, 128, from, end);
      case 160 -> accumulateBy(s, 160, from, end);
      case 192 -> accumulateBy(s, 192, from, end);
      case 256 -> accumulateBy(s, 256, from, end);
      case 320 -> accumulateBy(s, 320, from, end);
      case 384 -> accumulateBy(s, 384, from, end);
      case 448 -> accumulateBy(s, 448, from, end);
      case 512 -> accumulateBy(s, 512, from, end);
      case 576 -> accumulateBy(s, 576, from, end);
      case 640 -> accumulateBy(s, 640, from, end);
      case 768 -> accumulateBy(s, 768, from, end);
      case 960 -> accumulateBy(s, 960, from, end);
      case 1024 -> accumulateBy(s, 1024, from, end);
      case 1280 -> accumulateBy(s, 1280, from, end);
      case 1536 -> accumulateBy(s, 1536, from, end);
      case 2048 -> accumulateBy(s, 2048, from, end);
      default -> accumulateBy(s, c, from, end);
    }
  }

  private static void accumulateBy(float[] s, int c, int from, int end) {
    for (int i = from; i < end; i++) {
      s[i] = s[i - c] + s[i];
    }
  }

  /**
   * Keras statistics, pass 1: per channel the double sum of {@code x - shift[c]} over all rows, in
   * float partial sums of at most {@link #BLOCK_ROWS} rows (about 3 roundings of a value near the
   * shifted data's scale, then one double add). With the first row as {@code shift}, a large common
   * offset costs no precision.
   */
  void shiftedSums(float[] x, int rows, float[] shift, double[] sums) {
    repeat(shift, repeatedA);
    java.util.Arrays.fill(sums, 0, channels, 0.0);
    for (int row = 0; row < rows; row += rowsPerTile) {
      int length = Math.min(rowsPerTile, rows - row) * channels;
      System.arraycopy(x, row * channels, tile, 0, length);
      subtract(tile, repeatedA, length);
      addBlocks(tile, length, sums);
    }
  }

  /**
   * Keras statistics, pass 2: per channel the double sum of the float squares {@code (x -
   * mean[c])^2}, in float partial sums of at most {@link #BLOCK_ROWS} rows.
   */
  void squaredDeviationSums(float[] x, int rows, float[] mean, double[] squares) {
    repeat(mean, repeatedA);
    java.util.Arrays.fill(squares, 0, channels, 0.0);
    for (int row = 0; row < rows; row += rowsPerTile) {
      int length = Math.min(rowsPerTile, rows - row) * channels;
      System.arraycopy(x, row * channels, tile, 0, length);
      squareDeviations(tile, repeatedA, length);
      addBlocks(tile, length, squares);
    }
  }

  private static void subtract(float[] s, float[] a, int length) {
    for (int i = 0; i < length; i++) {
      s[i] = s[i] - a[i];
    }
  }

  private static void squareDeviations(float[] s, float[] m, int length) {
    for (int i = 0; i < length; i++) {
      float d = s[i] - m[i];
      s[i] = d * d;
    }
  }

  /** Sums each block of {@link #BLOCK_ROWS} rows of the tile in float, then adds it in double. */
  private void addBlocks(float[] s, int length, double[] sums) {
    int c = channels;
    int block = BLOCK_ROWS * c;
    for (int start = 0; start < length; start += block) {
      int end = Math.min(length, start + block);
      accumulate(s, c, start + c, end);
      int last = end - c;
      for (int k = 0; k < c; k++) {
        sums[k] += s[last + k];
      }
    }
  }

  /**
   * PyTorch's per-thread variance buffer over rows {@code [from, to)}: {@code d = x - mean[c]},
   * {@code buffer[c] = fma(d, d, buffer[c])} row by row.
   */
  void addSquaredDeviations(
      float[] x, int from, int to, float[] mean, float[] buffer, int bufferOffset) {
    if (VectorKernels.available()) {
      from +=
          VectorKernels.channelsLastAddSquaredDeviations(
              x, from, to, channels, mean, buffer, bufferOffset);
    }
    int c = channels;
    float[] s = tile;
    float[] d = deviations;
    repeat(mean, repeatedA);
    System.arraycopy(buffer, bufferOffset, s, 0, c);
    for (int row = from; row < to; row += rowsPerTile) {
      int end = c + Math.min(rowsPerTile, to - row) * c;
      System.arraycopy(x, row * c, d, c, end - c);
      accumulateSquares(s, d, repeatedA, c, end);
      System.arraycopy(s, end - c, s, 0, c);
    }
    System.arraycopy(s, 0, buffer, bufferOffset, c);
  }

  private static void accumulateSquares(float[] s, float[] d, float[] m, int c, int end) {
    switch (c) {
      case 8 -> accumulateSquaresBy(s, d, m, 8, end);
      case 16 -> accumulateSquaresBy(s, d, m, 16, end);
      case 24 -> accumulateSquaresBy(s, d, m, 24, end);
      case 32 -> accumulateSquaresBy(s, d, m, 32, end);
      case 48 -> accumulateSquaresBy(s, d, m, 48, end);
      case 64 -> accumulateSquaresBy(s, d, m, 64, end);
      case 96 -> accumulateSquaresBy(s, d, m, 96, end);
      case 128 -> accumulateSquaresBy(s, d, m, 128, end);
      case 160 -> accumulateSquaresBy(s, d, m, 160, end);
      case 192 -> accumulateSquaresBy(s, d, m, 192, end);
      case 256 -> accumulateSquaresBy(s, d, m, 256, end);
      case 320 -> accumulateSquaresBy(s, d, m, 320, end);
      case 384 -> accumulateSquaresBy(s, d, m, 384, end);
      case 448 -> accumulateSquaresBy(s, d, m, 448, end);
      case 512 -> accumulateSquaresBy(s, d, m, 512, end);
      case 576 -> accumulateSquaresBy(s, d, m, 576, end);
      case 640 -> accumulateSquaresBy(s, d, m, 640, end);
      case 768 -> accumulateSquaresBy(s, d, m, 768, end);
      case 960 -> accumulateSquaresBy(s, d, m, 960, end);
      case 1024 -> accumulateSquaresBy(s, d, m, 1024, end);
      case 1280 -> accumulateSquaresBy(s, d, m, 1280, end);
      case 1536 -> accumulateSquaresBy(s, d, m, 1536, end);
      case 2048 -> accumulateSquaresBy(s, d, m, 2048, end);
      default -> accumulateSquaresBy(s, d, m, c, end);
    }
  }

  /**
   * {@code v = d[i] - m[i]; s[i] = fma(v, v, s[i - c])}; see {@link #accumulate} for the literal
   * distances.
   */
  private static void accumulateSquaresBy(float[] s, float[] d, float[] m, int c, int end) {
    for (int i = c; i < end; i++) {
      float v = d[i] - m[i];
      s[i] = Math.fma(v, v, s[i - c]);
    }
  }
}
