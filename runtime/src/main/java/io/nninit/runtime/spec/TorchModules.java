package io.nninit.runtime.spec;

/**
 * Weight shapes of PyTorch modules in PyTorch's layout, with PyTorch's checks: {@code nn.Linear}
 * {@code (out, in)}, {@code nn.ConvNd} {@code (out, in/groups, k...)}, {@code nn.ConvTransposeNd}
 * {@code (in, out/groups, k...)}. Their default initialization is {@link
 * TorchInitializers#moduleDefaultWeight} then {@link TorchInitializers#moduleDefaultBias}.
 */
public final class TorchModules {
  private TorchModules() {}

  /** {@code nn.Linear(in, out).weight.shape}: {@code (out, in)}. */
  public static int[] linearWeightShape(int inFeatures, int outFeatures) {
    positive("in_features", inFeatures, true);
    positive("out_features", outFeatures, true);
    return new int[] {outFeatures, inFeatures};
  }

  /**
   * {@code nn.ConvNd(in, out, kernel, groups=groups).weight.shape}: {@code (out, in/groups, k...)}.
   *
   * @throws SpecException if {@code groups} does not divide both channel counts (PyTorch's {@code
   *     ValueError}), or a size is not positive
   */
  public static int[] convWeightShape(int inChannels, int outChannels, int groups, int[] kernel) {
    checkConv(inChannels, outChannels, groups, kernel);
    int[] shape = new int[2 + kernel.length];
    shape[0] = outChannels;
    shape[1] = inChannels / groups;
    System.arraycopy(kernel, 0, shape, 2, kernel.length);
    return shape;
  }

  /**
   * {@code nn.ConvTransposeNd(in, out, kernel, groups=groups).weight.shape}: {@code (in,
   * out/groups, k...)}.
   *
   * @throws SpecException as {@link #convWeightShape}
   */
  public static int[] convTransposeWeightShape(
      int inChannels, int outChannels, int groups, int[] kernel) {
    checkConv(inChannels, outChannels, groups, kernel);
    int[] shape = new int[2 + kernel.length];
    shape[0] = inChannels;
    shape[1] = outChannels / groups;
    System.arraycopy(kernel, 0, shape, 2, kernel.length);
    return shape;
  }

  private static void checkConv(int inChannels, int outChannels, int groups, int[] kernel) {
    positive("in_channels", inChannels, false);
    positive("out_channels", outChannels, false);
    positive("groups", groups, false);
    if (kernel.length < 1 || kernel.length > 3) {
      throw new SpecException(
          SpecException.SHAPE,
          "a convolution kernel has 1, 2 or 3 spatial sizes, got " + kernel.length,
          -1);
    }
    for (int k : kernel) {
      positive("kernel_size", k, false);
    }
    if (inChannels % groups != 0) {
      throw new SpecException(
          SpecException.SHAPE,
          "in_channels must be divisible by groups (" + inChannels + " % " + groups + " != 0)",
          -1);
    }
    if (outChannels % groups != 0) {
      throw new SpecException(
          SpecException.SHAPE,
          "out_channels must be divisible by groups (" + outChannels + " % " + groups + " != 0)",
          -1);
    }
  }

  private static void positive(String what, int value, boolean zeroAllowed) {
    if (value < 0 || (!zeroAllowed && value == 0)) {
      throw new SpecException(
          SpecException.SHAPE,
          what + " must be " + (zeroAllowed ? ">= 0" : "> 0") + ", was " + value,
          -1);
    }
  }
}
