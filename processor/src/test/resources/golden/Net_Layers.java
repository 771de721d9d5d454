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
import io.nninit.runtime.KerasOrthogonal;
import io.nninit.runtime.KerasRandom;
import io.nninit.runtime.LayerWeights;
import io.nninit.runtime.ModelInitializer;
import io.nninit.runtime.NninitVersion;
import io.nninit.runtime.ParallelInitializer;
import io.nninit.runtime.Parameter;
import io.nninit.runtime.PythonRandom;
import io.nninit.runtime.WeightInfo;
import io.nninit.runtime.io.WeightFiles;
import io.nninit.runtime.io.WeightsFormat;
import io.nninit.runtime.io.WeightsMetadata;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * 1e-5 of TF's QR for gain 1 (the tolerance scales with the gain).
 * After construction, the initialize, per-layer, batch-norm forward and fold methods allocate
 * nothing ({@code save}, {@code load} and {@code metadata()} do).
 *
 * <p>{@link #initialize(long, ParallelInitializer)} gives the same bits with large tensors split across
 * threads; the methods without a {@code ParallelInitializer} fill on the calling thread.
 *
 * <p>Summary (also in {@link #SUMMARY}):
 * <pre>
 * Layer  Type                 Output       Params  Factor
 * conv1  CONV2D               32 channels     896  2 linear
 * bn1    BATCH_NORMALIZATION  32 channels     128  reset
 * fc     DENSE                10 channels     320  1 linear
 * Total params: 1344
 * Weights:
 *   conv1.kernel (3, 3, 3, 32) he_normal: fan_in 27, fan_out 288, truncated_normal stddev 0.309 cut to [-0.619, 0.619]
 *   conv1.bias (32,) zeros: constant 0
 *   bn1.gamma (32,) random_normal: fan_in 32, fan_out 32, normal stddev 0.05
 *   bn1.beta (32,) zeros: constant 0
 *   bn1.moving_mean (32,) zeros: constant 0
 *   bn1.moving_variance (32,) ones: constant 1
 *   fc.kernel (32, 10) orthogonal(seed=5): fan_in 32, fan_out 10, orthogonal, mean 0, std 0.177
 * Predicted variance factors (fan * E[w^2] * activation gain):
 *   conv1: 27 * 0.0741 * 1 (linear) = 2
 *   bn1: batch normalization, resets to 1
 *   fc: 32 * 0.0312 * 1 (linear) = 1
 *   run conv1: 2 (2^1.0)
 *   run fc: 1 (2^0.0)
 * </pre>
 */
@Generated("io.nninit.processor.ModelProcessor")
public final class Net_Layers implements ModelInitializer {
  /**
   * The seed of {@code @Model(seed = 123)}.
   */
  public static final long MODEL_SEED = 123L;

  private static final KerasFlavor FLAVOR = KerasFlavor.KERAS3;

  /**
   * Each weight's initializer, fans, distribution and theoretical moments, folded in from the
   * {@code @Layer}s; see {@link #weights()}.
   */
  private static final List<WeightInfo> WEIGHTS = List.of(
      new WeightInfo("conv1", LayerType.CONV2D, "kernel", List.of(3, 3, 3, 32), "he_normal",
          27L, 288L, "truncated_normal", -0.61882126f, 0.61882126f, 0.30941063f, 0.0, 0.27216553140199956,
          "he_normal: fan_in = 3*3*3 = 27, fan_out = 3*3*32 = 288, s = 2.0/max(1, fan_in) = 0.07407407407407407, stddev = sqrt(s)/0.87962566103423978 = 0.3094106266248576 -> truncated_normal: mean = 0.0f, stddev = 0.30941063f"),
      new WeightInfo("conv1", LayerType.CONV2D, "bias", List.of(32), "zeros",
          32L, 32L, "constant", Double.NaN, Double.NaN, Double.NaN, 0.0, 0.0,
          "zeros: 0.0f"),
      new WeightInfo("bn1", LayerType.BATCH_NORMALIZATION, "gamma", List.of(32), "random_normal",
          32L, 32L, "normal", Double.NaN, Double.NaN, 0.05f, 0.0, 0.05f,
          "random_normal: normal: mean = 0.0f, stddev = 0.05f"),
      new WeightInfo("bn1", LayerType.BATCH_NORMALIZATION, "beta", List.of(32), "zeros",
          32L, 32L, "constant", Double.NaN, Double.NaN, Double.NaN, 0.0, 0.0,
          "zeros: 0.0f"),
      new WeightInfo("bn1", LayerType.BATCH_NORMALIZATION, "moving_mean", List.of(32), "zeros",
          32L, 32L, "constant", Double.NaN, Double.NaN, Double.NaN, 0.0, 0.0,
          "zeros: 0.0f"),
      new WeightInfo("bn1", LayerType.BATCH_NORMALIZATION, "moving_variance", List.of(32), "ones",
          32L, 32L, "constant", Double.NaN, Double.NaN, Double.NaN, 1.0, 0.0,
          "ones: 1.0f"),
      new WeightInfo("fc", LayerType.DENSE, "kernel", List.of(32, 10), "orthogonal(seed=5)",
          32L, 10L, "orthogonal", Double.NaN, Double.NaN, Double.NaN, 0.0, 0.17677669529663687,
          "orthogonal(seed=5): QR of a 32x10 standard normal, 32x10 result times gain 1.0f"));

  /**
   * The model summary: layers, shapes, parameter counts, initializers, fans, bounds or standard
   * deviations and predicted variance factors, as the class Javadoc shows it.
   */
  public static final String SUMMARY = "Layer  Type                 Output       Params  Factor\n"
      + "conv1  CONV2D               32 channels     896  2 linear\n"
      + "bn1    BATCH_NORMALIZATION  32 channels     128  reset\n"
      + "fc     DENSE                10 channels     320  1 linear\n"
      + "Total params: 1344\n"
      + "Weights:\n"
      + "  conv1.kernel (3, 3, 3, 32) he_normal: fan_in 27, fan_out 288, truncated_normal stddev 0.309 cut to [-0.619, 0.619]\n"
      + "  conv1.bias (32,) zeros: constant 0\n"
      + "  bn1.gamma (32,) random_normal: fan_in 32, fan_out 32, normal stddev 0.05\n"
      + "  bn1.beta (32,) zeros: constant 0\n"
      + "  bn1.moving_mean (32,) zeros: constant 0\n"
      + "  bn1.moving_variance (32,) ones: constant 1\n"
      + "  fc.kernel (32, 10) orthogonal(seed=5): fan_in 32, fan_out 10, orthogonal, mean 0, std 0.177\n"
      + "Predicted variance factors (fan * E[w^2] * activation gain):\n"
      + "  conv1: 27 * 0.0741 * 1 (linear) = 2\n"
      + "  bn1: batch normalization, resets to 1\n"
      + "  fc: 32 * 0.0312 * 1 (linear) = 1\n"
      + "  run conv1: 2 (2^1.0)\n"
      + "  run fc: 1 (2^0.0)\n";

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

  /**
   * One thread, the caller's: the single-threaded methods fill through it, with the kernels'
   * bits (it starts no thread and needs no closing).
   */
  private final ParallelInitializer serial = new ParallelInitializer(1);

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
   * The model's weights objects, in declaration order.
   */
  private final List<LayerWeights> layers;

  /**
   * Layer {@code bn1}'s weights, for its forward methods.
   */
  private final BatchNormWeights bn1Weights;

  /**
   * Forward pass of layer {@code bn1}, allocated once with its constants:
   *
   * <ul>
   *   <li>32 channels: the 32 filters of conv1
   *   <li>layout CHANNELS_LAST: Keras' default, data_format="channels_last" (axis=-1)
   *   <li>momentum 0.99: Keras' default: moving = moving * momentum + batch * (1 - momentum)
   *   <li>epsilon 0.001: Keras' default
   *   <li>moving update KERAS3: Keras 3 (@Model flavor KERAS3)
   * </ul>
   */
  private final BatchNorm bn1Norm = BatchNorm.keras("bn1", 32, ChannelLayout.CHANNELS_LAST,
      0.99, 0.001, KerasMovingUpdate.KERAS3);

  /**
   * Shape of {@code conv1}'s kernel, for folding {@code bn1} into it.
   */
  private final int[] bn1FoldedShape = {3, 3, 3, 32};

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
    layers = List.of(model.conv1, model.bn1, model.fc);
    bn1Weights = model.bn1;
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
    conv1KernelSeed = python.kerasDefaultSeed(); // conv1.kernel_initializer = he_normal
    bn1GammaSeed = python.kerasDefaultSeed(); // bn1.gamma_initializer = random_normal
    python.kerasDefaultSeed(); // fc.bias_initializer = random_uniform: constructed although use_bias=False
    initConv1(parallel);
    initBn1(parallel);
    initFc();
    this.modelSeed = modelSeed;
    return modelSeed;
  }

  /**
   * Layer {@code conv1}: CONV2D, 32 filters, 3x3 kernel, 3 input channels.
   *
   * <p>Fills its weights in place with the seeds of the current model seed. Allocates
   * nothing.
   *
   * <p>Predicted at compile time: 896 parameters; linear, predicted variance factor 2 (see {@link #SUMMARY}).
   *
   * <p>On the calling thread alone: {@link #initConv1(ParallelInitializer)} with one thread.
   */
  public void initConv1() {
    initConv1(serial);
  }

  /**
   * As {@link #initConv1()}, with the same bits, its random uniform and normal tensors filled through
   * {@code parallel} (see {@link #initialize(long, ParallelInitializer)}). Allocates nothing on the
   * calling thread.
   *
   * @throws IllegalArgumentException if {@code parallel} is null or closed, before anything changes
   */
  public void initConv1(ParallelInitializer parallel) {
    checkParallel(parallel);
    // kernel (3, 3, 3, 32), 864 values: he_normal: fan_in = 3*3*3 = 27, fan_out = 3*3*32 = 288, s = 2.0/max(1, fan_in) = 0.07407407407407407, stddev = sqrt(s)/0.87962566103423978 = 0.3094106266248576 -> truncated_normal: mean = 0.0f, stddev = 0.30941063f
    parallel.kerasTruncatedNormal(conv1Kernel, 0, 864, 0L, KerasRandom.seedPairFirst(conv1KernelSeed, FLAVOR), 0L, 0.0f, 0.30941063f);
    // bias (32,), 32 values: zeros: 0.0f
    Fill.constant(conv1Bias, 0, 32, 0.0f);
  }

  /**
   * Layer {@code bn1}: BATCH_NORMALIZATION over 32 channels, epsilon 0.001, momentum 0.99 (the 32 filters of conv1).
   *
   * <p>Fills its weights in place with the seeds of the current model seed. Allocates
   * nothing.
   *
   * <p>Predicted at compile time: 128 parameters (see {@link #SUMMARY}).
   *
   * <p>On the calling thread alone: {@link #initBn1(ParallelInitializer)} with one thread.
   */
  public void initBn1() {
    initBn1(serial);
  }

  /**
   * As {@link #initBn1()}, with the same bits, its random uniform and normal tensors filled through
   * {@code parallel} (see {@link #initialize(long, ParallelInitializer)}). Allocates nothing on the
   * calling thread.
   *
   * @throws IllegalArgumentException if {@code parallel} is null or closed, before anything changes
   */
  public void initBn1(ParallelInitializer parallel) {
    checkParallel(parallel);
    // gamma (32,), 32 values: random_normal: normal: mean = 0.0f, stddev = 0.05f
    parallel.kerasNormal(bn1Gamma, 0, 32, 0L, KerasRandom.seedPairFirst(bn1GammaSeed, FLAVOR), 0L, 0.0f, 0.05f);
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
   *
   * <p>Predicted at compile time: 320 parameters; linear, predicted variance factor 1 (see {@link #SUMMARY}).
   */
  public void initFc() {
    // kernel (32, 10), 320 values: orthogonal(seed=5): QR of a 32x10 standard normal, 32x10 result times gain 1.0f
    fcKernelOrthogonal.fill(fcKernel, 0, 5L /* KerasRandom.seedPairFirst(5L, KerasFlavor.KERAS3) */, 0L, 1.0f);
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
   * {@code .safetensors}), under Keras' weight paths ({@code conv1/kernel, conv1/bias, bn1/gamma, ...}),
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
   * Keras' weight paths ({@code conv1/kernel, conv1/bias, bn1/gamma, ...}).
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
    initializers.put("conv1", "kernel=he_normal, bias=zeros");
    initializers.put("bn1", "gamma=random_normal, beta=zeros, moving_mean=zeros, moving_variance=ones");
    initializers.put("fc", "kernel=orthogonal(seed=5)");
    return new WeightsMetadata(NninitVersion.current(), modelSeed, initializers);
  }

  /**
   * Layer {@code bn1} in inference mode ({@code training=False}): per channel
   * {@code y = (x - mean) / sqrt(variance + epsilon) * gamma + beta} with the moving statistics.
   * Changes no weight. Allocates nothing after warm-up.
   *
   * <p>The per-channel scale and shift are derived from the weights on every call, so changed
   * weights (re-initialized, loaded, trained) are always seen; there is nothing to refresh.
   *
   * <p>Outputs within rtol 1e-5 / atol 1e-6 of TensorFlow 2.18, not bit-exact; the moving
   * statistics are only read.
   *
   * @param x the input, {@code batch * 32 * spatial} values, {@code (batch, spatial..., 32)}
   * @param y the output, as long as {@code x}; may be {@code x} (in place)
   * @param batch the batch size, {@code > 0}
   * @param spatial the product of the spatial dimensions, 1 for a 2-D input
   * @throws IllegalArgumentException naming layer {@code bn1} when an array length or size is
   *     wrong, before anything is written
   */
  public void bn1Inference(float[] x, float[] y, int batch, int spatial) {
    bn1Norm.inference(bn1Weights, x, y, batch, spatial);
  }

  /**
   * Layer {@code bn1} in training mode ({@code training=True}): normalizes with the batch mean
   * and biased variance, then updates the moving statistics and counts the batch in
   * {@code numBatchesTracked()}. Moving statistics: Keras 3,
   * {@code moving = moving * momentum + batch * (1 - momentum)} (biased variance).
   * Allocates nothing after warm-up.
   *
   * <p>The per-channel scale and shift are derived from the weights on every call, so changed
   * weights (re-initialized, loaded, trained) are always seen; there is nothing to refresh.
   *
   * <p>Within rtol 1e-5 / atol 1e-6 of TensorFlow 2.18 (outputs and updated moving
   * statistics); not bit-exact.
   *
   * @param x the input, {@code batch * 32 * spatial} values, {@code (batch, spatial..., 32)}
   * @param y the output, as long as {@code x}; may be {@code x} (in place)
   * @param batch the batch size, {@code > 0}
   * @param spatial the product of the spatial dimensions, 1 for a 2-D input
   * @throws IllegalArgumentException naming layer {@code bn1} when an array length or size is
   *     wrong, before anything is written
   */
  public void bn1Training(float[] x, float[] y, int batch, int spatial) {
    bn1Norm.training(bn1Weights, x, y, batch, spatial);
  }

  /**
   * Folds layer {@code bn1}, in inference mode, into layer {@code conv1} before it: writes conv1's
   * kernel and a bias such that the folded layer alone equals {@code conv1} followed by
   * {@code bn1Inference}. Per output channel {@code s = gamma / sqrt(moving_variance + 0.001)},
   * {@code kernel' = kernel * s}, {@code bias' = (bias - moving_mean) * s + beta}, from the
   * current weights. Within about 1e-5 relative of the unfolded pair (float rounding), not bit
   * for bit. Allocates nothing after warm-up.
   *
   * @param kernelOut receives the folded kernel, 864 values shaped as conv1's kernel (3, 3, 3, 32);
   *     may be {@code conv1}'s own (in place)
   * @param biasOut receives the folded bias, 32 values (one per channel)
   * @throws IllegalArgumentException naming both layers when a length is wrong, before anything
   *     is written
   */
  public void foldBn1IntoConv1(float[] kernelOut, float[] biasOut) {
    checkFoldOutput("folding bn1 into conv1", "kernelOut", kernelOut, 864,
        "conv1's kernel (3, 3, 3, 32)");
    checkFoldOutput("folding bn1 into conv1", "biasOut", biasOut, 32,
        "one value per channel of bn1");
    BatchNormFolding.fold(FoldedKernelLayout.KERAS, bn1FoldedShape, 1,
        conv1Kernel, conv1Bias, bn1Weights, 0.001, kernelOut, biasOut);
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
