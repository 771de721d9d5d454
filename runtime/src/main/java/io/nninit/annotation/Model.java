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

  /**
   * The shape of one input sample, without the batch axis: channels last under {@link
   * Convention#KERAS} ({@code {28, 28, 1}}, as {@code keras.Input(shape=(28, 28, 1))}), channels
   * first under {@link Convention#PYTORCH} ({@code {1, 28, 28}}). When given, the processor
   * propagates it through the layers with the convention's arithmetic (padding, strides, dilation),
   * takes the first layer's input channels from it, reports a layer that does not fit its input as
   * a compile error and lists every layer's output shape in the generated class. DENSE acts on the
   * last axis under Keras (as {@code keras.layers.Dense} does on an N-D input); under PyTorch a
   * DENSE layer after a multi-axis output flattens it first ({@code nn.Flatten()} then {@code
   * nn.Linear(C*H*W, units)}). Empty (the default): no shapes; channels are inferred from layer to
   * layer.
   */
  int[] inputShape() default {};
}
