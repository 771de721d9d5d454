package io.nninit.annotation;

/**
 * Which Keras turns an integer seed into the stateless seed pair. Both agree for seeds in {@code
 * [0, 2147483646)}.
 */
public enum KerasFlavor {
  /** Keras 3.5 and later on the TensorFlow backend: seed pair {@code [seed mod 2147483646, 0]}. */
  KERAS3,
  /** tf.keras 2.10 and later, and tf-keras: seed pair {@code [seed, 0]} unchanged. */
  TF_KERAS2
}
