package io.nninit.runtime;

/**
 * Where the channel axis of a batch-normalized tensor sits. The tensor is {@code (batch, channels,
 * spatial...)} or {@code (batch, spatial..., channels)}, flat and row-major; rank 2 ({@code (batch,
 * channels)}) is either layout with one spatial position.
 */
public enum ChannelLayout {
  /**
   * {@code (batch, spatial..., channels)}: Keras' default ({@code axis = -1}), PyTorch's
   * channels_last.
   */
  CHANNELS_LAST,
  /** {@code (batch, channels, spatial...)}: PyTorch's contiguous NCHW, Keras {@code axis = 1}. */
  CHANNELS_FIRST
}
