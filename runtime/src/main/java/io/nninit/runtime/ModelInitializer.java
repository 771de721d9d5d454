package io.nninit.runtime;

import java.util.List;

/**
 * What every generated {@code <Model>_Layers} class offers: re-initializing all of a model's
 * weights in place from a model seed, on the calling thread or on several threads. The constructor
 * of the generated class allocates the weights, assigns the model's {@code @Layer} fields and
 * initializes them once; afterwards these methods allocate nothing.
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
   * Re-initializes every weight as {@link #initialize(long)} does, with the same bits whatever
   * {@code parallel}'s thread count, its random uniform and normal draws filled through {@code
   * parallel} (which splits large tensors across its threads and keeps small ones on the calling
   * thread); other initializers run on the calling thread. {@code parallel} stays open.
   *
   * @return {@code modelSeed}
   * @throws IllegalArgumentException as {@link #initialize(long)}, or if {@code parallel} is null
   *     or closed, before anything changes
   */
  long initialize(long modelSeed, ParallelInitializer parallel);

  /**
   * {@link #initialize(long, ParallelInitializer)} with {@link #modelSeed()}: the same values
   * again.
   *
   * @return the model seed
   * @throws IllegalArgumentException if {@code parallel} is null or closed, before anything changes
   */
  long initialize(ParallelInitializer parallel);

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
