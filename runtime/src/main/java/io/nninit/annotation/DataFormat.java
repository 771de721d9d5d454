package io.nninit.annotation;

/**
 * Where the channel axis sits in the activations that a model's generated batch-norm forward code
 * takes ({@link Model#dataFormat()}). Weight layouts do not depend on it.
 */
public enum DataFormat {
  /**
   * The convention's own: channels last under {@link Convention#KERAS} ({@code
   * data_format="channels_last"}, {@code BatchNormalization(axis=-1)}), channels first under {@link
   * Convention#PYTORCH} (contiguous NCHW).
   */
  CONVENTION_DEFAULT,
  /**
   * {@code (batch, spatial..., channels)}: Keras' {@code "channels_last"}, PyTorch's {@code
   * torch.channels_last} / {@code channels_last_3d} memory format.
   */
  CHANNELS_LAST,
  /**
   * {@code (batch, channels, spatial...)}: Keras' {@code "channels_first"} ({@code
   * BatchNormalization(axis=1)}), PyTorch's contiguous NCHW.
   */
  CHANNELS_FIRST
}
