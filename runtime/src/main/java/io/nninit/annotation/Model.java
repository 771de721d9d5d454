package io.nninit.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Model-wide settings for a class whose fields carry {@link Layer} annotations. Optional: a class
 * with {@code @Layer} fields and no {@code @Model} uses the defaults below.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Model {
  /** The value of {@link #seed()} that means "no model seed": one is drawn at run time. */
  long NO_SEED = -1L;

  /**
   * The model seed. Under {@link Convention#KERAS} it is in {@code [0, 2^32)} and means what {@code
   * keras.utils.set_random_seed(seed)} means for a model built afterwards: every random initializer
   * without a seed of its own takes {@code random.randint(1, 10**9)} from Python's {@code random},
   * in the order the layers create their initializers. Under {@link Convention#PYTORCH} every value
   * but {@link #NO_SEED} is accepted and means {@code torch.manual_seed(seed)} before the modules
   * are built (only the low 32 bits select the stream; write {@code 0xFFFF_FFFFL} for PyTorch's
   * {@code -1}). Without a seed one is drawn at run time and reported.
   */
  long seed() default NO_SEED;

  /** Whose layouts, defaults and random streams the model follows. */
  Convention convention() default Convention.KERAS;

  /**
   * Where the channel axis sits in the tensors the generated batch-norm forward methods take. The
   * default, {@link DataFormat#CONVENTION_DEFAULT}, is the convention's: channels last under Keras,
   * channels first (NCHW) under PyTorch. Weight layouts do not depend on it.
   */
  DataFormat dataFormat() default DataFormat.CONVENTION_DEFAULT;

  /** Under {@link Convention#KERAS}: which Keras turns integer seeds into seed pairs. */
  KerasFlavor flavor() default KerasFlavor.KERAS3;
}
