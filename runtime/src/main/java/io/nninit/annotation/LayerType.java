package io.nninit.annotation;

/**
 * The layer types nninit generates weights for. Names follow Keras' layer classes; each type's
 * weights, shapes and default initializers are those of the corresponding Keras layer (or PyTorch
 * module under {@link Convention#PYTORCH}).
 */
public enum LayerType {
  /** {@code keras.layers.Dense}: kernel {@code (in, units)}, bias {@code (units)}. */
  DENSE,
  /** {@code keras.layers.Conv1D}: kernel {@code (k, in/groups, filters)}. */
  CONV1D,
  /** {@code keras.layers.Conv2D}: kernel {@code (kh, kw, in/groups, filters)}. */
  CONV2D,
  /** {@code keras.layers.Conv3D}: kernel {@code (kd, kh, kw, in/groups, filters)}. */
  CONV3D,
  /** {@code keras.layers.Conv1DTranspose}: kernel {@code (k, filters, in)}. */
  CONV1D_TRANSPOSE,
  /** {@code keras.layers.Conv2DTranspose}: kernel {@code (kh, kw, filters, in)}. */
  CONV2D_TRANSPOSE,
  /** {@code keras.layers.Conv3DTranspose}: kernel {@code (kd, kh, kw, filters, in)}. */
  CONV3D_TRANSPOSE,
  /** {@code keras.layers.DepthwiseConv2D}: kernel {@code (kh, kw, in, depthMultiplier)}. */
  DEPTHWISE_CONV2D,
  /**
   * {@code keras.layers.SeparableConv2D}: depthwise kernel {@code (kh, kw, in, depthMultiplier)},
   * pointwise kernel {@code (1, 1, in*depthMultiplier, filters)}.
   */
  SEPARABLE_CONV2D,
  /** {@code keras.layers.BatchNormalization}: gamma, beta, moving mean, moving variance. */
  BATCH_NORMALIZATION
}
