package io.nninit.runtime;

/** Where the output channels sit in a kernel that a following batch norm is folded into. */
public enum FoldedKernelLayout {
  /**
   * Keras DENSE {@code (in, units)} and CONV1D/2D/3D {@code (k..., in/groups, filters)}: last axis.
   */
  KERAS,
  /** Keras CONV*_TRANSPOSE {@code (k..., filters, in)}: second-to-last axis. */
  KERAS_TRANSPOSED,
  /**
   * Keras DEPTHWISE_CONV {@code (k..., in, depthMultiplier)}: output channel {@code c *
   * depthMultiplier + m}, the last two axes flattened.
   */
  KERAS_DEPTHWISE,
  /** PyTorch Linear {@code (out, in)} and Conv {@code (out, in/groups, k...)}: first axis. */
  PYTORCH,
  /**
   * PyTorch ConvTranspose {@code (in, out/groups, k...)}: output channel {@code (i / (in/groups)) *
   * (out/groups) + j} for index {@code (i, j, ...)}.
   */
  PYTORCH_TRANSPOSED
}
