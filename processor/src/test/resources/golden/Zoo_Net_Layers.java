package test;

import io.nninit.annotation.Convention;
import io.nninit.annotation.KerasFlavor;
import io.nninit.annotation.LayerType;
import io.nninit.runtime.BatchNorm;
import io.nninit.runtime.BatchNormFolding;
import io.nninit.runtime.BatchNormWeights;
import io.nninit.runtime.ChannelLayout;
import io.nninit.runtime.ConvWeights;
import io.nninit.runtime.DenseWeights;
import io.nninit.runtime.Fill;
import io.nninit.runtime.FoldedKernelLayout;
import io.nninit.runtime.KerasMovingUpdate;
import io.nninit.runtime.KerasRandom;
import io.nninit.runtime.LayerWeights;
import io.nninit.runtime.ModelInitializer;
import io.nninit.runtime.NninitVersion;
import io.nninit.runtime.ParallelInitializer;
import io.nninit.runtime.Parameter;
import io.nninit.runtime.PythonRandom;
import io.nninit.runtime.SeparableConvWeights;
import io.nninit.runtime.WeightInfo;
import io.nninit.runtime.io.WeightFiles;
import io.nninit.runtime.io.WeightsFormat;
import io.nninit.runtime.io.WeightsMetadata;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import javax.annotation.processing.Generated;

/**
 * Allocates and initializes the weights of {@link Zoo.Net} as Keras (tf.keras 2.10+) does.
 * Generated from its {@code @Layer} fields.
 *
 * <p>Model seed: none declared, so the constructor draws one (see {@link #modelSeed()}).
 * 7 default seeds are drawn from it.
 *
 * <ul>
 *   <li>{@code c1}: CONV1D, 8 filters, size-3 kernel, 4 input channels, 2 groups; kernel (3, 2, 8) glorot_uniform, bias (8,) constant(value=0.1)
 *   <li>{@code t1}: CONV1D_TRANSPOSE, 6 filters, size-2 kernel, 8 input channels (the 8 filters of c1); kernel (2, 6, 8) lecun_normal(seed=1), bias (6,) zeros
 *   <li>{@code c2}: CONV2D, 4 filters, 3x1 kernel, 3 input channels; kernel (3, 1, 3, 4) variance_scaling(scale=2.0, mode='fan_out', distribution='uniform'), bias (4,) zeros
 *   <li>{@code t2}: CONV2D_TRANSPOSE, 5 filters, 2x2 kernel, 4 input channels (the 4 filters of c2); kernel (2, 2, 5, 4) glorot_uniform
 *   <li>{@code dw}: DEPTHWISE_CONV2D, depth multiplier 2, 3x3 kernel, 5 input channels (the 5 filters of t2); kernel (3, 3, 5, 2) truncated_normal(stddev=0.1, seed=9), bias (10,) zeros
 *   <li>{@code sep}: SEPARABLE_CONV2D, 7 filters, depth multiplier 1, 3x3 kernel, 10 input channels (the 5*2 = 10 outputs of dw); depthwise_kernel (3, 3, 10, 1) glorot_uniform, pointwise_kernel (1, 1, 10, 7) he_uniform, bias (7,) zeros
 *   <li>{@code bn}: BATCH_NORMALIZATION over 7 channels, epsilon 1.0E-5, momentum 0.9 (the 7 filters of sep); gamma (7,) ones, moving_mean (7,) zeros, moving_variance (7,) constant(value=2)
 *   <li>{@code c3}: CONV3D, 3 filters, 1x2x3 kernel, 2 input channels; kernel (1, 2, 3, 2, 3) glorot_normal, bias (3,) zeros
 *   <li>{@code t3}: CONV3D_TRANSPOSE, 2 filters, 2x2x2 kernel, 3 input channels (the 3 filters of c3); kernel (2, 2, 2, 2, 3) glorot_uniform, bias (2,) zeros
 *   <li>{@code head}: DENSE, 2 units, 2 input features (the 2 filters of t3); kernel (2, 2) identity(gain=0.5), bias (2,) zeros
 * </ul>
 *
 * <p>Bit-exact with Keras on TF CPU (Linux/glibc).
 * After construction, the initialize, per-layer, batch-norm forward and fold methods allocate
 * nothing ({@code save}, {@code load} and {@code metadata()} do).
 *
 * <p>{@link #initialize(long, ParallelInitializer)} gives the same bits with large tensors split across
 * threads; the methods without a {@code ParallelInitializer} fill on the calling thread.
 *
 * <p>Summary (also in {@link #SUMMARY}):
 * <pre>
 * Layer  Type                 Output       Params  Factor
 * c1     CONV1D               8 channels       56  0.4 linear
 * t1     CONV1D_TRANSPOSE     6 channels      102  1.33 linear
 * c2     CONV2D               4 channels       40  1.5 linear
 * t2     CONV2D_TRANSPOSE     5 channels       80  0.889 linear
 * dw     DEPTHWISE_CONV2D     10 channels     100  0.0696 linear
 * sep    SEPARABLE_CONV2D     7 channels      167  0.364 linear
 * bn     BATCH_NORMALIZATION  7 channels       21  reset
 * c3     CONV3D               3 channels       39  0.8 linear
 * t3     CONV3D_TRANSPOSE     2 channels       50  1.2 linear
 * head   DENSE                2 channels        6  0.25 linear
 * Total params: 661
 * Weights:
 *   c1.kernel (3, 2, 8) glorot_uniform: fan_in 6, fan_out 24, uniform [-0.447, 0.447)
 *   c1.bias (8,) constant(value=0.1): constant 0.1
 *   t1.kernel (2, 6, 8) lecun_normal(seed=1): fan_in 12, fan_out 16, truncated_normal stddev 0.328 cut to [-0.656, 0.656]
 *   t1.bias (6,) zeros: constant 0
 *   c2.kernel (3, 1, 3, 4) variance_scaling(scale=2.0, mode='fan_out', distribution='uniform'): fan_in 9, fan_out 12, uniform [-0.707, 0.707)
 *   c2.bias (4,) zeros: constant 0
 *   t2.kernel (2, 2, 5, 4) glorot_uniform: fan_in 20, fan_out 16, uniform [-0.408, 0.408)
 *   dw.kernel (3, 3, 5, 2) truncated_normal(stddev=0.1, seed=9): fan_in 45, fan_out 18, truncated_normal stddev 0.1 cut to [-0.2, 0.2]
 *   dw.bias (10,) zeros: constant 0
 *   sep.depthwise_kernel (3, 3, 10, 1) glorot_uniform: fan_in 90, fan_out 9, uniform [-0.246, 0.246)
 *   sep.pointwise_kernel (1, 1, 10, 7) he_uniform: fan_in 10, fan_out 7, uniform [-0.775, 0.775)
 *   sep.bias (7,) zeros: constant 0
 *   bn.gamma (7,) ones: constant 1
 *   bn.moving_mean (7,) zeros: constant 0
 *   bn.moving_variance (7,) constant(value=2): constant 2
 *   c3.kernel (1, 2, 3, 2, 3) glorot_normal: fan_in 12, fan_out 18, truncated_normal stddev 0.294 cut to [-0.587, 0.587]
 *   c3.bias (3,) zeros: constant 0
 *   t3.kernel (2, 2, 2, 2, 3) glorot_uniform: fan_in 16, fan_out 24, uniform [-0.387, 0.387)
 *   t3.bias (2,) zeros: constant 0
 *   head.kernel (2, 2) identity(gain=0.5): fan_in 2, fan_out 2, identity, mean 0.25, std 0.25
 *   head.bias (2,) zeros: constant 0
 * Predicted variance factors (fan * E[w^2] * activation gain):
 *   c1: 6 * 0.0667 * 1 (linear) = 0.4
 *   t1: 16 * 0.0833 * 1 (linear) = 1.33
 *   c2: 9 * 0.167 * 1 (linear) = 1.5
 *   t2: 16 * 0.0556 * 1 (linear) = 0.889
 *   dw: 9 * 0.00774 * 1 (linear) = 0.0696
 *   sep: 9 * 0.0202 * 10 * 0.2 * 1 (linear) = 0.364
 *   bn: batch normalization, resets to 1
 *   c3: 12 * 0.0667 * 1 (linear) = 0.8
 *   t3: 24 * 0.05 * 1 (linear) = 1.2
 *   head: 2 * 0.125 * 1 (linear) = 0.25
 *   run c1 to sep: 0.018 (2^-5.8)
 *   run c3 to head: 0.24 (2^-2.1)
 * </pre>
 */
@Generated("io.nninit.processor.ModelProcessor")
final class Zoo_Net_Layers implements ModelInitializer {
  private static final KerasFlavor FLAVOR = KerasFlavor.TF_KERAS2;

  /**
   * Each weight's initializer, fans, distribution and theoretical moments, folded in from the
   * {@code @Layer}s; see {@link #weights()}.
   */
  private static final List<WeightInfo> WEIGHTS = List.of(
      new WeightInfo("c1", LayerType.CONV1D, "kernel", List.of(3, 2, 8), "glorot_uniform",
          6L, 24L, "uniform", -0.4472136f, 0.4472136f, Double.NaN, 0.0, 0.25819888665553886,
          "glorot_uniform: fan_in = 3*2 = 6, fan_out = 3*8 = 24, s = 1.0/max(1, fan_avg = (6 + 24)/2) = 0.06666666666666667, limit = sqrt(3*s) = 0.4472135954999579 -> uniform: minval = -0.4472136f, maxval = 0.4472136f, range = maxval - minval = 0.8944272f"),
      new WeightInfo("c1", LayerType.CONV1D, "bias", List.of(8), "constant(value=0.1)",
          8L, 8L, "constant", Double.NaN, Double.NaN, Double.NaN, 0.1f, 0.0,
          "constant(value=0.1): 0.1f"),
      new WeightInfo("t1", LayerType.CONV1D_TRANSPOSE, "kernel", List.of(2, 6, 8), "lecun_normal(seed=1)",
          12L, 16L, "truncated_normal", -0.6563591f, 0.6563591f, 0.32817954f, 0.0, 0.288675143271041,
          "lecun_normal(seed=1): fan_in = 2*6 = 12, fan_out = 2*8 = 16, s = 1.0/max(1, fan_in) = 0.08333333333333333, stddev = sqrt(s)/0.87962566103423978 = 0.32817952838642356 -> truncated_normal: mean = 0.0f, stddev = 0.32817954f"),
      new WeightInfo("t1", LayerType.CONV1D_TRANSPOSE, "bias", List.of(6), "zeros",
          6L, 6L, "constant", Double.NaN, Double.NaN, Double.NaN, 0.0, 0.0,
          "zeros: 0.0f"),
      new WeightInfo("c2", LayerType.CONV2D, "kernel", List.of(3, 1, 3, 4), "variance_scaling(scale=2.0, mode='fan_out', distribution='uniform')",
          9L, 12L, "uniform", -0.70710677f, 0.70710677f, Double.NaN, 0.0, 0.40824828347699116,
          "variance_scaling(scale=2.0, mode='fan_out', distribution='uniform'): fan_in = 3*1*3 = 9, fan_out = 3*1*4 = 12, s = 2.0/max(1, fan_out) = 0.16666666666666666, limit = sqrt(3*s) = 0.7071067811865476 -> uniform: minval = -0.70710677f, maxval = 0.70710677f, range = maxval - minval = 1.4142135f"),
      new WeightInfo("c2", LayerType.CONV2D, "bias", List.of(4), "zeros",
          4L, 4L, "constant", Double.NaN, Double.NaN, Double.NaN, 0.0, 0.0,
          "zeros: 0.0f"),
      new WeightInfo("t2", LayerType.CONV2D_TRANSPOSE, "kernel", List.of(2, 2, 5, 4), "glorot_uniform",
          20L, 16L, "uniform", -0.4082483f, 0.4082483f, Double.NaN, 0.0, 0.23570226897313765,
          "glorot_uniform: fan_in = 2*2*5 = 20, fan_out = 2*2*4 = 16, s = 1.0/max(1, fan_avg = (20 + 16)/2) = 0.05555555555555555, limit = sqrt(3*s) = 0.408248290463863 -> uniform: minval = -0.4082483f, maxval = 0.4082483f, range = maxval - minval = 0.8164966f"),
      new WeightInfo("dw", LayerType.DEPTHWISE_CONV2D, "kernel", List.of(3, 3, 5, 2), "truncated_normal(stddev=0.1, seed=9)",
          45L, 18L, "truncated_normal", -0.2f, 0.2f, 0.1f, 0.0, 0.08796256741416836,
          "truncated_normal(stddev=0.1, seed=9): truncated_normal: mean = 0.0f, stddev = 0.1f"),
      new WeightInfo("dw", LayerType.DEPTHWISE_CONV2D, "bias", List.of(10), "zeros",
          10L, 10L, "constant", Double.NaN, Double.NaN, Double.NaN, 0.0, 0.0,
          "zeros: 0.0f"),
      new WeightInfo("sep", LayerType.SEPARABLE_CONV2D, "depthwise_kernel", List.of(3, 3, 10, 1), "glorot_uniform",
          90L, 9L, "uniform", -0.24618298f, 0.24618298f, Double.NaN, 0.0, 0.1421338087066704,
          "glorot_uniform: fan_in = 3*3*10 = 90, fan_out = 3*3*1 = 9, s = 1.0/max(1, fan_avg = (90 + 9)/2) = 0.020202020202020204, limit = sqrt(3*s) = 0.24618298195866548 -> uniform: minval = -0.24618298f, maxval = 0.24618298f, range = maxval - minval = 0.49236596f"),
      new WeightInfo("sep", LayerType.SEPARABLE_CONV2D, "pointwise_kernel", List.of(1, 1, 10, 7), "he_uniform",
          10L, 7L, "uniform", -0.7745967f, 0.7745967f, Double.NaN, 0.0, 0.447213608138218,
          "he_uniform: fan_in = 1*1*10 = 10, fan_out = 1*1*7 = 7, s = 2.0/max(1, fan_in) = 0.2, limit = sqrt(3*s) = 0.7745966692414834 -> uniform: minval = -0.7745967f, maxval = 0.7745967f, range = maxval - minval = 1.5491934f"),
      new WeightInfo("sep", LayerType.SEPARABLE_CONV2D, "bias", List.of(7), "zeros",
          7L, 7L, "constant", Double.NaN, Double.NaN, Double.NaN, 0.0, 0.0,
          "zeros: 0.0f"),
      new WeightInfo("bn", LayerType.BATCH_NORMALIZATION, "gamma", List.of(7), "ones",
          7L, 7L, "constant", Double.NaN, Double.NaN, Double.NaN, 1.0, 0.0,
          "ones: 1.0f"),
      new WeightInfo("bn", LayerType.BATCH_NORMALIZATION, "moving_mean", List.of(7), "zeros",
          7L, 7L, "constant", Double.NaN, Double.NaN, Double.NaN, 0.0, 0.0,
          "zeros: 0.0f"),
      new WeightInfo("bn", LayerType.BATCH_NORMALIZATION, "moving_variance", List.of(7), "constant(value=2)",
          7L, 7L, "constant", Double.NaN, Double.NaN, Double.NaN, 2.0, 0.0,
          "constant(value=2): 2.0f"),
      new WeightInfo("c3", LayerType.CONV3D, "kernel", List.of(1, 2, 3, 2, 3), "glorot_normal",
          12L, 18L, "truncated_normal", -0.5870654f, 0.5870654f, 0.2935327f, 0.0, 0.2581988946978671,
          "glorot_normal: fan_in = 1*2*3*2 = 12, fan_out = 1*2*3*3 = 18, s = 1.0/max(1, fan_avg = (12 + 18)/2) = 0.06666666666666667, stddev = sqrt(s)/0.87962566103423978 = 0.29353269371834595 -> truncated_normal: mean = 0.0f, stddev = 0.2935327f"),
      new WeightInfo("c3", LayerType.CONV3D, "bias", List.of(3), "zeros",
          3L, 3L, "constant", Double.NaN, Double.NaN, Double.NaN, 0.0, 0.0,
          "zeros: 0.0f"),
      new WeightInfo("t3", LayerType.CONV3D_TRANSPOSE, "kernel", List.of(2, 2, 2, 2, 3), "glorot_uniform",
          16L, 24L, "uniform", -0.38729835f, 0.38729835f, Double.NaN, 0.0, 0.223606804069109,
          "glorot_uniform: fan_in = 2*2*2*2 = 16, fan_out = 2*2*2*3 = 24, s = 1.0/max(1, fan_avg = (16 + 24)/2) = 0.05, limit = sqrt(3*s) = 0.3872983346207417 -> uniform: minval = -0.38729835f, maxval = 0.38729835f, range = maxval - minval = 0.7745967f"),
      new WeightInfo("t3", LayerType.CONV3D_TRANSPOSE, "bias", List.of(2), "zeros",
          2L, 2L, "constant", Double.NaN, Double.NaN, Double.NaN, 0.0, 0.0,
          "zeros: 0.0f"),
      new WeightInfo("head", LayerType.DENSE, "kernel", List.of(2, 2), "identity(gain=0.5)",
          2L, 2L, "identity", Double.NaN, Double.NaN, Double.NaN, 0.25, 0.25,
          "identity(gain=0.5): 0.5f on the diagonal of 2x2"),
      new WeightInfo("head", LayerType.DENSE, "bias", List.of(2), "zeros",
          2L, 2L, "constant", Double.NaN, Double.NaN, Double.NaN, 0.0, 0.0,
          "zeros: 0.0f"));

  /**
   * The model summary: layers, shapes, parameter counts, initializers, fans, bounds or standard
   * deviations and predicted variance factors, as the class Javadoc shows it.
   */
  static final String SUMMARY = "Layer  Type                 Output       Params  Factor\n"
      + "c1     CONV1D               8 channels       56  0.4 linear\n"
      + "t1     CONV1D_TRANSPOSE     6 channels      102  1.33 linear\n"
      + "c2     CONV2D               4 channels       40  1.5 linear\n"
      + "t2     CONV2D_TRANSPOSE     5 channels       80  0.889 linear\n"
      + "dw     DEPTHWISE_CONV2D     10 channels     100  0.0696 linear\n"
      + "sep    SEPARABLE_CONV2D     7 channels      167  0.364 linear\n"
      + "bn     BATCH_NORMALIZATION  7 channels       21  reset\n"
      + "c3     CONV3D               3 channels       39  0.8 linear\n"
      + "t3     CONV3D_TRANSPOSE     2 channels       50  1.2 linear\n"
      + "head   DENSE                2 channels        6  0.25 linear\n"
      + "Total params: 661\n"
      + "Weights:\n"
      + "  c1.kernel (3, 2, 8) glorot_uniform: fan_in 6, fan_out 24, uniform [-0.447, 0.447)\n"
      + "  c1.bias (8,) constant(value=0.1): constant 0.1\n"
      + "  t1.kernel (2, 6, 8) lecun_normal(seed=1): fan_in 12, fan_out 16, truncated_normal stddev 0.328 cut to [-0.656, 0.656]\n"
      + "  t1.bias (6,) zeros: constant 0\n"
      + "  c2.kernel (3, 1, 3, 4) variance_scaling(scale=2.0, mode='fan_out', distribution='uniform'): fan_in 9, fan_out 12, uniform [-0.707, 0.707)\n"
      + "  c2.bias (4,) zeros: constant 0\n"
      + "  t2.kernel (2, 2, 5, 4) glorot_uniform: fan_in 20, fan_out 16, uniform [-0.408, 0.408)\n"
      + "  dw.kernel (3, 3, 5, 2) truncated_normal(stddev=0.1, seed=9): fan_in 45, fan_out 18, truncated_normal stddev 0.1 cut to [-0.2, 0.2]\n"
      + "  dw.bias (10,) zeros: constant 0\n"
      + "  sep.depthwise_kernel (3, 3, 10, 1) glorot_uniform: fan_in 90, fan_out 9, uniform [-0.246, 0.246)\n"
      + "  sep.pointwise_kernel (1, 1, 10, 7) he_uniform: fan_in 10, fan_out 7, uniform [-0.775, 0.775)\n"
      + "  sep.bias (7,) zeros: constant 0\n"
      + "  bn.gamma (7,) ones: constant 1\n"
      + "  bn.moving_mean (7,) zeros: constant 0\n"
      + "  bn.moving_variance (7,) constant(value=2): constant 2\n"
      + "  c3.kernel (1, 2, 3, 2, 3) glorot_normal: fan_in 12, fan_out 18, truncated_normal stddev 0.294 cut to [-0.587, 0.587]\n"
      + "  c3.bias (3,) zeros: constant 0\n"
      + "  t3.kernel (2, 2, 2, 2, 3) glorot_uniform: fan_in 16, fan_out 24, uniform [-0.387, 0.387)\n"
      + "  t3.bias (2,) zeros: constant 0\n"
      + "  head.kernel (2, 2) identity(gain=0.5): fan_in 2, fan_out 2, identity, mean 0.25, std 0.25\n"
      + "  head.bias (2,) zeros: constant 0\n"
      + "Predicted variance factors (fan * E[w^2] * activation gain):\n"
      + "  c1: 6 * 0.0667 * 1 (linear) = 0.4\n"
      + "  t1: 16 * 0.0833 * 1 (linear) = 1.33\n"
      + "  c2: 9 * 0.167 * 1 (linear) = 1.5\n"
      + "  t2: 16 * 0.0556 * 1 (linear) = 0.889\n"
      + "  dw: 9 * 0.00774 * 1 (linear) = 0.0696\n"
      + "  sep: 9 * 0.0202 * 10 * 0.2 * 1 (linear) = 0.364\n"
      + "  bn: batch normalization, resets to 1\n"
      + "  c3: 12 * 0.0667 * 1 (linear) = 0.8\n"
      + "  t3: 24 * 0.05 * 1 (linear) = 1.2\n"
      + "  head: 2 * 0.125 * 1 (linear) = 0.25\n"
      + "  run c1 to sep: 0.018 (2^-5.8)\n"
      + "  run c3 to head: 0.24 (2^-2.1)\n";

  /**
   * Python's {@code random}, for the default seeds Keras draws.
   */
  private final PythonRandom python = new PythonRandom();

  private final float[] c1Kernel;

  private final float[] c1Bias;

  private final float[] t1Kernel;

  private final float[] t1Bias;

  private final float[] c2Kernel;

  private final float[] c2Bias;

  private final float[] t2Kernel;

  private final float[] dwKernel;

  private final float[] dwBias;

  private final float[] sepDepthwiseKernel;

  private final float[] sepPointwiseKernel;

  private final float[] sepBias;

  private final float[] bnGamma;

  private final float[] bnMovingMean;

  private final float[] bnMovingVariance;

  private final float[] c3Kernel;

  private final float[] c3Bias;

  private final float[] t3Kernel;

  private final float[] t3Bias;

  private final float[] headKernel;

  private final float[] headBias;

  /**
   * One thread, the caller's: the single-threaded methods fill through it, with the kernels'
   * bits (it starts no thread and needs no closing).
   */
  private final ParallelInitializer serial = new ParallelInitializer(1);

  private long modelSeed;

  /**
   * Default seed of {@code c1.kernel_initializer} (glorot_uniform), drawn from the model seed.
   */
  private long c1KernelSeed;

  /**
   * Default seed of {@code c2.kernel_initializer} (variance_scaling(scale=2.0, mode='fan_out', distribution='uniform')), drawn from the model seed.
   */
  private long c2KernelSeed;

  /**
   * Default seed of {@code t2.kernel_initializer} (glorot_uniform), drawn from the model seed.
   */
  private long t2KernelSeed;

  /**
   * Default seed of {@code sep.depthwise_initializer} (glorot_uniform), drawn from the model seed.
   */
  private long sepDepthwiseKernelSeed;

  /**
   * Default seed of {@code sep.pointwise_initializer} (he_uniform), drawn from the model seed.
   */
  private long sepPointwiseKernelSeed;

  /**
   * Default seed of {@code c3.kernel_initializer} (glorot_normal), drawn from the model seed.
   */
  private long c3KernelSeed;

  /**
   * Default seed of {@code t3.kernel_initializer} (glorot_uniform), drawn from the model seed.
   */
  private long t3KernelSeed;

  /**
   * The model's weights objects, in declaration order.
   */
  private final List<LayerWeights> layers;

  /**
   * Layer {@code bn}'s weights, for its forward methods.
   */
  private final BatchNormWeights bnWeights;

  /**
   * Forward pass of layer {@code bn}, allocated once with its constants:
   *
   * <ul>
   *   <li>7 channels: the 7 filters of sep
   *   <li>layout CHANNELS_LAST: Keras' default, data_format="channels_last" (axis=-1)
   *   <li>momentum 0.9: @Layer(momentum): moving = moving * momentum + batch * (1 - momentum)
   *   <li>epsilon 1.001E-5: @Layer(epsilon), raised from 1.0E-5 to 1.001E-5
   *     as tf.nn.fused_batch_norm does (tf.keras 2 fuses whatever the epsilon)
   *   <li>moving update TF_KERAS2_FUSED: tf.keras 2 (@Model flavor TF_KERAS2) on a
   *     4-D input (the output of sep, SEPARABLE_CONV2D): the fused
   *     FusedBatchNormV3 update (rank 4 or 5, one channel axis, no renorm, virtual_batch_size
   *     or adjustment)
   * </ul>
   */
  private final BatchNorm bnNorm = BatchNorm.keras("bn", 7, ChannelLayout.CHANNELS_LAST,
      0.9, 1.001E-5, KerasMovingUpdate.TF_KERAS2_FUSED);

  /**
   * Shape of {@code sep}'s pointwise_kernel, for folding {@code bn} into it.
   */
  private final int[] bnFoldedShape = {1, 1, 10, 7};

  /**
   * Allocates every weight of {@code model}, assigns its {@code @Layer} fields and initializes them
   * with a model seed drawn at random (see {@link #modelSeed()}).
   */
  Zoo_Net_Layers(Zoo.Net model) {
    this(model, ThreadLocalRandom.current().nextLong(1L << 32));
  }

  /**
   * Allocates every weight of {@code model}, assigns its {@code @Layer} fields and initializes them
   * with {@code modelSeed}.
   *
   * @throws IllegalArgumentException if {@code modelSeed} is outside {@code [0, 2^32)}, before any field is
   *     assigned
   */
  Zoo_Net_Layers(Zoo.Net model, long modelSeed) {
    checkSeed(modelSeed);
    model.c1 = new ConvWeights("c1", new Parameter("kernel", 3, 2, 8), new Parameter("bias", 8));
    c1Kernel = model.c1.kernel();
    c1Bias = model.c1.bias();
    model.t1 = new ConvWeights("t1", new Parameter("kernel", 2, 6, 8), new Parameter("bias", 6));
    t1Kernel = model.t1.kernel();
    t1Bias = model.t1.bias();
    model.c2 = new ConvWeights("c2", new Parameter("kernel", 3, 1, 3, 4), new Parameter("bias", 4));
    c2Kernel = model.c2.kernel();
    c2Bias = model.c2.bias();
    model.t2 = new ConvWeights("t2", new Parameter("kernel", 2, 2, 5, 4));
    t2Kernel = model.t2.kernel();
    model.dw = new ConvWeights("dw", new Parameter("kernel", 3, 3, 5, 2), new Parameter("bias", 10));
    dwKernel = model.dw.kernel();
    dwBias = model.dw.bias();
    model.sep = new SeparableConvWeights("sep", new Parameter("depthwise_kernel", 3, 3, 10, 1), new Parameter("pointwise_kernel", 1, 1, 10, 7), new Parameter("bias", 7));
    sepDepthwiseKernel = model.sep.depthwiseKernel();
    sepPointwiseKernel = model.sep.pointwiseKernel();
    sepBias = model.sep.bias();
    model.bn = new BatchNormWeights("bn", new Parameter("gamma", 7), null, new Parameter("moving_mean", 7), new Parameter("moving_variance", 7));
    bnGamma = model.bn.gamma();
    bnMovingMean = model.bn.movingMean();
    bnMovingVariance = model.bn.movingVariance();
    model.c3 = new ConvWeights("c3", new Parameter("kernel", 1, 2, 3, 2, 3), new Parameter("bias", 3));
    c3Kernel = model.c3.kernel();
    c3Bias = model.c3.bias();
    model.t3 = new ConvWeights("t3", new Parameter("kernel", 2, 2, 2, 2, 3), new Parameter("bias", 2));
    t3Kernel = model.t3.kernel();
    t3Bias = model.t3.bias();
    model.head = new DenseWeights("head", new Parameter("kernel", 2, 2), new Parameter("bias", 2));
    headKernel = model.head.kernel();
    headBias = model.head.bias();
    layers = List.of(model.c1, model.t1, model.c2, model.t2, model.dw, model.sep, model.bn, model.c3, model.t3, model.head);
    bnWeights = model.bn;
    initialize(modelSeed);
  }

  /**
   * The model seed the weights were last initialized with.
   */
  @Override
  public long modelSeed() {
    return modelSeed;
  }

  /**
   * Re-initializes every weight in place with the current model seed.
   * Allocates nothing after warm-up.
   *
   * @return the model seed
   */
  @Override
  public long initialize() {
    return initialize(modelSeed);
  }

  /**
   * Re-initializes every weight in place with the current model seed, as {@link #initialize(long,
   * ParallelInitializer)} does.
   *
   * @return the model seed
   * @throws IllegalArgumentException if {@code parallel} is null or closed, before anything changes
   */
  @Override
  public long initialize(ParallelInitializer parallel) {
    return initialize(modelSeed, parallel);
  }

  /**
   * Re-initializes every weight in place as Keras would after {@code keras.utils.set_random_seed(modelSeed)}:
   * each random initializer without a seed of its own takes {@code random.randint(1, 10**9)} from
   * Python's {@code random}, in the order the layers' constructors create their initializers.
   * Allocates nothing after warm-up.
   *
   * @return {@code modelSeed}
   * @throws IllegalArgumentException if {@code modelSeed} is outside {@code [0, 2^32)}, before anything changes
   */
  @Override
  public long initialize(long modelSeed) {
    return initialize(modelSeed, serial);
  }

  /**
   * Re-initializes every weight in place as {@link #initialize(long)} does, with the same bits
   * whatever {@code parallel}'s thread count, filling large tensors on several threads.
   *
   * <p>Every {@code random_uniform}, {@code random_normal} and {@code truncated_normal} draw (the
   * variance-scaling initializers {@code he_*}, {@code glorot_*}, {@code lecun_*} included) goes through
   * {@code parallel}, which splits tensors of {@link ParallelInitializer#MIN_PARALLEL_ELEMENTS} or more
   * elements across its threads; constants, {@code identity} and {@code orthogonal} run on the
   * calling thread.
   *
   * <p>Allocates nothing on the calling thread after warm-up (with {@code new ParallelInitializer(threads)},
   * on no thread; an executor may allocate to queue the parts). {@code parallel} serves one
   * initialization at a time and stays open for the next; the caller closes it. {@link #modelSeed()}
   * becomes {@code modelSeed} once every weight is filled.
   *
   * @return {@code modelSeed}
   * @throws IllegalArgumentException if {@code modelSeed} is outside {@code [0, 2^32)}, or {@code parallel}
   *     is null or closed, before anything changes
   */
  @Override
  public long initialize(long modelSeed, ParallelInitializer parallel) {
    checkSeed(modelSeed);
    checkParallel(parallel);
    python.seed(modelSeed);
    // Keras builds the layers in field order; each unseeded random initializer draws one seed:
    c1KernelSeed = python.kerasDefaultSeed(); // c1.kernel_initializer = glorot_uniform
    c2KernelSeed = python.kerasDefaultSeed(); // c2.kernel_initializer = variance_scaling(scale=2.0, mode='fan_out', distribution='uniform')
    t2KernelSeed = python.kerasDefaultSeed(); // t2.kernel_initializer = glorot_uniform
    sepDepthwiseKernelSeed = python.kerasDefaultSeed(); // sep.depthwise_initializer = glorot_uniform
    sepPointwiseKernelSeed = python.kerasDefaultSeed(); // sep.pointwise_initializer = he_uniform
    c3KernelSeed = python.kerasDefaultSeed(); // c3.kernel_initializer = glorot_normal
    t3KernelSeed = python.kerasDefaultSeed(); // t3.kernel_initializer = glorot_uniform
    initC1(parallel);
    initT1(parallel);
    initC2(parallel);
    initT2(parallel);
    initDw(parallel);
    initSep(parallel);
    initBn();
    initC3(parallel);
    initT3(parallel);
    initHead();
    this.modelSeed = modelSeed;
    return modelSeed;
  }

  /**
   * Layer {@code c1}: CONV1D, 8 filters, size-3 kernel, 4 input channels, 2 groups.
   *
   * <p>Fills its weights in place with the seeds of the current model seed. Allocates
   * nothing.
   *
   * <p>Predicted at compile time: 56 parameters; linear, predicted variance factor 0.4 (see {@link #SUMMARY}).
   *
   * <p>On the calling thread alone: {@link #initC1(ParallelInitializer)} with one thread.
   */
  void initC1() {
    initC1(serial);
  }

  /**
   * As {@link #initC1()}, with the same bits, its random uniform and normal tensors filled through
   * {@code parallel} (see {@link #initialize(long, ParallelInitializer)}). Allocates nothing on the
   * calling thread.
   *
   * @throws IllegalArgumentException if {@code parallel} is null or closed, before anything changes
   */
  void initC1(ParallelInitializer parallel) {
    checkParallel(parallel);
    // kernel (3, 2, 8), 48 values: glorot_uniform: fan_in = 3*2 = 6, fan_out = 3*8 = 24, s = 1.0/max(1, fan_avg = (6 + 24)/2) = 0.06666666666666667, limit = sqrt(3*s) = 0.4472135954999579 -> uniform: minval = -0.4472136f, maxval = 0.4472136f, range = maxval - minval = 0.8944272f
    parallel.kerasUniform(c1Kernel, 0, 48, 0L, KerasRandom.seedPairFirst(c1KernelSeed, FLAVOR), 0L, -0.4472136f, 0.8944272f);
    // bias (8,), 8 values: constant(value=0.1): 0.1f
    Fill.constant(c1Bias, 0, 8, 0.1f);
  }

  /**
   * Layer {@code t1}: CONV1D_TRANSPOSE, 6 filters, size-2 kernel, 8 input channels (the 8 filters of c1).
   *
   * <p>Fills its weights in place with the seeds of the current model seed. Allocates
   * nothing.
   *
   * <p>Predicted at compile time: 102 parameters; linear, predicted variance factor 1.33 (see {@link #SUMMARY}).
   *
   * <p>On the calling thread alone: {@link #initT1(ParallelInitializer)} with one thread.
   */
  void initT1() {
    initT1(serial);
  }

  /**
   * As {@link #initT1()}, with the same bits, its random uniform and normal tensors filled through
   * {@code parallel} (see {@link #initialize(long, ParallelInitializer)}). Allocates nothing on the
   * calling thread.
   *
   * @throws IllegalArgumentException if {@code parallel} is null or closed, before anything changes
   */
  void initT1(ParallelInitializer parallel) {
    checkParallel(parallel);
    // kernel (2, 6, 8), 96 values: lecun_normal(seed=1): fan_in = 2*6 = 12, fan_out = 2*8 = 16, s = 1.0/max(1, fan_in) = 0.08333333333333333, stddev = sqrt(s)/0.87962566103423978 = 0.32817952838642356 -> truncated_normal: mean = 0.0f, stddev = 0.32817954f
    parallel.kerasTruncatedNormal(t1Kernel, 0, 96, 0L, 1L /* KerasRandom.seedPairFirst(1L, KerasFlavor.TF_KERAS2) */, 0L, 0.0f, 0.32817954f);
    // bias (6,), 6 values: zeros: 0.0f
    Fill.constant(t1Bias, 0, 6, 0.0f);
  }

  /**
   * Layer {@code c2}: CONV2D, 4 filters, 3x1 kernel, 3 input channels.
   *
   * <p>Fills its weights in place with the seeds of the current model seed. Allocates
   * nothing.
   *
   * <p>Predicted at compile time: 40 parameters; linear, predicted variance factor 1.5 (see {@link #SUMMARY}).
   *
   * <p>On the calling thread alone: {@link #initC2(ParallelInitializer)} with one thread.
   */
  void initC2() {
    initC2(serial);
  }

  /**
   * As {@link #initC2()}, with the same bits, its random uniform and normal tensors filled through
   * {@code parallel} (see {@link #initialize(long, ParallelInitializer)}). Allocates nothing on the
   * calling thread.
   *
   * @throws IllegalArgumentException if {@code parallel} is null or closed, before anything changes
   */
  void initC2(ParallelInitializer parallel) {
    checkParallel(parallel);
    // kernel (3, 1, 3, 4), 36 values: variance_scaling(scale=2.0, mode='fan_out', distribution='uniform'): fan_in = 3*1*3 = 9, fan_out = 3*1*4 = 12, s = 2.0/max(1, fan_out) = 0.16666666666666666, limit = sqrt(3*s) = 0.7071067811865476 -> uniform: minval = -0.70710677f, maxval = 0.70710677f, range = maxval - minval = 1.4142135f
    parallel.kerasUniform(c2Kernel, 0, 36, 0L, KerasRandom.seedPairFirst(c2KernelSeed, FLAVOR), 0L, -0.70710677f, 1.4142135f);
    // bias (4,), 4 values: zeros: 0.0f
    Fill.constant(c2Bias, 0, 4, 0.0f);
  }

  /**
   * Layer {@code t2}: CONV2D_TRANSPOSE, 5 filters, 2x2 kernel, 4 input channels (the 4 filters of c2).
   *
   * <p>Fills its weights in place with the seeds of the current model seed. Allocates
   * nothing.
   *
   * <p>Predicted at compile time: 80 parameters; linear, predicted variance factor 0.889 (see {@link #SUMMARY}).
   *
   * <p>On the calling thread alone: {@link #initT2(ParallelInitializer)} with one thread.
   */
  void initT2() {
    initT2(serial);
  }

  /**
   * As {@link #initT2()}, with the same bits, its random uniform and normal tensors filled through
   * {@code parallel} (see {@link #initialize(long, ParallelInitializer)}). Allocates nothing on the
   * calling thread.
   *
   * @throws IllegalArgumentException if {@code parallel} is null or closed, before anything changes
   */
  void initT2(ParallelInitializer parallel) {
    checkParallel(parallel);
    // kernel (2, 2, 5, 4), 80 values: glorot_uniform: fan_in = 2*2*5 = 20, fan_out = 2*2*4 = 16, s = 1.0/max(1, fan_avg = (20 + 16)/2) = 0.05555555555555555, limit = sqrt(3*s) = 0.408248290463863 -> uniform: minval = -0.4082483f, maxval = 0.4082483f, range = maxval - minval = 0.8164966f
    parallel.kerasUniform(t2Kernel, 0, 80, 0L, KerasRandom.seedPairFirst(t2KernelSeed, FLAVOR), 0L, -0.4082483f, 0.8164966f);
  }

  /**
   * Layer {@code dw}: DEPTHWISE_CONV2D, depth multiplier 2, 3x3 kernel, 5 input channels (the 5 filters of t2).
   *
   * <p>Fills its weights in place with the seeds of the current model seed. Allocates
   * nothing.
   *
   * <p>Predicted at compile time: 100 parameters; linear, predicted variance factor 0.0696 (see {@link #SUMMARY}).
   *
   * <p>On the calling thread alone: {@link #initDw(ParallelInitializer)} with one thread.
   */
  void initDw() {
    initDw(serial);
  }

  /**
   * As {@link #initDw()}, with the same bits, its random uniform and normal tensors filled through
   * {@code parallel} (see {@link #initialize(long, ParallelInitializer)}). Allocates nothing on the
   * calling thread.
   *
   * @throws IllegalArgumentException if {@code parallel} is null or closed, before anything changes
   */
  void initDw(ParallelInitializer parallel) {
    checkParallel(parallel);
    // kernel (3, 3, 5, 2), 90 values: truncated_normal(stddev=0.1, seed=9): truncated_normal: mean = 0.0f, stddev = 0.1f
    parallel.kerasTruncatedNormal(dwKernel, 0, 90, 0L, 9L /* KerasRandom.seedPairFirst(9L, KerasFlavor.TF_KERAS2) */, 0L, 0.0f, 0.1f);
    // bias (10,), 10 values: zeros: 0.0f
    Fill.constant(dwBias, 0, 10, 0.0f);
  }

  /**
   * Layer {@code sep}: SEPARABLE_CONV2D, 7 filters, depth multiplier 1, 3x3 kernel, 10 input channels (the 5*2 = 10 outputs of dw).
   *
   * <p>Fills its weights in place with the seeds of the current model seed. Allocates
   * nothing.
   *
   * <p>Predicted at compile time: 167 parameters; linear, predicted variance factor 0.364 (see {@link #SUMMARY}).
   *
   * <p>On the calling thread alone: {@link #initSep(ParallelInitializer)} with one thread.
   */
  void initSep() {
    initSep(serial);
  }

  /**
   * As {@link #initSep()}, with the same bits, its random uniform and normal tensors filled through
   * {@code parallel} (see {@link #initialize(long, ParallelInitializer)}). Allocates nothing on the
   * calling thread.
   *
   * @throws IllegalArgumentException if {@code parallel} is null or closed, before anything changes
   */
  void initSep(ParallelInitializer parallel) {
    checkParallel(parallel);
    // depthwise_kernel (3, 3, 10, 1), 90 values: glorot_uniform: fan_in = 3*3*10 = 90, fan_out = 3*3*1 = 9, s = 1.0/max(1, fan_avg = (90 + 9)/2) = 0.020202020202020204, limit = sqrt(3*s) = 0.24618298195866548 -> uniform: minval = -0.24618298f, maxval = 0.24618298f, range = maxval - minval = 0.49236596f
    parallel.kerasUniform(sepDepthwiseKernel, 0, 90, 0L, KerasRandom.seedPairFirst(sepDepthwiseKernelSeed, FLAVOR), 0L, -0.24618298f, 0.49236596f);
    // pointwise_kernel (1, 1, 10, 7), 70 values: he_uniform: fan_in = 1*1*10 = 10, fan_out = 1*1*7 = 7, s = 2.0/max(1, fan_in) = 0.2, limit = sqrt(3*s) = 0.7745966692414834 -> uniform: minval = -0.7745967f, maxval = 0.7745967f, range = maxval - minval = 1.5491934f
    parallel.kerasUniform(sepPointwiseKernel, 0, 70, 0L, KerasRandom.seedPairFirst(sepPointwiseKernelSeed, FLAVOR), 0L, -0.7745967f, 1.5491934f);
    // bias (7,), 7 values: zeros: 0.0f
    Fill.constant(sepBias, 0, 7, 0.0f);
  }

  /**
   * Layer {@code bn}: BATCH_NORMALIZATION over 7 channels, epsilon 1.0E-5, momentum 0.9 (the 7 filters of sep).
   *
   * <p>Fills its weights in place with the seeds of the current model seed. Allocates
   * nothing.
   *
   * <p>Predicted at compile time: 21 parameters (see {@link #SUMMARY}).
   */
  void initBn() {
    // gamma (7,), 7 values: ones: 1.0f
    Fill.constant(bnGamma, 0, 7, 1.0f);
    // moving_mean (7,), 7 values: zeros: 0.0f
    Fill.constant(bnMovingMean, 0, 7, 0.0f);
    // moving_variance (7,), 7 values: constant(value=2): 2.0f
    Fill.constant(bnMovingVariance, 0, 7, 2.0f);
  }

  /**
   * Layer {@code c3}: CONV3D, 3 filters, 1x2x3 kernel, 2 input channels.
   *
   * <p>Fills its weights in place with the seeds of the current model seed. Allocates
   * nothing.
   *
   * <p>Predicted at compile time: 39 parameters; linear, predicted variance factor 0.8 (see {@link #SUMMARY}).
   *
   * <p>On the calling thread alone: {@link #initC3(ParallelInitializer)} with one thread.
   */
  void initC3() {
    initC3(serial);
  }

  /**
   * As {@link #initC3()}, with the same bits, its random uniform and normal tensors filled through
   * {@code parallel} (see {@link #initialize(long, ParallelInitializer)}). Allocates nothing on the
   * calling thread.
   *
   * @throws IllegalArgumentException if {@code parallel} is null or closed, before anything changes
   */
  void initC3(ParallelInitializer parallel) {
    checkParallel(parallel);
    // kernel (1, 2, 3, 2, 3), 36 values: glorot_normal: fan_in = 1*2*3*2 = 12, fan_out = 1*2*3*3 = 18, s = 1.0/max(1, fan_avg = (12 + 18)/2) = 0.06666666666666667, stddev = sqrt(s)/0.87962566103423978 = 0.29353269371834595 -> truncated_normal: mean = 0.0f, stddev = 0.2935327f
    parallel.kerasTruncatedNormal(c3Kernel, 0, 36, 0L, KerasRandom.seedPairFirst(c3KernelSeed, FLAVOR), 0L, 0.0f, 0.2935327f);
    // bias (3,), 3 values: zeros: 0.0f
    Fill.constant(c3Bias, 0, 3, 0.0f);
  }

  /**
   * Layer {@code t3}: CONV3D_TRANSPOSE, 2 filters, 2x2x2 kernel, 3 input channels (the 3 filters of c3).
   *
   * <p>Fills its weights in place with the seeds of the current model seed. Allocates
   * nothing.
   *
   * <p>Predicted at compile time: 50 parameters; linear, predicted variance factor 1.2 (see {@link #SUMMARY}).
   *
   * <p>On the calling thread alone: {@link #initT3(ParallelInitializer)} with one thread.
   */
  void initT3() {
    initT3(serial);
  }

  /**
   * As {@link #initT3()}, with the same bits, its random uniform and normal tensors filled through
   * {@code parallel} (see {@link #initialize(long, ParallelInitializer)}). Allocates nothing on the
   * calling thread.
   *
   * @throws IllegalArgumentException if {@code parallel} is null or closed, before anything changes
   */
  void initT3(ParallelInitializer parallel) {
    checkParallel(parallel);
    // kernel (2, 2, 2, 2, 3), 48 values: glorot_uniform: fan_in = 2*2*2*2 = 16, fan_out = 2*2*2*3 = 24, s = 1.0/max(1, fan_avg = (16 + 24)/2) = 0.05, limit = sqrt(3*s) = 0.3872983346207417 -> uniform: minval = -0.38729835f, maxval = 0.38729835f, range = maxval - minval = 0.7745967f
    parallel.kerasUniform(t3Kernel, 0, 48, 0L, KerasRandom.seedPairFirst(t3KernelSeed, FLAVOR), 0L, -0.38729835f, 0.7745967f);
    // bias (2,), 2 values: zeros: 0.0f
    Fill.constant(t3Bias, 0, 2, 0.0f);
  }

  /**
   * Layer {@code head}: DENSE, 2 units, 2 input features (the 2 filters of t3).
   *
   * <p>Fills its weights in place with the seeds of the current model seed. Allocates
   * nothing.
   *
   * <p>Predicted at compile time: 6 parameters; linear, predicted variance factor 0.25 (see {@link #SUMMARY}).
   */
  void initHead() {
    // kernel (2, 2), 4 values: identity(gain=0.5): 0.5f on the diagonal of 2x2
    Fill.identity(headKernel, 0, 2, 2, 0.5f);
    // bias (2,), 2 values: zeros: 0.0f
    Fill.constant(headBias, 0, 2, 0.0f);
  }

  /**
   * The weights objects assigned to the model's {@code @Layer} fields, in declaration order.
   */
  @Override
  public List<LayerWeights> layers() {
    return layers;
  }

  /**
   * Every weight with its initializer, fans, distribution and theoretical mean and standard
   * deviation, layer by layer; for summaries.
   */
  @Override
  public List<WeightInfo> weights() {
    return WEIGHTS;
  }

  /**
   * Saves every weight to {@code file} in the format its name ends in ({@code .npz} or
   * {@code .safetensors}), under Keras' weight paths ({@code c1/kernel, c1/bias, t1/kernel, ...}),
   * with {@link #metadata()}. Values are float32, bit-exact. The file is written to a temporary file
   * that replaces {@code file} when complete.
   *
   * @throws IllegalArgumentException if the name ends in neither, before anything is written
   * @throws IOException if writing fails
   */
  public void save(Path file) throws IOException {
    WeightFiles.save(file, layers, Convention.KERAS, metadata());
  }

  /**
   * Saves every weight to {@code file} in {@code format}, whatever the file is called; see
   * {@link #save(Path)}.
   *
   * @throws IOException if writing fails
   */
  public void save(Path file, WeightsFormat format) throws IOException {
    WeightFiles.save(file, format, layers, Convention.KERAS, metadata());
  }

  /**
   * Loads every weight from {@code file}, in the format its name ends in ({@code .npz} or
   * {@code .safetensors}), as {@link #save(Path)}, NumPy or PyTorch tools write it: under
   * Keras' weight paths ({@code c1/kernel, c1/bias, t1/kernel, ...}).
   * The whole file is checked first; if it is damaged or does not match this model exactly (missing or
   * extra tensors, another shape or dtype, the other convention), no weight changes.
   * {@link #modelSeed()} stays as it is; the file's own seed is in the returned metadata.
   *
   * @return the file's metadata pairs, empty if it has none
   *     ({@link WeightsMetadata#fromMap} reads nninit's)
   * @throws io.nninit.runtime.io.WeightsFormatException if the file cannot be loaded into this model; nothing changed
   * @throws IllegalArgumentException if the name ends in neither extension
   * @throws IOException if reading fails
   */
  public Map<String, String> load(Path file) throws IOException {
    return WeightFiles.load(file, layers, Convention.KERAS);
  }

  /**
   * Loads every weight from {@code file} in {@code format}, whatever the file is called; see
   * {@link #load(Path)}.
   *
   * @return the file's metadata pairs
   * @throws io.nninit.runtime.io.WeightsFormatException if the file cannot be loaded into this model; nothing changed
   * @throws IOException if reading fails
   */
  public Map<String, String> load(Path file, WeightsFormat format) throws IOException {
    return WeightFiles.load(file, format, layers, Convention.KERAS);
  }

  /**
   * What {@link #save(Path)} records besides the weights: the nninit runtime's version, the current
   * model seed and each layer's initializers.
   */
  public WeightsMetadata metadata() {
    Map<String, String> initializers = new LinkedHashMap<>();
    initializers.put("c1", "kernel=glorot_uniform, bias=constant(value=0.1)");
    initializers.put("t1", "kernel=lecun_normal(seed=1), bias=zeros");
    initializers.put("c2", "kernel=variance_scaling(scale=2.0, mode='fan_out', distribution='uniform'), bias=zeros");
    initializers.put("t2", "kernel=glorot_uniform");
    initializers.put("dw", "kernel=truncated_normal(stddev=0.1, seed=9), bias=zeros");
    initializers.put("sep", "depthwise_kernel=glorot_uniform, pointwise_kernel=he_uniform, bias=zeros");
    initializers.put("bn", "gamma=ones, moving_mean=zeros, moving_variance=constant(value=2)");
    initializers.put("c3", "kernel=glorot_normal, bias=zeros");
    initializers.put("t3", "kernel=glorot_uniform, bias=zeros");
    initializers.put("head", "kernel=identity(gain=0.5), bias=zeros");
    return new WeightsMetadata(NninitVersion.current(), modelSeed, initializers);
  }

  /**
   * Layer {@code bn} in inference mode ({@code training=False}): per channel
   * {@code y = (x - mean) / sqrt(variance + epsilon) * gamma + beta} with the moving statistics.
   * Changes no weight. Allocates nothing after warm-up.
   *
   * <p>The per-channel scale and shift are derived from the weights on every call, so changed
   * weights (re-initialized, loaded, trained) are always seen; there is nothing to refresh.
   *
   * <p>Outputs within rtol 1e-5 / atol 1e-6 of TensorFlow 2.18, not bit-exact; the moving
   * statistics are only read.
   *
   * @param x the input, {@code batch * 7 * spatial} values, {@code (batch, spatial..., 7)}
   * @param y the output, as long as {@code x}; may be {@code x} (in place)
   * @param batch the batch size, {@code > 0}
   * @param spatial the product of the spatial dimensions, 1 for a 2-D input
   * @throws IllegalArgumentException naming layer {@code bn} when an array length or size is
   *     wrong, before anything is written
   */
  void bnInference(float[] x, float[] y, int batch, int spatial) {
    bnNorm.inference(bnWeights, x, y, batch, spatial);
  }

  /**
   * Layer {@code bn} in training mode ({@code training=True}): normalizes with the batch mean
   * and biased variance, then updates the moving statistics and counts the batch in
   * {@code numBatchesTracked()}. Moving statistics: tf.keras 2 fused,
   * {@code moving = (1 - f) * moving + f * batch} with {@code f = 1 - momentum} and the
   * unbiased batch variance.
   * Allocates nothing after warm-up.
   *
   * <p>The per-channel scale and shift are derived from the weights on every call, so changed
   * weights (re-initialized, loaded, trained) are always seen; there is nothing to refresh.
   *
   * <p>Within rtol 1e-5 / atol 1e-6 of TensorFlow 2.18 (outputs and updated moving
   * statistics); not bit-exact.
   *
   * @param x the input, {@code batch * 7 * spatial} values, {@code (batch, spatial..., 7)}
   * @param y the output, as long as {@code x}; may be {@code x} (in place)
   * @param batch the batch size, {@code > 0}
   * @param spatial the product of the spatial dimensions, 1 for a 2-D input
   * @throws IllegalArgumentException naming layer {@code bn} when an array length or size is
   *     wrong, before anything is written
   */
  void bnTraining(float[] x, float[] y, int batch, int spatial) {
    bnNorm.training(bnWeights, x, y, batch, spatial);
  }

  /**
   * Folds layer {@code bn}, in inference mode, into layer {@code sep} before it: writes sep's
   * pointwise_kernel and a bias such that the folded layer alone equals {@code sep} followed by
   * {@code bnInference}. Per output channel {@code s = gamma / sqrt(moving_variance + 1.001E-5)},
   * {@code kernel' = kernel * s}, {@code bias' = (bias - moving_mean) * s + beta}, from the
   * current weights. Within about 1e-5 relative of the unfolded pair (float rounding), not bit
   * for bit. Allocates nothing after warm-up.
   *
   * @param kernelOut receives the folded kernel, 70 values shaped as sep's pointwise_kernel (1, 1, 10, 7);
   *     may be {@code sep}'s own (in place)
   * @param biasOut receives the folded bias, 7 values (one per channel)
   * @throws IllegalArgumentException naming both layers when a length is wrong, before anything
   *     is written
   */
  void foldBnIntoSep(float[] kernelOut, float[] biasOut) {
    checkFoldOutput("folding bn into sep", "kernelOut", kernelOut, 70,
        "sep's pointwise_kernel (1, 1, 10, 7)");
    checkFoldOutput("folding bn into sep", "biasOut", biasOut, 7,
        "one value per channel of bn");
    BatchNormFolding.fold(FoldedKernelLayout.KERAS, bnFoldedShape, 1,
        sepPointwiseKernel, sepBias, bnWeights, 1.001E-5, kernelOut, biasOut);
  }

  private static void checkFoldOutput(String fold, String name, float[] array, int expected,
      String what) {
    if (array == null || array.length != expected) {
      throw new IllegalArgumentException(fold + ": " + name + " must hold " + what + ", " + expected
          + " values, but " + (array == null ? "is null" : "has " + array.length)
          + "; pass a float[" + expected + "]");
    }
  }

  private static void checkParallel(ParallelInitializer parallel) {
    if (parallel == null) {
      throw new IllegalArgumentException("parallel is null; pass a ParallelInitializer, e.g. new ParallelInitializer(Runtime.getRuntime().availableProcessors()), or call the method without it to fill on the calling thread");
    }
    parallel.checkOpen();
  }

  private static void checkSeed(long modelSeed) {
    if (modelSeed < 0L || modelSeed > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("model seed must be in [0, 2^32), as keras.utils.set_random_seed takes it here, was " + modelSeed + "; pass a value from 0 to 4294967295");
    }
  }
}
