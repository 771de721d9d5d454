package io.nninit.runtime;

/**
 * The elementwise pass {@code y = x * scale[c] + shift[c]} over channels {@code [from, to)} of a
 * {@code (batch, channels, spatial)} tensor; {@code x == y} is allowed. Two roundings: {@code
 * fused} selects one ({@code Math.fma}, PyTorch's vectorised kernel) or two (a float product, then
 * a float sum: TensorFlow's {@code x * inv + offset}). Channels-last input goes through {@link
 * ChannelsLastTiles#affine}. Allocates nothing.
 */
final class ChannelAffine {
  private ChannelAffine() {}

  static void channelsFirst(
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
    if (VectorKernels.available()) {
      from +=
          VectorKernels.channelsFirstAffine(
              x, y, batch, channels, spatial, from, to, scale, shift, fused);
    }
    if (fused) {
      for (int b = 0; b < batch; b++) {
        for (int c = from; c < to; c++) {
          fmaBlock(x, y, (b * channels + c) * spatial, spatial, scale[c], shift[c]);
        }
      }
    } else {
      for (int b = 0; b < batch; b++) {
        for (int c = from; c < to; c++) {
          mulAddBlock(x, y, (b * channels + c) * spatial, spatial, scale[c], shift[c]);
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
