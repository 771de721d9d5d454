package io.nninit.example;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Runs the generated batch-norm forward code of the first batch-norm layer of {@link SmallCnn}
 * (Keras: channels last) and {@link TorchCnn} (PyTorch: NCHW) on a synthetic batch: one training
 * step, inference, and folding into the convolution before it.
 */
final class BatchNormDemo {
  private static final int BATCH = 4;
  private static final int SPATIAL = 8 * 8;

  /** A generated forward method, {@code bn1Training} or {@code bn1Inference}. */
  @FunctionalInterface
  private interface Forward {
    void run(float[] x, float[] y, int batch, int spatial);
  }

  private final PrintWriter out;

  BatchNormDemo(PrintWriter out) {
    this.out = out;
  }

  void run() {
    SmallCnn keras = new SmallCnn();
    SmallCnn_Layers kerasLayers = new SmallCnn_Layers(keras);
    show(
        "SmallCnn.bn1 (Keras 3, input (4, 8, 8, 32) channels last)",
        32,
        kerasLayers::bn1Training,
        kerasLayers::bn1Inference,
        keras.bn1.movingMean(),
        keras.bn1.movingVariance());
    float[] kernel = new float[keras.conv1.kernel().length];
    float[] bias = new float[32];
    kerasLayers.foldBn1IntoConv1(kernel, bias);
    out.printf(
        Locale.ROOT,
        "  folded into conv1: kernel %d values, bias %d values%n",
        kernel.length,
        bias.length);

    TorchCnn torch = new TorchCnn();
    TorchCnn_Layers torchLayers = new TorchCnn_Layers(torch);
    show(
        "TorchCnn.bn1 (PyTorch, input (4, 16, 8, 8) NCHW)",
        16,
        torchLayers::bn1Training,
        torchLayers::bn1Inference,
        torch.bn1.movingMean(),
        torch.bn1.movingVariance());
    float[] torchKernel = new float[torch.conv1.kernel().length];
    float[] torchBias = new float[16];
    torchLayers.foldBn1IntoConv1(torchKernel, torchBias);
    out.printf(
        Locale.ROOT,
        "  folded into conv1: kernel %d values, bias %d values%n",
        torchKernel.length,
        torchBias.length);
  }

  private void show(
      String title,
      int channels,
      Forward training,
      Forward inference,
      float[] movingMean,
      float[] movingVariance) {
    float[] x = new float[BATCH * channels * SPATIAL];
    SplittableRandom random = new SplittableRandom(1);
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (0.5 + 2.0 * gaussian(random));
    }
    float[] y = new float[x.length];
    out.println("Batch norm: " + title + ", x with mean " + stats(x));
    training.run(x, y, BATCH, SPATIAL);
    out.printf(
        Locale.ROOT,
        "  training:  y with mean %s; moving mean[0] %.4f, moving variance[0] %.4f%n",
        stats(y),
        movingMean[0],
        movingVariance[0]);
    inference.run(x, y, BATCH, SPATIAL);
    out.println("  inference: y with mean " + stats(y));
  }

  /** A standard normal from two uniforms (Box-Muller); only for the synthetic input. */
  private static double gaussian(SplittableRandom random) {
    return Math.sqrt(-2 * Math.log(1 - random.nextDouble()))
        * Math.cos(2 * Math.PI * random.nextDouble());
  }

  private static String stats(float[] a) {
    double sum = 0;
    for (float v : a) {
      sum += v;
    }
    double mean = sum / a.length;
    double squares = 0;
    for (float v : a) {
      squares += (v - mean) * (v - mean);
    }
    return String.format(Locale.ROOT, "%.4f, std %.4f", mean, Math.sqrt(squares / a.length));
  }
}
