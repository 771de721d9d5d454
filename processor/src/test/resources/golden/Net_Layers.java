package test;

import io.nninit.annotation.KerasFlavor;
import io.nninit.runtime.BatchNormWeights;
import io.nninit.runtime.ConvWeights;
import io.nninit.runtime.DenseWeights;
import io.nninit.runtime.Fill;
import io.nninit.runtime.KerasOrthogonal;
import io.nninit.runtime.KerasRandom;
import io.nninit.runtime.ModelInitializer;
import io.nninit.runtime.Parameter;
import io.nninit.runtime.PythonRandom;
import javax.annotation.processing.Generated;

/**
 * Allocates and initializes the weights of {@link Net} as Keras (3.5+, TensorFlow backend) does.
 * Generated from its {@code @Layer} fields.
 *
 * <p>Model seed: 123 ({@code @Model(seed = 123)}).
 * 3 default seeds are drawn from it.
 *
 * <ul>
 *   <li>{@code conv1}: CONV2D, 32 filters, 3x3 kernel, 3 input channels; kernel (3, 3, 3, 32) he_normal, bias (32,) zeros
 *   <li>{@code bn1}: BATCH_NORMALIZATION over 32 channels, epsilon 0.001, momentum 0.99 (the 32 filters of conv1); gamma (32,) random_normal, beta (32,) zeros, moving_mean (32,) zeros, moving_variance (32,) ones
 *   <li>{@code fc}: DENSE, 10 units, 32 input features (the 32 channels of bn1); kernel (32, 10) orthogonal(seed=5)
 * </ul>
 *
 * <p>Bit-exact with Keras on TF CPU (Linux/glibc) except {@code orthogonal}, which is within
 * 1e-5 * max(1, gain) of TF's QR. After construction nothing allocates.
 */
@Generated("io.nninit.processor.ModelProcessor")
public final class Net_Layers implements ModelInitializer {
  /**
   * The seed of {@code @Model(seed = 123)}.
   */
  public static final long MODEL_SEED = 123L;

  private static final KerasFlavor FLAVOR = KerasFlavor.KERAS3;

  /**
   * Python's {@code random}, for the default seeds Keras draws.
   */
  private final PythonRandom python = new PythonRandom();

  private final float[] conv1Kernel;

  private final float[] conv1Bias;

  private final float[] bn1Gamma;

  private final float[] bn1Beta;

  private final float[] bn1MovingMean;

  private final float[] bn1MovingVariance;

  private final float[] fcKernel;

  private final KerasOrthogonal fcKernelOrthogonal = new KerasOrthogonal(32, 10);

  private long modelSeed;

  /**
   * Default seed of {@code conv1.kernel_initializer} (he_normal), drawn from the model seed.
   */
  private long conv1KernelSeed;

  /**
   * Default seed of {@code bn1.gamma_initializer} (random_normal), drawn from the model seed.
   */
  private long bn1GammaSeed;

  /**
   * Allocates every weight of {@code model}, assigns its {@code @Layer} fields and initializes them
   * with {@link #MODEL_SEED}.
   */
  public Net_Layers(Net model) {
    this(model, MODEL_SEED);
  }

  /**
   * Allocates every weight of {@code model}, assigns its {@code @Layer} fields and initializes them
   * with {@code modelSeed}.
   *
   * @throws IllegalArgumentException if {@code modelSeed} is outside {@code [0, 2^32)}, before any field is
   *     assigned
   */
  public Net_Layers(Net model, long modelSeed) {
    checkSeed(modelSeed);
    model.conv1 = new ConvWeights("conv1", new Parameter("kernel", 3, 3, 3, 32), new Parameter("bias", 32));
    conv1Kernel = model.conv1.kernel();
    conv1Bias = model.conv1.bias();
    model.bn1 = new BatchNormWeights("bn1", new Parameter("gamma", 32), new Parameter("beta", 32), new Parameter("moving_mean", 32), new Parameter("moving_variance", 32));
    bn1Gamma = model.bn1.gamma();
    bn1Beta = model.bn1.beta();
    bn1MovingMean = model.bn1.movingMean();
    bn1MovingVariance = model.bn1.movingVariance();
    model.fc = new DenseWeights("fc", new Parameter("kernel", 32, 10));
    fcKernel = model.fc.kernel();
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
    conv1KernelSeed = python.kerasDefaultSeed(); // conv1.kernel_initializer = he_normal
    bn1GammaSeed = python.kerasDefaultSeed(); // bn1.gamma_initializer = random_normal
    python.kerasDefaultSeed(); // fc.bias_initializer = random_uniform: constructed although use_bias=False
    initConv1();
    initBn1();
    initFc();
    return modelSeed;
  }

  /**
   * Layer {@code conv1}: CONV2D, 32 filters, 3x3 kernel, 3 input channels.
   *
   * <p>Fills its weights in place with the seeds of the current model seed. Allocates
   * nothing.
   */
  public void initConv1() {
    // kernel (3, 3, 3, 32), 864 values: he_normal: fan_in = 3*3*3 = 27, fan_out = 3*3*32 = 288, s = 2.0/max(1, fan_in) = 0.07407407407407407, stddev = sqrt(s)/0.87962566103423978 = 0.3094106266248576 -> truncated_normal: mean = 0.0f, stddev = 0.30941063f
    KerasRandom.truncatedNormal(conv1Kernel, 0, 864, KerasRandom.seedPairFirst(conv1KernelSeed, FLAVOR), 0L, 0.0f, 0.30941063f);
    // bias (32,), 32 values: zeros: 0.0f
    Fill.constant(conv1Bias, 0, 32, 0.0f);
  }

  /**
   * Layer {@code bn1}: BATCH_NORMALIZATION over 32 channels, epsilon 0.001, momentum 0.99 (the 32 filters of conv1).
   *
   * <p>Fills its weights in place with the seeds of the current model seed. Allocates
   * nothing.
   */
  public void initBn1() {
    // gamma (32,), 32 values: random_normal: normal: mean = 0.0f, stddev = 0.05f
    KerasRandom.normal(bn1Gamma, 0, 32, KerasRandom.seedPairFirst(bn1GammaSeed, FLAVOR), 0L, 0.0f, 0.05f);
    // beta (32,), 32 values: zeros: 0.0f
    Fill.constant(bn1Beta, 0, 32, 0.0f);
    // moving_mean (32,), 32 values: zeros: 0.0f
    Fill.constant(bn1MovingMean, 0, 32, 0.0f);
    // moving_variance (32,), 32 values: ones: 1.0f
    Fill.constant(bn1MovingVariance, 0, 32, 1.0f);
  }

  /**
   * Layer {@code fc}: DENSE, 10 units, 32 input features (the 32 channels of bn1).
   *
   * <p>Fills its weights in place with the seeds of the current model seed. Allocates
   * nothing.
   */
  public void initFc() {
    // kernel (32, 10), 320 values: orthogonal(seed=5): QR of a 32x10 standard normal, 32x10 result times gain 1.0f
    fcKernelOrthogonal.fill(fcKernel, 0, KerasRandom.seedPairFirst(5L, FLAVOR), 0L, 1.0f);
  }

  private static void checkSeed(long modelSeed) {
    if (modelSeed < 0L || modelSeed > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("model seed must be in [0, 2^32), as keras.utils.set_random_seed takes it here, was " + modelSeed + "; pass a value from 0 to 4294967295");
    }
  }
}
