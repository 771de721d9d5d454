package io.nninit.runtime;

import java.util.List;

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
   * (Keras: {@code keras.utils.set_random_seed(modelSeed)} before building the model; PyTorch:
   * {@code torch.manual_seed(modelSeed)} before constructing the modules).
   *
   * @return {@code modelSeed}
   * @throws IllegalArgumentException under Keras if {@code modelSeed} is outside {@code [0, 2^32)},
   *     before anything changes (PyTorch accepts every {@code long} and uses its low 32 bits)
   */
  long initialize(long modelSeed);

  /**
   * The model's layers, in declaration order: the weights objects the constructor assigned to the
   * {@code @Layer} fields (the same instances, whose arrays {@link #initialize} fills). Immutable;
   * the same list on every call.
   */
  List<LayerWeights> layers();

  /**
   * Every weight of the model, layer by layer in declaration order and within a layer in the
   * convention's order ({@link LayerWeights#parameters()}), described for summaries: initializer,
   * fans, distribution and theoretical moments. Built once from constants the processor folded in;
   * immutable, the same list on every call.
   */
  List<WeightInfo> weights();
}
