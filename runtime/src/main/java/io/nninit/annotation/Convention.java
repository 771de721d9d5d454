package io.nninit.annotation;

/**
 * Whose semantics a model follows: weight layouts, default initializers, fans and random streams.
 */
public enum Convention {
  /**
   * Keras 3 on the TensorFlow backend (or tf.keras 2, see {@link KerasFlavor}): kernels {@code
   * (k..., in, out)}, Philox streams, {@code glorot_uniform} kernels, batch-norm epsilon 1e-3 and
   * momentum 0.99.
   */
  KERAS,
  /**
   * PyTorch 1.13 on the CPU: weights {@code (out, in/groups, k...)}, the MT19937 stream of {@code
   * torch.manual_seed}, module default initialization, batch-norm eps 1e-5 and momentum 0.1.
   */
  PYTORCH
}
