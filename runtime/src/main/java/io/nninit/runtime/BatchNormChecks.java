package io.nninit.runtime;

/**
 * Argument checks of {@link BatchNorm}, run before anything is written. Allocate only on failure.
 */
final class BatchNormChecks {
  private BatchNormChecks() {}

  static void forward(
      String layer,
      int channels,
      BatchNormWeights weights,
      float[] x,
      float[] y,
      int batch,
      int spatial) {
    if (batch <= 0) {
      throw new IllegalArgumentException("layer " + layer + ": batch must be > 0, was " + batch);
    }
    if (spatial <= 0) {
      throw new IllegalArgumentException(
          "layer "
              + layer
              + ": spatial size (product of the spatial dimensions, 1 for rank 2) must be > 0, was "
              + spatial);
    }
    if (weights == null) {
      throw new IllegalArgumentException("layer " + layer + ": weights must not be null");
    }
    long expected = (long) batch * channels * spatial;
    if (expected > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "layer "
              + layer
              + ": batch "
              + batch
              + " x channels "
              + channels
              + " x spatial "
              + spatial
              + " = "
              + expected
              + " elements do not fit in one array; use a smaller batch");
    }
    array(layer, "x", x, expected, batch, channels, spatial);
    array(layer, "y", y, expected, batch, channels, spatial);
    weight(layer, "moving mean", weights.movingMean(), channels);
    weight(layer, "moving variance", weights.movingVariance(), channels);
    if (weights.hasGamma()) {
      weight(layer, "gamma", weights.gamma(), channels);
    }
    if (weights.hasBeta()) {
      weight(layer, "beta", weights.beta(), channels);
    }
  }

  private static void array(
      String layer, String name, float[] a, long expected, int batch, int channels, int spatial) {
    if (a == null) {
      throw new IllegalArgumentException("layer " + layer + ": " + name + " must not be null");
    }
    if (a.length != expected) {
      throw new IllegalArgumentException(
          "layer "
              + layer
              + ": "
              + name
              + " has length "
              + a.length
              + ", expected "
              + expected
              + " = batch "
              + batch
              + " x channels "
              + channels
              + " x spatial "
              + spatial
              + "; pass the batch size and spatial size that match the array");
    }
  }

  private static void weight(String layer, String name, float[] a, int channels) {
    if (a.length != channels) {
      throw new IllegalArgumentException(
          "layer "
              + layer
              + ": "
              + name
              + " has length "
              + a.length
              + ", expected "
              + channels
              + " (one per channel); the weights belong to another layer");
    }
  }
}
