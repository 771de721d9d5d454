package io.nninit.runtime;

/** Test helper: moves the channel axis of a flat row-major tensor. */
final class Layouts {
  private Layouts() {}

  /** {@code (batch, channels, spatial)} to {@code (batch, spatial, channels)}. */
  static float[] toChannelsLast(float[] x, int batch, int channels, int spatial) {
    float[] out = new float[x.length];
    for (int b = 0; b < batch; b++) {
      for (int c = 0; c < channels; c++) {
        for (int s = 0; s < spatial; s++) {
          out[(b * spatial + s) * channels + c] = x[(b * channels + c) * spatial + s];
        }
      }
    }
    return out;
  }

  /** {@code (batch, spatial, channels)} to {@code (batch, channels, spatial)}. */
  static float[] toChannelsFirst(float[] x, int batch, int channels, int spatial) {
    float[] out = new float[x.length];
    for (int b = 0; b < batch; b++) {
      for (int c = 0; c < channels; c++) {
        for (int s = 0; s < spatial; s++) {
          out[(b * channels + c) * spatial + s] = x[(b * spatial + s) * channels + c];
        }
      }
    }
    return out;
  }

  static BatchNormWeights weights(
      String name, float[] gamma, float[] beta, float[] mean, float[] var) {
    int c = mean.length;
    Parameter g = gamma == null ? null : filled(new Parameter("gamma", c), gamma);
    Parameter b = beta == null ? null : filled(new Parameter("beta", c), beta);
    return new BatchNormWeights(
        name,
        g,
        b,
        filled(new Parameter("moving_mean", c), mean),
        filled(new Parameter("moving_variance", c), var));
  }

  private static Parameter filled(Parameter p, float[] values) {
    System.arraycopy(values, 0, p.data(), 0, values.length);
    return p;
  }
}
