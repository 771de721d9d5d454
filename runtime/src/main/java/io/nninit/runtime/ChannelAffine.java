package io.nninit.runtime;

/**
 * The elementwise pass {@code y = x * scale[c] + shift[c]} over a {@code (batch, channels,
 * spatial)} or {@code (rows, channels)} tensor; {@code x == y} is allowed. Two roundings: {@code
 * fused} selects one ({@code Math.fma}, PyTorch's vectorised kernel) or two (a float product, then
 * a float sum: TensorFlow's {@code x * inv + offset}). Channels-last input goes through {@link
 * ChannelsLastTiles#affine}. Allocates nothing.
 */
final class ChannelAffine {
  private ChannelAffine() {}

  static void channelsFirst(
      float[] x, float[] y, int batch, int channels, int spatial, float[] scale, float[] shift,
      boolean fused) {
    for (int b = 0; b < batch; b++) {
      for (int c = 0; c < channels; c++) {
        int p = (b * channels + c) * spatial;
        if (fused) {
          fmaBlock(x, y, p, spatial, scale[c], shift[c]);
        } else {
          mulAddBlock(x, y, p, spatial, scale[c], shift[c]);
        }
      }
    }
  }

  private static void fmaBlock(float[] x, float[] y, int from, int count, float a, float b) {
    int end = from + count;
    for (int i = from; i < end; i++) {
      y[i] = Math.fma(x[i], a, b);
    }
  }

  private static void mulAddBlock(float[] x, float[] y, int from, int count, float a, float b) {
    int end = from + count;
    for (int i = from; i < end; i++) {
      y[i] = x[i] * a + b;
    }
  }
}
