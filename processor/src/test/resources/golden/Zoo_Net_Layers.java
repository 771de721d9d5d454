package test;

import io.nninit.annotation.KerasFlavor;
import io.nninit.runtime.BatchNormWeights;
import io.nninit.runtime.ConvWeights;
import io.nninit.runtime.DenseWeights;
import io.nninit.runtime.Fill;
import io.nninit.runtime.KerasRandom;
import io.nninit.runtime.ModelInitializer;
import io.nninit.runtime.Parameter;
import io.nninit.runtime.PythonRandom;
import io.nninit.runtime.SeparableConvWeights;
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
 * <p>Bit-exact with Keras on TF CPU (Linux/glibc) except {@code orthogonal}, which is within
 * 1e-5 * max(1, gain) of TF's QR. After construction nothing allocates.
 */
@Generated("io.nninit.processor.ModelProcessor")
final class Zoo_Net_Layers implements ModelInitializer {
  private static final KerasFlavor FLAVOR = KerasFlavor.TF_KERAS2;

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
   * Re-initializes every weight in place with the current model seed. Allocates nothing.
   *
   * @return the model seed
   */
  @Override
  public long initialize() {
    return initialize(modelSeed);
  }

  /**
   * Re-initializes every weight in place as Keras would after {@code keras.utils.set_random_seed(modelSeed)}:
   * each random initializer without a seed of its own takes {@code random.randint(1, 10**9)} from
   * Python's {@code random}, in the order the layers' constructors create their initializers.
   * Allocates nothing.
   *
   * @return {@code modelSeed}
   * @throws IllegalArgumentException if {@code modelSeed} is outside {@code [0, 2^32)}, before anything changes
   */
  @Override
  public long initialize(long modelSeed) {
    checkSeed(modelSeed);
    this.modelSeed = modelSeed;
    python.seed(modelSeed);
    // Keras builds the layers in field order; each unseeded random initializer draws one seed:
    c1KernelSeed = python.kerasDefaultSeed(); // c1.kernel_initializer = glorot_uniform
    c2KernelSeed = python.kerasDefaultSeed(); // c2.kernel_initializer = variance_scaling(scale=2.0, mode='fan_out', distribution='uniform')
    t2KernelSeed = python.kerasDefaultSeed(); // t2.kernel_initializer = glorot_uniform
    sepDepthwiseKernelSeed = python.kerasDefaultSeed(); // sep.depthwise_initializer = glorot_uniform
    sepPointwiseKernelSeed = python.kerasDefaultSeed(); // sep.pointwise_initializer = he_uniform
    c3KernelSeed = python.kerasDefaultSeed(); // c3.kernel_initializer = glorot_normal
    t3KernelSeed = python.kerasDefaultSeed(); // t3.kernel_initializer = glorot_uniform
    initC1();
    initT1();
    initC2();
    initT2();
    initDw();
    initSep();
    initBn();
    initC3();
    initT3();
    initHead();
    return modelSeed;
  }

  /**
   * Layer {@code c1}: CONV1D, 8 filters, size-3 kernel, 4 input channels, 2 groups.
   *
   * <p>Fills its weights in place with the seeds of the current model seed. Allocates
   * nothing.
   */
  void initC1() {
    // kernel (3, 2, 8), 48 values: glorot_uniform: fan_in = 3*2 = 6, fan_out = 3*8 = 24, s = 1.0/max(1, fan_avg = (6 + 24)/2) = 0.06666666666666667, limit = sqrt(3*s) = 0.4472135954999579 -> uniform: minval = -0.4472136f, maxval = 0.4472136f, range = maxval - minval = 0.8944272f
    KerasRandom.uniform(c1Kernel, 0, 48, KerasRandom.seedPairFirst(c1KernelSeed, FLAVOR), 0L, -0.4472136f, 0.8944272f);
    // bias (8,), 8 values: constant(value=0.1): 0.1f
    Fill.constant(c1Bias, 0, 8, 0.1f);
  }

  /**
   * Layer {@code t1}: CONV1D_TRANSPOSE, 6 filters, size-2 kernel, 8 input channels (the 8 filters of c1).
   *
   * <p>Fills its weights in place with the seeds of the current model seed. Allocates
   * nothing.
   */
  void initT1() {
    // kernel (2, 6, 8), 96 values: lecun_normal(seed=1): fan_in = 2*6 = 12, fan_out = 2*8 = 16, s = 1.0/max(1, fan_in) = 0.08333333333333333, stddev = sqrt(s)/0.87962566103423978 = 0.32817952838642356 -> truncated_normal: mean = 0.0f, stddev = 0.32817954f
    KerasRandom.truncatedNormal(t1Kernel, 0, 96, KerasRandom.seedPairFirst(1L, FLAVOR), 0L, 0.0f, 0.32817954f);
    // bias (6,), 6 values: zeros: 0.0f
    Fill.constant(t1Bias, 0, 6, 0.0f);
  }

  /**
   * Layer {@code c2}: CONV2D, 4 filters, 3x1 kernel, 3 input channels.
   *
   * <p>Fills its weights in place with the seeds of the current model seed. Allocates
   * nothing.
   */
  void initC2() {
    // kernel (3, 1, 3, 4), 36 values: variance_scaling(scale=2.0, mode='fan_out', distribution='uniform'): fan_in = 3*1*3 = 9, fan_out = 3*1*4 = 12, s = 2.0/max(1, fan_out) = 0.16666666666666666, limit = sqrt(3*s) = 0.7071067811865476 -> uniform: minval = -0.70710677f, maxval = 0.70710677f, range = maxval - minval = 1.4142135f
    KerasRandom.uniform(c2Kernel, 0, 36, KerasRandom.seedPairFirst(c2KernelSeed, FLAVOR), 0L, -0.70710677f, 1.4142135f);
    // bias (4,), 4 values: zeros: 0.0f
    Fill.constant(c2Bias, 0, 4, 0.0f);
  }

  /**
   * Layer {@code t2}: CONV2D_TRANSPOSE, 5 filters, 2x2 kernel, 4 input channels (the 4 filters of c2).
   *
   * <p>Fills its weights in place with the seeds of the current model seed. Allocates
   * nothing.
   */
  void initT2() {
    // kernel (2, 2, 5, 4), 80 values: glorot_uniform: fan_in = 2*2*5 = 20, fan_out = 2*2*4 = 16, s = 1.0/max(1, fan_avg = (20 + 16)/2) = 0.05555555555555555, limit = sqrt(3*s) = 0.408248290463863 -> uniform: minval = -0.4082483f, maxval = 0.4082483f, range = maxval - minval = 0.8164966f
    KerasRandom.uniform(t2Kernel, 0, 80, KerasRandom.seedPairFirst(t2KernelSeed, FLAVOR), 0L, -0.4082483f, 0.8164966f);
  }

  /**
   * Layer {@code dw}: DEPTHWISE_CONV2D, depth multiplier 2, 3x3 kernel, 5 input channels (the 5 filters of t2).
   *
   * <p>Fills its weights in place with the seeds of the current model seed. Allocates
   * nothing.
   */
  void initDw() {
    // kernel (3, 3, 5, 2), 90 values: truncated_normal(stddev=0.1, seed=9): truncated_normal: mean = 0.0f, stddev = 0.1f
    KerasRandom.truncatedNormal(dwKernel, 0, 90, KerasRandom.seedPairFirst(9L, FLAVOR), 0L, 0.0f, 0.1f);
    // bias (10,), 10 values: zeros: 0.0f
    Fill.constant(dwBias, 0, 10, 0.0f);
  }

  /**
   * Layer {@code sep}: SEPARABLE_CONV2D, 7 filters, depth multiplier 1, 3x3 kernel, 10 input channels (the 5*2 = 10 outputs of dw).
   *
   * <p>Fills its weights in place with the seeds of the current model seed. Allocates
   * nothing.
   */
  void initSep() {
    // depthwise_kernel (3, 3, 10, 1), 90 values: glorot_uniform: fan_in = 3*3*10 = 90, fan_out = 3*3*1 = 9, s = 1.0/max(1, fan_avg = (90 + 9)/2) = 0.020202020202020204, limit = sqrt(3*s) = 0.24618298195866548 -> uniform: minval = -0.24618298f, maxval = 0.24618298f, range = maxval - minval = 0.49236596f
    KerasRandom.uniform(sepDepthwiseKernel, 0, 90, KerasRandom.seedPairFirst(sepDepthwiseKernelSeed, FLAVOR), 0L, -0.24618298f, 0.49236596f);
    // pointwise_kernel (1, 1, 10, 7), 70 values: he_uniform: fan_in = 1*1*10 = 10, fan_out = 1*1*7 = 7, s = 2.0/max(1, fan_in) = 0.2, limit = sqrt(3*s) = 0.7745966692414834 -> uniform: minval = -0.7745967f, maxval = 0.7745967f, range = maxval - minval = 1.5491934f
    KerasRandom.uniform(sepPointwiseKernel, 0, 70, KerasRandom.seedPairFirst(sepPointwiseKernelSeed, FLAVOR), 0L, -0.7745967f, 1.5491934f);
    // bias (7,), 7 values: zeros: 0.0f
    Fill.constant(sepBias, 0, 7, 0.0f);
  }

  /**
   * Layer {@code bn}: BATCH_NORMALIZATION over 7 channels, epsilon 1.0E-5, momentum 0.9 (the 7 filters of sep).
   *
   * <p>Fills its weights in place with the seeds of the current model seed. Allocates
   * nothing.
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
   */
  void initC3() {
    // kernel (1, 2, 3, 2, 3), 36 values: glorot_normal: fan_in = 1*2*3*2 = 12, fan_out = 1*2*3*3 = 18, s = 1.0/max(1, fan_avg = (12 + 18)/2) = 0.06666666666666667, stddev = sqrt(s)/0.87962566103423978 = 0.29353269371834595 -> truncated_normal: mean = 0.0f, stddev = 0.2935327f
    KerasRandom.truncatedNormal(c3Kernel, 0, 36, KerasRandom.seedPairFirst(c3KernelSeed, FLAVOR), 0L, 0.0f, 0.2935327f);
    // bias (3,), 3 values: zeros: 0.0f
    Fill.constant(c3Bias, 0, 3, 0.0f);
  }

  /**
   * Layer {@code t3}: CONV3D_TRANSPOSE, 2 filters, 2x2x2 kernel, 3 input channels (the 3 filters of c3).
   *
   * <p>Fills its weights in place with the seeds of the current model seed. Allocates
   * nothing.
   */
  void initT3() {
    // kernel (2, 2, 2, 2, 3), 48 values: glorot_uniform: fan_in = 2*2*2*2 = 16, fan_out = 2*2*2*3 = 24, s = 1.0/max(1, fan_avg = (16 + 24)/2) = 0.05, limit = sqrt(3*s) = 0.3872983346207417 -> uniform: minval = -0.38729835f, maxval = 0.38729835f, range = maxval - minval = 0.7745967f
    KerasRandom.uniform(t3Kernel, 0, 48, KerasRandom.seedPairFirst(t3KernelSeed, FLAVOR), 0L, -0.38729835f, 0.7745967f);
    // bias (2,), 2 values: zeros: 0.0f
    Fill.constant(t3Bias, 0, 2, 0.0f);
  }

  /**
   * Layer {@code head}: DENSE, 2 units, 2 input features (the 2 filters of t3).
   *
   * <p>Fills its weights in place with the seeds of the current model seed. Allocates
   * nothing.
   */
  void initHead() {
    // kernel (2, 2), 4 values: identity(gain=0.5): 0.5f on the diagonal of 2x2
    Fill.identity(headKernel, 0, 2, 2, 0.5f);
    // bias (2,), 2 values: zeros: 0.0f
    Fill.constant(headBias, 0, 2, 0.0f);
  }

  private static void checkSeed(long modelSeed) {
    if (modelSeed < 0L || modelSeed > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("model seed must be in [0, 2^32), as keras.utils.set_random_seed takes it here, was " + modelSeed + "; pass a value from 0 to 4294967295");
    }
  }
}
