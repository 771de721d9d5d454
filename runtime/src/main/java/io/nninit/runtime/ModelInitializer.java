package io.nninit.runtime;

/**
 * What every generated {@code <Model>_Layers} class offers: re-initializing all of a model's
 * weights in place from a model seed. The constructor of the generated class allocates the weights,
 * assigns the model's {@code @Layer} fields and initializes them once; afterwards these methods
 * allocate nothing.
 */
public interface ModelInitializer {
  /**
   * The model seed the weights were last initialized with: the {@code @Model} seed, the one given
   * to {@link #initialize(long)}, or the one drawn at random when the model declares none.
   */
  long modelSeed();

  /**
   * Re-initializes every weight with {@link #modelSeed()}: the same values again.
   *
   * @return the model seed
   */
  long initialize();

  /**
   * Re-initializes every weight as the convention would after seeding with {@code modelSeed}
   * (Keras: {@code keras.utils.set_random_seed(modelSeed)} before building the model).
   *
   * @return {@code modelSeed}
   * @throws IllegalArgumentException if {@code modelSeed} is outside {@code [0, 2^32)}, before
   *     anything changes
   */
  long initialize(long modelSeed);
}
