package io.nninit.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares one layer of a model. The annotated field's name is the layer's name, and its type holds
 * the weights: {@code DenseWeights} for {@link LayerType#DENSE}, {@code SeparableConvWeights} for
 * {@link LayerType#SEPARABLE_CONV2D}, {@code BatchNormWeights} for {@link
 * LayerType#BATCH_NORMALIZATION} and {@code ConvWeights} for every other type (all in {@code
 * io.nninit.runtime}). Layers run in field declaration order.
 *
 * <p>Initializers are strings in the convention's own syntax: Keras names and keyword arguments
 * such as {@code "he_normal"}, {@code "he_normal(seed=7)"} or {@code "variance_scaling(scale=2.0,
 * mode='fan_out', distribution='uniform')"}, or under {@link Convention#PYTORCH} {@code
 * torch.nn.init} functions such as {@code "kaiming_normal_(mode='fan_out', nonlinearity='relu')"}.
 * An empty string means the convention's default (PyTorch: what constructing the module does).
 * Under PyTorch an initializer runs after every module is constructed, as {@code nn.init} calls
 * after building the model do: construction still draws the module's defaults first.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface Layer {
  /** The layer type. */
  LayerType type();

  /** DENSE: number of output features ({@code units} in Keras). */
  int units() default 0;

  /** Convolutions: number of output channels ({@code filters} in Keras). */
  int filters() default 0;

  /** Convolutions: one value for every spatial axis, or one value per spatial axis. */
  int[] kernelSize() default {};

  /**
   * Input channels (input features for DENSE). 0 means inferred from the previous layer; required
   * on the first layer.
   */
  int inputChannels() default 0;

  /**
   * CONV1D/2D/3D (and under PyTorch also the transposed convolutions): number of groups; must
   * divide both input channels and filters.
   */
  int groups() default 1;

  /** DEPTHWISE_CONV2D and SEPARABLE_CONV2D: output channels per input channel. */
  int depthMultiplier() default 1;

  /** Whether the layer has a bias. */
  boolean useBias() default true;

  /**
   * BATCH_NORMALIZATION: whether there is a beta (offset). Under PyTorch {@code center} and {@code
   * scale} go together: both false is {@code affine=False}.
   */
  boolean center() default true;

  /** BATCH_NORMALIZATION: whether there is a gamma (scale). */
  boolean scale() default true;

  /**
   * BATCH_NORMALIZATION: epsilon; negative means the convention's default (Keras 1e-3, PyTorch
   * 1e-5).
   */
  double epsilon() default -1.0;

  /**
   * BATCH_NORMALIZATION: momentum in the convention's own meaning; negative means the convention's
   * default (Keras 0.99, PyTorch 0.1).
   */
  double momentum() default -1.0;

  /** Kernel initializer (DENSE, convolutions). Default: Keras {@code glorot_uniform}. */
  String kernelInitializer() default "";

  /** Bias initializer. Default: Keras {@code zeros}. */
  String biasInitializer() default "";

  /** DEPTHWISE_CONV2D and SEPARABLE_CONV2D: depthwise kernel initializer. */
  String depthwiseInitializer() default "";

  /** SEPARABLE_CONV2D: pointwise kernel initializer. */
  String pointwiseInitializer() default "";

  /** BATCH_NORMALIZATION: gamma initializer. Default: {@code ones}. */
  String gammaInitializer() default "";

  /** BATCH_NORMALIZATION: beta initializer. Default: {@code zeros}. */
  String betaInitializer() default "";

  /** BATCH_NORMALIZATION: moving mean initializer. Default: {@code zeros}. */
  String movingMeanInitializer() default "";

  /** BATCH_NORMALIZATION: moving variance initializer. Default: {@code ones}. */
  String movingVarianceInitializer() default "";

  /**
   * Convolutions: the stride along every spatial axis (one value) or one per axis; empty means 1.
   * Only the output shape depends on it (see {@link Model#inputShape()}).
   */
  int[] strides() default {};

  /**
   * Convolutions: the dilation rate ({@code dilation_rate} in Keras, {@code dilation} in PyTorch),
   * one value or one per spatial axis; empty means 1.
   */
  int[] dilationRate() default {};

  /**
   * Convolutions: the padding mode. Keras: {@code "valid"} (no padding), {@code "same"} (output =
   * ceil(input / stride), or input * stride for transposed) or, for CONV1D only, {@code "causal"}.
   * PyTorch: {@code "valid"} or {@code "same"} (non-transposed, stride 1), or leave it empty and
   * give {@link #paddingSize()}. Empty means {@code "valid"}.
   */
  String padding() default "";

  /**
   * PyTorch convolutions only: the implicit zero padding on each side ({@code padding=} as an
   * integer or tuple), one value or one per spatial axis; empty means 0.
   */
  int[] paddingSize() default {};

  /**
   * Transposed convolutions: {@code output_padding}, one value or one per spatial axis, each less
   * than the stride (PyTorch: less than the stride or the dilation); empty means none (Keras infers
   * the length; PyTorch uses 0).
   */
  int[] outputPadding() default {};

  /**
   * The activation that follows the layer (DENSE and convolutions): {@code linear} (the default,
   * also written ""), {@code relu}, {@code leaky_relu}, {@code elu}, {@code selu}, {@code gelu},
   * {@code swish}, {@code tanh} or {@code sigmoid}. It does not change the weights: the processor
   * uses it to predict how the signal's variance grows or shrinks through the layers and warns
   * ({@code nninit.signal}) when it would change by more than a factor of 10 between normalization
   * layers.
   */
  String activation() default "";
}
