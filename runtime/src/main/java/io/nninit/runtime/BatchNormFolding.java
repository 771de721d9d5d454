package io.nninit.runtime;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Folds an inference-mode batch norm into the convolution or DENSE layer right before it: per
 * output channel {@code s = gamma / sqrt(var + eps)} (in double), {@code kernel' = kernel * s},
 * {@code bias' = (bias - mean) * s + beta}, each rounded once to float. The folded layer's outputs
 * equal the layer followed by the batch norm within about 1e-5 relative (float rounding of both
 * paths), not bit for bit. Allocates nothing.
 */
public final class BatchNormFolding {
  private BatchNormFolding() {}

  /**
   * Writes the folded kernel and bias. {@code kernelOut} may be {@code kernel} and {@code biasOut}
   * may be {@code bias} (in place).
   *
   * @param layout where the output channels sit in the kernel
   * @param kernelShape the kernel's shape in that layout
   * @param groups the layer's groups (PYTORCH_TRANSPOSED only reads it; 1 elsewhere)
   * @param bias the layer's bias, or {@code null} when it has none (taken as 0)
   * @param epsilon the batch norm's epsilon
   * @param biasOut one value per output channel: the folded layer always has a bias
   * @throws IllegalArgumentException if a length or the channel count does not match, before
   *     anything is written
   */
  public static void fold(
      FoldedKernelLayout layout,
      int[] kernelShape,
      int groups,
      float[] kernel,
      float @Nullable [] bias,
      BatchNormWeights batchNorm,
      double epsilon,
      float[] kernelOut,
      float[] biasOut) {
    if (batchNorm == null) {
      throw new IllegalArgumentException(
          "folding a batch norm into the layer before it: batchNorm is null, expected the batch"
              + " norm's BatchNormWeights; pass the model's initialized batch-norm field");
    }
    int channels = batchNorm.channels();
    if (layout == null) {
      throw nullArgument(
          batchNorm,
          "layout",
          "a FoldedKernelLayout; pass the one that matches the layer's kernel");
    }
    if (kernelShape == null) {
      throw nullArgument(
          batchNorm,
          "kernelShape",
          "the kernel's shape (rank >= 2); pass the layer's kernel shape");
    }
    if (kernel == null) {
      throw nullArgument(batchNorm, "kernel", "the layer's kernel; pass its kernel array");
    }
    if (kernelOut == null) {
      throw nullArgument(
          batchNorm,
          "kernelOut",
          "an array as long as the kernel; pass a new float[kernel.length] or the kernel itself");
    }
    if (biasOut == null) {
      throw nullArgument(
          batchNorm,
          "biasOut",
          channels
              + " values (one per channel); pass a new float["
              + channels
              + "] or the bias itself");
    }
    int rank = kernelShape.length;
    if (rank < 2) {
      throw new IllegalArgumentException(
          what(batchNorm)
              + ": kernelShape "
              + Arrays.toString(kernelShape)
              + " has rank "
              + rank
              + ", expected rank >= 2 (spatial..., in, out for Keras; out, in, spatial... for"
              + " PyTorch); pass the kernel's full shape");
    }
    long size = 1;
    for (int d : kernelShape) {
      size *= d;
    }
    int out = outputChannels(layout, kernelShape, groups, batchNorm);
    if (out != channels) {
      throw new IllegalArgumentException(
          what(batchNorm)
              + ": kernelShape "
              + Arrays.toString(kernelShape)
              + " in layout "
              + layout
              + " has "
              + out
              + " output channels, expected the batch norm's "
              + channels
              + "; fold only into the layer that feeds this batch norm, with its layout");
    }
    check(batchNorm, "kernel", kernel.length, size, "the product of kernelShape");
    check(batchNorm, "kernelOut", kernelOut.length, size, "the product of kernelShape");
    check(batchNorm, "biasOut", biasOut.length, channels, "one value per batch-norm channel");
    if (bias != null) {
      check(batchNorm, "bias", bias.length, channels, "one value per batch-norm channel, or null");
    }
    if (!(epsilon >= 0.0)) {
      throw new IllegalArgumentException(
          what(batchNorm)
              + ": epsilon must be >= 0, was "
              + epsilon
              + "; pass the batch norm's epsilon (Keras' default 1e-3, PyTorch's 1e-5)");
    }
    foldKernel(layout, kernelShape, groups, kernel, batchNorm, epsilon, kernelOut);
    for (int c = 0; c < channels; c++) {
      double b = bias == null ? 0.0 : bias[c];
      double beta = batchNorm.hasBeta() ? batchNorm.beta()[c] : 0.0;
      biasOut[c] = (float) ((b - batchNorm.movingMean()[c]) * factor(batchNorm, c, epsilon) + beta);
    }
  }

  private static int outputChannels(
      FoldedKernelLayout layout, int[] s, int groups, BatchNormWeights bn) {
    int rank = s.length;
    switch (layout) {
      case KERAS -> {
        return s[rank - 1];
      }
      case KERAS_TRANSPOSED -> {
        return s[rank - 2];
      }
      case KERAS_DEPTHWISE -> {
        return s[rank - 2] * s[rank - 1];
      }
      case PYTORCH -> {
        return s[0];
      }
      case PYTORCH_TRANSPOSED -> {
        if (groups <= 0 || s[0] % groups != 0) {
          throw new IllegalArgumentException(
              what(bn)
                  + ": groups "
                  + groups
                  + " must be > 0 and divide the "
                  + s[0]
                  + " input channels of kernelShape "
                  + Arrays.toString(s)
                  + "; pass the transposed convolution's groups (1 without groups)");
        }
        return s[1] * groups;
      }
      default -> throw new AssertionError(layout);
    }
  }

  private static void foldKernel(
      FoldedKernelLayout layout,
      int[] s,
      int groups,
      float[] kernel,
      BatchNormWeights bn,
      double eps,
      float[] kernelOut) {
    int rank = s.length;
    int size = kernel.length;
    for (int i = 0; i < size; i++) {
      int c;
      switch (layout) {
        case KERAS -> c = i % s[rank - 1];
        case KERAS_TRANSPOSED -> c = (i / s[rank - 1]) % s[rank - 2];
        case KERAS_DEPTHWISE -> c = i % (s[rank - 2] * s[rank - 1]);
        case PYTORCH -> c = i / (size / s[0]);
        case PYTORCH_TRANSPOSED -> {
          int inner = size / (s[0] * s[1]);
          int j = (i / inner) % s[1];
          int in = i / (inner * s[1]);
          c = (in / (s[0] / groups)) * s[1] + j;
        }
        default -> throw new AssertionError(layout);
      }
      kernelOut[i] = (float) (kernel[i] * factor(bn, c, eps));
    }
  }

  private static double factor(BatchNormWeights bn, int c, double eps) {
    double gamma = bn.hasGamma() ? bn.gamma()[c] : 1.0;
    return gamma / Math.sqrt(bn.movingVariance()[c] + eps);
  }

  private static void check(
      BatchNormWeights bn, String name, int actual, long expected, String why) {
    if (actual != expected) {
      throw new IllegalArgumentException(
          what(bn)
              + ": "
              + name
              + " has length "
              + actual
              + ", expected "
              + expected
              + " ("
              + why
              + "); pass an array of "
              + expected
              + " floats");
    }
  }

  /** The start of every message: which batch norm, built only when something is wrong. */
  private static String what(BatchNormWeights bn) {
    return "folding batch norm " + bn.layerName() + " into the layer before it";
  }

  private static IllegalArgumentException nullArgument(
      BatchNormWeights bn, String name, String expected) {
    return new IllegalArgumentException(what(bn) + ": " + name + " is null, expected " + expected);
  }
}
