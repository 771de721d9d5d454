package test;

import io.nninit.annotation.Convention;
import io.nninit.annotation.LayerType;
import io.nninit.runtime.BatchNorm;
import io.nninit.runtime.BatchNormFolding;
import io.nninit.runtime.BatchNormWeights;
import io.nninit.runtime.ChannelLayout;
import io.nninit.runtime.ConvWeights;
import io.nninit.runtime.DenseWeights;
import io.nninit.runtime.Fill;
import io.nninit.runtime.FoldedKernelLayout;
import io.nninit.runtime.LayerWeights;
import io.nninit.runtime.ModelInitializer;
import io.nninit.runtime.NninitVersion;
import io.nninit.runtime.ParallelInitializer;
import io.nninit.runtime.Parameter;
import io.nninit.runtime.SeparableConvWeights;
import io.nninit.runtime.TorchGenerator;
import io.nninit.runtime.TorchOrthogonal;
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
 * Allocates and initializes the weights of {@link TorchNet} as PyTorch 1.13 (CPU) does.
 * Generated from its {@code @Layer} fields.
 *
 * <p>Model seed: 42 ({@code @Model(seed = 42)}).
 *
 * <p>{@link #initialize(long)} gives the tensors this PyTorch code gives (weights in PyTorch's layouts:
 * {@code Linear} (out, in), {@code ConvNd} (out, in/groups, k...), {@code ConvTransposeNd}
 * (in, out/groups, k...)):
 *
 * <pre>{@code
 * import torch
 * from torch import nn
 * from collections import OrderedDict
 * from torch.nn.init import calculate_gain
 *
 * torch.manual_seed(model_seed)
 * model = nn.Module()
 * model.conv1 = nn.Conv2d(3, 8, kernel_size=(3, 3))
 * model.bn1 = nn.BatchNorm2d(8, eps=1e-05, momentum=0.01)
 * model.sep = nn.Sequential(OrderedDict(depthwise=nn.Conv2d(8, 16, kernel_size=(3, 3), groups=8, bias=False), pointwise=nn.Conv2d(16, 16, kernel_size=1)))
 * model.up = nn.ConvTranspose2d(16, 4, kernel_size=(2, 2), groups=2, bias=False)
 * model.fc = nn.Linear(64, 10)
 * nn.init.kaiming_normal_(model.conv1.weight, mode='fan_out', nonlinearity='relu')
 * nn.init.orthogonal_(model.fc.weight, gain=calculate_gain('relu'))
 * nn.init.zeros_(model.fc.bias)
 * }</pre>
 *
 * <ul>
 *   <li>{@code conv1}: {@code nn.Conv2d(3, 8, kernel_size=(3, 3))}; conv1.weight (8, 3, 3, 3) kaiming_normal_(mode='fan_out', nonlinearity='relu'), conv1.bias (8,) module default: uniform_(-1/sqrt(fan_in), 1/sqrt(fan_in))
 *   <li>{@code bn1}: {@code nn.BatchNorm2d(8, eps=1e-05, momentum=0.01)} (the 8 out_channels of conv1); bn1.weight (8,) module default: ones_, bn1.bias (8,) module default: zeros_, bn1.running_mean (8,) module default: zeros_, bn1.running_var (8,) module default: ones_
 *   <li>{@code sep}: {@code nn.Sequential(OrderedDict(depthwise=nn.Conv2d(8, 16, kernel_size=(3, 3), groups=8, bias=False), pointwise=nn.Conv2d(16, 16, kernel_size=1)))} (the 8 channels of bn1); sep.depthwise.weight (16, 1, 3, 3) module default: kaiming_uniform_(a=math.sqrt(5)), sep.pointwise.weight (16, 16, 1, 1) module default: kaiming_uniform_(a=math.sqrt(5)), sep.pointwise.bias (16,) module default: uniform_(-1/sqrt(fan_in), 1/sqrt(fan_in))
 *   <li>{@code up}: {@code nn.ConvTranspose2d(16, 4, kernel_size=(2, 2), groups=2, bias=False)} (the 16 out_channels of sep); up.weight (16, 2, 2, 2) module default: kaiming_uniform_(a=math.sqrt(5))
 *   <li>{@code fc}: {@code nn.Linear(64, 10)}; fc.weight (10, 64) orthogonal_(gain=calculate_gain('relu')), fc.bias (10,) zeros_
 * </ul>
 *
 * <p>The weights objects keep the runtime's names ({@code kernel()}, {@code gamma()}, ...);
 * the {@code state_dict} keys above are what PyTorch and the weights files call them.
 *
 * <p>Bit-exact with PyTorch 1.13 on x86-64 CPUs with AVX2 (its {@code TorchCapability.AVX2}
 * kernels), except {@code trunc_normal_} (about 96 % of values bit-equal, all within 4 ulp:
 * PyTorch calls glibc's {@code erff}) and {@code orthogonal_} (within {@code 4e-7 * sqrt(max(rows, cols)) * gain}:
 * PyTorch factors with LAPACK).
 * After construction, the initialize, per-layer, batch-norm forward and fold methods allocate
 * nothing ({@code save}, {@code load} and {@code metadata()} do).
 *
 * <p>{@link #initialize(long, ParallelInitializer)} gives the same bits with large tensors split across
 * threads; the methods without a {@code ParallelInitializer} fill on the calling thread.
 *
 * <p>Summary (also in {@link #SUMMARY}):
 * <pre>
 * Layer  Type                 Output       Params  Factor
 * conv1  CONV2D               8 channels      224  0.75 linear
 * bn1    BATCH_NORMALIZATION  8 channels       32  reset
 * sep    SEPARABLE_CONV2D     16 channels     416  0.111 linear
 * up     CONV2D_TRANSPOSE     4 channels      128  1.33 linear
 * fc     DENSE                10 channels     650  2 linear
 * Total params: 1450
 * Weights:
 *   conv1.weight (8, 3, 3, 3) kaiming_normal_(mode='fan_out', nonlinearity='relu'): fan_in 27, fan_out 72, normal stddev 0.167
 *   conv1.bias (8,) module default: uniform_(-1/sqrt(fan_in), 1/sqrt(fan_in)): uniform [-0.192, 0.192)
 *   bn1.weight (8,) module default: ones_: constant 1
 *   bn1.bias (8,) module default: zeros_: constant 0
 *   bn1.running_mean (8,) module default: zeros_: constant 0
 *   bn1.running_var (8,) module default: ones_: constant 1
 *   sep.depthwise.weight (16, 1, 3, 3) module default: kaiming_uniform_(a=math.sqrt(5)): fan_in 9, fan_out 144, uniform [-0.333, 0.333)
 *   sep.pointwise.weight (16, 16, 1, 1) module default: kaiming_uniform_(a=math.sqrt(5)): fan_in 16, fan_out 16, uniform [-0.25, 0.25)
 *   sep.pointwise.bias (16,) module default: uniform_(-1/sqrt(fan_in), 1/sqrt(fan_in)): uniform [-0.25, 0.25)
 *   up.weight (16, 2, 2, 2) module default: kaiming_uniform_(a=math.sqrt(5)): fan_in 8, fan_out 64, uniform [-0.354, 0.354)
 *   fc.weight (10, 64) orthogonal_(gain=calculate_gain('relu')): fan_in 64, fan_out 10, orthogonal, mean 0, std 0.177
 *   fc.bias (10,) zeros_: constant 0
 * Predicted variance factors (fan * E[w^2] * activation gain):
 *   conv1: 27 * 0.0278 * 1 (linear) = 0.75
 *   bn1: batch normalization, resets to 1
 *   sep: 9 * 0.037 * 16 * 0.0208 * 1 (linear) = 0.111
 *   up: 32 * 0.0417 * 1 (linear) = 1.33
 *   fc: 64 * 0.0313 * 1 (linear) = 2
 *   run conv1: 0.75 (2^-0.4)
 *   run sep to fc: 0.296 (2^-1.8)
 * </pre>
 */
@Generated("io.nninit.processor.ModelProcessor")
public final class TorchNet_Layers implements ModelInitializer {
  /**
   * The seed of {@code @Model(seed = 42)}.
   */
  public static final long MODEL_SEED = 42L;

  /**
   * Each weight's initializer, fans, distribution and theoretical moments, folded in from the
   * {@code @Layer}s; see {@link #weights()}.
   */
  private static final List<WeightInfo> WEIGHTS = List.of(
      new WeightInfo("conv1", LayerType.CONV2D, "weight", List.of(8, 3, 3, 3), "kaiming_normal_(mode='fan_out', nonlinearity='relu')",
          27L, 72L, "normal", Double.NaN, Double.NaN, 0.16666666666666669, 0.0, 0.16666666666666669,
          "fan_out = 8*3*3 = 72, gain = calculate_gain('relu', 0) = 1.4142135623730951, std = gain/sqrt(fan_out) = 0.16666666666666669"),
      new WeightInfo("conv1", LayerType.CONV2D, "bias", List.of(8), "module default: uniform_(-1/sqrt(fan_in), 1/sqrt(fan_in))",
          -1L, -1L, "uniform", -0.19245008972987526, 0.19245008972987526, Double.NaN, 0.0, 0.11111111111111112,
          "fan_in = 3*3*3 = 27, bound = 1/sqrt(fan_in) = 0.19245008972987526"),
      new WeightInfo("bn1", LayerType.BATCH_NORMALIZATION, "weight", List.of(8), "module default: ones_",
          -1L, -1L, "constant", Double.NaN, Double.NaN, Double.NaN, 1.0, 0.0,
          "ones"),
      new WeightInfo("bn1", LayerType.BATCH_NORMALIZATION, "bias", List.of(8), "module default: zeros_",
          -1L, -1L, "constant", Double.NaN, Double.NaN, Double.NaN, 0.0, 0.0,
          "zeros"),
      new WeightInfo("bn1", LayerType.BATCH_NORMALIZATION, "running_mean", List.of(8), "module default: zeros_",
          -1L, -1L, "constant", Double.NaN, Double.NaN, Double.NaN, 0.0, 0.0,
          "zeros"),
      new WeightInfo("bn1", LayerType.BATCH_NORMALIZATION, "running_var", List.of(8), "module default: ones_",
          -1L, -1L, "constant", Double.NaN, Double.NaN, Double.NaN, 1.0, 0.0,
          "ones"),
      new WeightInfo("sep", LayerType.SEPARABLE_CONV2D, "depthwise.weight", List.of(16, 1, 3, 3), "module default: kaiming_uniform_(a=math.sqrt(5))",
          9L, 144L, "uniform", -0.33333333333333326, 0.33333333333333326, Double.NaN, 0.0, 0.19245008972987523,
          "fan_in = 1*3*3 = 9, gain = calculate_gain('leaky_relu', math.sqrt(5)) = 0.5773502691896257, std = gain/sqrt(fan_in) = 0.19245008972987523, bound = sqrt(3)*std = 0.33333333333333326"),
      new WeightInfo("sep", LayerType.SEPARABLE_CONV2D, "pointwise.weight", List.of(16, 16, 1, 1), "module default: kaiming_uniform_(a=math.sqrt(5))",
          16L, 16L, "uniform", -0.24999999999999997, 0.24999999999999997, Double.NaN, 0.0, 0.14433756729740643,
          "fan_in = 16*1*1 = 16, gain = calculate_gain('leaky_relu', math.sqrt(5)) = 0.5773502691896257, std = gain/sqrt(fan_in) = 0.14433756729740643, bound = sqrt(3)*std = 0.24999999999999997"),
      new WeightInfo("sep", LayerType.SEPARABLE_CONV2D, "pointwise.bias", List.of(16), "module default: uniform_(-1/sqrt(fan_in), 1/sqrt(fan_in))",
          -1L, -1L, "uniform", -0.25, 0.25, Double.NaN, 0.0, 0.14433756729740646,
          "fan_in = 16*1*1 = 16, bound = 1/sqrt(fan_in) = 0.25"),
      new WeightInfo("up", LayerType.CONV2D_TRANSPOSE, "weight", List.of(16, 2, 2, 2), "module default: kaiming_uniform_(a=math.sqrt(5))",
          8L, 64L, "uniform", -0.3535533905932737, 0.3535533905932737, Double.NaN, 0.0, 0.20412414523193148,
          "fan_in = 2*2*2 = 8, gain = calculate_gain('leaky_relu', math.sqrt(5)) = 0.5773502691896257, std = gain/sqrt(fan_in) = 0.20412414523193148, bound = sqrt(3)*std = 0.3535533905932737"),
      new WeightInfo("fc", LayerType.DENSE, "weight", List.of(10, 64), "orthogonal_(gain=calculate_gain('relu'))",
          64L, 10L, "orthogonal", Double.NaN, Double.NaN, Double.NaN, 0.0, 0.1767766952966369,
          "orthogonal 10 x 64 (QR of a standard normal matrix), gain = 1.4142135623730951"),
      new WeightInfo("fc", LayerType.DENSE, "bias", List.of(10), "zeros_",
          -1L, -1L, "constant", Double.NaN, Double.NaN, Double.NaN, 0.0, 0.0,
          "zeros"));

  /**
   * The model summary: layers, shapes, parameter counts, initializers, fans, bounds or standard
   * deviations and predicted variance factors, as the class Javadoc shows it.
   */
  public static final String SUMMARY = "Layer  Type                 Output       Params  Factor\n"
      + "conv1  CONV2D               8 channels      224  0.75 linear\n"
      + "bn1    BATCH_NORMALIZATION  8 channels       32  reset\n"
      + "sep    SEPARABLE_CONV2D     16 channels     416  0.111 linear\n"
      + "up     CONV2D_TRANSPOSE     4 channels      128  1.33 linear\n"
      + "fc     DENSE                10 channels     650  2 linear\n"
      + "Total params: 1450\n"
      + "Weights:\n"
      + "  conv1.weight (8, 3, 3, 3) kaiming_normal_(mode='fan_out', nonlinearity='relu'): fan_in 27, fan_out 72, normal stddev 0.167\n"
      + "  conv1.bias (8,) module default: uniform_(-1/sqrt(fan_in), 1/sqrt(fan_in)): uniform [-0.192, 0.192)\n"
      + "  bn1.weight (8,) module default: ones_: constant 1\n"
      + "  bn1.bias (8,) module default: zeros_: constant 0\n"
      + "  bn1.running_mean (8,) module default: zeros_: constant 0\n"
      + "  bn1.running_var (8,) module default: ones_: constant 1\n"
      + "  sep.depthwise.weight (16, 1, 3, 3) module default: kaiming_uniform_(a=math.sqrt(5)): fan_in 9, fan_out 144, uniform [-0.333, 0.333)\n"
      + "  sep.pointwise.weight (16, 16, 1, 1) module default: kaiming_uniform_(a=math.sqrt(5)): fan_in 16, fan_out 16, uniform [-0.25, 0.25)\n"
      + "  sep.pointwise.bias (16,) module default: uniform_(-1/sqrt(fan_in), 1/sqrt(fan_in)): uniform [-0.25, 0.25)\n"
      + "  up.weight (16, 2, 2, 2) module default: kaiming_uniform_(a=math.sqrt(5)): fan_in 8, fan_out 64, uniform [-0.354, 0.354)\n"
      + "  fc.weight (10, 64) orthogonal_(gain=calculate_gain('relu')): fan_in 64, fan_out 10, orthogonal, mean 0, std 0.177\n"
      + "  fc.bias (10,) zeros_: constant 0\n"
      + "Predicted variance factors (fan * E[w^2] * activation gain):\n"
      + "  conv1: 27 * 0.0278 * 1 (linear) = 0.75\n"
      + "  bn1: batch normalization, resets to 1\n"
      + "  sep: 9 * 0.037 * 16 * 0.0208 * 1 (linear) = 0.111\n"
      + "  up: 32 * 0.0417 * 1 (linear) = 1.33\n"
      + "  fc: 64 * 0.0313 * 1 (linear) = 2\n"
      + "  run conv1: 0.75 (2^-0.4)\n"
      + "  run sep to fc: 0.296 (2^-1.8)\n";

  private final float[] conv1Weight;

  private final float[] conv1Bias;

  private final float[] bn1Weight;

  private final float[] bn1Bias;

  private final float[] bn1RunningMean;

  private final float[] bn1RunningVar;

  private final float[] sepDepthwiseWeight;

  private final float[] sepPointwiseWeight;

  private final float[] sepPointwiseBias;

  private final float[] upWeight;

  private final float[] fcWeight;

  private final float[] fcBias;

  /**
   * PyTorch's default CPU generator (MT19937, AVX2 kernels); {@link #initialize(long)} reseeds it.
   */
  private final TorchGenerator generator = new TorchGenerator(0L);

  /**
   * Layer {@code bn1}, whose {@code num_batches_tracked} construction resets.
   */
  private final BatchNormWeights bn1Module;

  /**
   * Workspace of {@code orthogonal_} on {@code fc.weight}.
   */
  private final TorchOrthogonal fcWeightOrthogonal = new TorchOrthogonal(10, 64);

  /**
   * One thread, the caller's: the single-threaded methods fill through it, with the kernels'
   * bits (it starts no thread and needs no closing).
   */
  private final ParallelInitializer serial = new ParallelInitializer(1);

  private long modelSeed;

  /**
   * The model's weights objects, in declaration order.
   */
  private final List<LayerWeights> layers;

  /**
   * Forward pass of layer {@code bn1}, allocated once with its constants:
   *
   * <ul>
   *   <li>8 channels: the 8 out_channels of conv1
   *   <li>layout CHANNELS_FIRST: PyTorch's default, contiguous (N, C, spatial...)
   *   <li>momentum 0.01: @Layer(momentum): running = (1 - momentum) * running + momentum * batch
   *   <li>epsilon 1.0E-5: PyTorch's default
   *   <li>1 thread: channels-last and 2-D statistics reproduce {@code torch.set_num_threads(1)}
   * </ul>
   */
  private final BatchNorm bn1Norm = BatchNorm.pytorch("bn1", 8, ChannelLayout.CHANNELS_FIRST,
      0.01, 1.0E-5, 1);

  /**
   * Shape of {@code conv1}'s kernel, for folding {@code bn1} into it.
   */
  private final int[] bn1FoldedShape = {8, 3, 3, 3};

  /**
   * Allocates every weight of {@code model}, assigns its {@code @Layer} fields and initializes them
   * with {@link #MODEL_SEED}.
   */
  public TorchNet_Layers(TorchNet model) {
    this(model, MODEL_SEED);
  }

  /**
   * Allocates every weight of {@code model}, assigns its {@code @Layer} fields and initializes them
   * as PyTorch does after {@code torch.manual_seed(modelSeed)} (see {@link #initialize(long)}).
   * Every {@code long} is accepted; only its low 32 bits select the stream.
   */
  public TorchNet_Layers(TorchNet model, long modelSeed) {
    model.conv1 = new ConvWeights("conv1", new Parameter("kernel", 8, 3, 3, 3), new Parameter("bias", 8));
    conv1Weight = model.conv1.kernel();
    conv1Bias = model.conv1.bias();
    model.bn1 = new BatchNormWeights("bn1", new Parameter("gamma", 8), new Parameter("beta", 8), new Parameter("moving_mean", 8), new Parameter("moving_variance", 8));
    bn1Weight = model.bn1.gamma();
    bn1Bias = model.bn1.beta();
    bn1RunningMean = model.bn1.movingMean();
    bn1RunningVar = model.bn1.movingVariance();
    bn1Module = model.bn1;
    model.sep = new SeparableConvWeights("sep", new Parameter("depthwise_kernel", 16, 1, 3, 3), new Parameter("pointwise_kernel", 16, 16, 1, 1), new Parameter("bias", 16));
    sepDepthwiseWeight = model.sep.depthwiseKernel();
    sepPointwiseWeight = model.sep.pointwiseKernel();
    sepPointwiseBias = model.sep.bias();
    model.up = new ConvWeights("up", new Parameter("kernel", 16, 2, 2, 2));
    upWeight = model.up.kernel();
    model.fc = new DenseWeights("fc", new Parameter("kernel", 10, 64), new Parameter("bias", 10));
    fcWeight = model.fc.kernel();
    fcBias = model.fc.bias();
    layers = List.of(model.conv1, model.bn1, model.sep, model.up, model.fc);
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
   * Re-initializes every weight in place as PyTorch 1.13 does after {@code torch.manual_seed(modelSeed)}:
   * first every module is constructed, in field order (each {@code Linear}, {@code ConvNd} and
   * {@code ConvTransposeNd} draws its weight, then its bias; batch norm draws nothing), then the
   * initializers written in {@code @Layer} run in field order, drawing from the stream as
   * construction left it. The class documentation shows the equivalent Python. Allocates nothing after warm-up.
   *
   * <p>Every {@code long} is a valid seed: as {@code torch.manual_seed}, only its low 32 bits select
   * the stream ({@code 5} and {@code 2^32 + 5} give the same weights); {@link #modelSeed()} returns it
   * as given.
   *
   * @return {@code modelSeed}
   */
  @Override
  public long initialize(long modelSeed) {
    return initialize(modelSeed, serial);
  }

  /**
   * Re-initializes every weight in place as {@link #initialize(long)} does, with the same bits
   * whatever {@code parallel}'s thread count, filling large tensors on several threads.
   *
   * <p>Every {@code uniform_}, {@code normal_} and {@code trunc_normal_} draw ({@code kaiming_*}, {@code xavier_*} and the
   * modules' default initialization included) goes through {@code parallel}, which splits tensors of
   * {@link ParallelInitializer#TORCH_MIN_PARALLEL_ELEMENTS} or more elements across its threads (each
   * jumps its own copy of the generator to its slice) and leaves the generator where one thread
   * would. {@code orthogonal_}, {@code sparse_}, constants, {@code eye_} and
   * {@code dirac_} run on the calling thread.
   *
   * <p>Allocates nothing on the calling thread after warm-up (with {@code new ParallelInitializer(threads)},
   * on no thread; an executor may allocate to queue the parts). {@code parallel} serves one
   * initialization at a time and stays open for the next; the caller closes it. {@link #modelSeed()}
   * becomes {@code modelSeed} once every weight is filled.
   *
   * @return {@code modelSeed}
   * @throws IllegalArgumentException if {@code parallel} is null or closed, before anything changes
   */
  @Override
  public long initialize(long modelSeed, ParallelInitializer parallel) {
    checkParallel(parallel);
    generator.manualSeed(modelSeed);
    // model = TorchNet(): each module's constructor, in field order
    // conv1 = nn.Conv2d(3, 8, kernel_size=(3, 3))
    // conv1.weight (8, 3, 3, 3), 216 values: module default: kaiming_uniform_(a=math.sqrt(5)): fan_in = 3*3*3 = 27, gain = calculate_gain('leaky_relu', math.sqrt(5)) = 0.5773502691896257, std = gain/sqrt(fan_in) = 0.1111111111111111, bound = sqrt(3)*std = 0.19245008972987523
    parallel.torchUniform(conv1Weight, 0, 216, -0.19245008972987523, 0.19245008972987523, generator);
    // conv1.bias (8,), 8 values: module default: uniform_(-1/sqrt(fan_in), 1/sqrt(fan_in)): fan_in = 3*3*3 = 27, bound = 1/sqrt(fan_in) = 0.19245008972987526
    parallel.torchUniform(conv1Bias, 0, 8, -0.19245008972987526, 0.19245008972987526, generator);
    initBn1();
    initSep(parallel);
    initUp(parallel);
    // fc = nn.Linear(64, 10)
    // fc.weight (10, 64), 640 values: module default: kaiming_uniform_(a=math.sqrt(5)): fan_in = 64, gain = calculate_gain('leaky_relu', math.sqrt(5)) = 0.5773502691896257, std = gain/sqrt(fan_in) = 0.07216878364870322, bound = sqrt(3)*std = 0.12499999999999999
    parallel.torchUniform(fcWeight, 0, 640, -0.12499999999999999, 0.12499999999999999, generator);
    // fc.bias (10,), 10 values: module default: uniform_(-1/sqrt(fan_in), 1/sqrt(fan_in)): fan_in = 64, bound = 1/sqrt(fan_in) = 0.125
    parallel.torchUniform(fcBias, 0, 10, -0.125, 0.125, generator);
    // then the @Layer initializers, in field order, continuing the stream
    // nn.init.kaiming_normal_(model.conv1.weight, mode='fan_out', nonlinearity='relu')
    // conv1.weight (8, 3, 3, 3), 216 values: kaiming_normal_(mode='fan_out', nonlinearity='relu'): fan_out = 8*3*3 = 72, gain = calculate_gain('relu', 0) = 1.4142135623730951, std = gain/sqrt(fan_out) = 0.16666666666666669
    parallel.torchNormal(conv1Weight, 0, 216, 0.0, 0.16666666666666669, generator);
    // nn.init.orthogonal_(model.fc.weight, gain=calculate_gain('relu'))
    // fc.weight (10, 64), 640 values: orthogonal_(gain=calculate_gain('relu')): orthogonal 10 x 64 (QR of a standard normal matrix), gain = 1.4142135623730951
    fcWeightOrthogonal.fill(fcWeight, 0, 1.4142135623730951, generator);
    // nn.init.zeros_(model.fc.bias)
    // fc.bias (10,), 10 values: zeros_: zeros
    Fill.constant(fcBias, 0, 10, 0.0f);
    this.modelSeed = modelSeed;
    return modelSeed;
  }

  /**
   * Layer {@code conv1}: {@code nn.Conv2d(3, 8, kernel_size=(3, 3))}.
   *
   * <p>Fills its tensors as constructing the module now would and then applies its {@code @Layer} initializers, continuing the generator's
   * stream as it stands: it does not reseed ({@link #initialize(long)} does). Allocates nothing after warm-up.
   *
   * <p>Fans: PyTorch's {@code fan_in = size(1) * prod(k)} and {@code fan_out = size(0) * prod(k)} of the weight: 27 and 72. The same as Keras' fans of its {@code (k..., in, out)} kernel.
   *
   * <p>Predicted at compile time: 224 parameters; linear, predicted variance factor 0.75 (see {@link #SUMMARY}).
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
    // conv1 = nn.Conv2d(3, 8, kernel_size=(3, 3))
    // conv1.weight (8, 3, 3, 3), 216 values: module default: kaiming_uniform_(a=math.sqrt(5)): fan_in = 3*3*3 = 27, gain = calculate_gain('leaky_relu', math.sqrt(5)) = 0.5773502691896257, std = gain/sqrt(fan_in) = 0.1111111111111111, bound = sqrt(3)*std = 0.19245008972987523
    parallel.torchUniform(conv1Weight, 0, 216, -0.19245008972987523, 0.19245008972987523, generator);
    // conv1.bias (8,), 8 values: module default: uniform_(-1/sqrt(fan_in), 1/sqrt(fan_in)): fan_in = 3*3*3 = 27, bound = 1/sqrt(fan_in) = 0.19245008972987526
    parallel.torchUniform(conv1Bias, 0, 8, -0.19245008972987526, 0.19245008972987526, generator);
    // nn.init.kaiming_normal_(model.conv1.weight, mode='fan_out', nonlinearity='relu')
    // conv1.weight (8, 3, 3, 3), 216 values: kaiming_normal_(mode='fan_out', nonlinearity='relu'): fan_out = 8*3*3 = 72, gain = calculate_gain('relu', 0) = 1.4142135623730951, std = gain/sqrt(fan_out) = 0.16666666666666669
    parallel.torchNormal(conv1Weight, 0, 216, 0.0, 0.16666666666666669, generator);
  }

  /**
   * Layer {@code bn1}: {@code nn.BatchNorm2d(8, eps=1e-05, momentum=0.01)}, input channels from the 8 out_channels of conv1.
   *
   * <p>Fills its tensors as constructing the module now would, continuing the generator's
   * stream as it stands: it does not reseed ({@link #initialize(long)} does). Allocates nothing after warm-up.
   *
   * <p>Predicted at compile time: 32 parameters (see {@link #SUMMARY}).
   */
  public void initBn1() {
    // bn1 = nn.BatchNorm2d(8, eps=1e-05, momentum=0.01)
    // bn1.weight (8,), 8 values: module default: ones_: ones
    Fill.constant(bn1Weight, 0, 8, 1.0f);
    // bn1.bias (8,), 8 values: module default: zeros_: zeros
    Fill.constant(bn1Bias, 0, 8, 0.0f);
    // bn1.running_mean (8,), 8 values: module default: zeros_: zeros
    Fill.constant(bn1RunningMean, 0, 8, 0.0f);
    // bn1.running_var (8,), 8 values: module default: ones_: ones
    Fill.constant(bn1RunningVar, 0, 8, 1.0f);
    bn1Module.setNumBatchesTracked(0L);
  }

  /**
   * Layer {@code sep}: {@code nn.Sequential(OrderedDict(depthwise=nn.Conv2d(8, 16, kernel_size=(3, 3), groups=8, bias=False), pointwise=nn.Conv2d(16, 16, kernel_size=1)))}, input channels from the 8 channels of bn1.
   *
   * <p>Fills its tensors as constructing the module now would, continuing the generator's
   * stream as it stands: it does not reseed ({@link #initialize(long)} does). Allocates nothing after warm-up.
   *
   * <p>Fans: PyTorch's {@code fan_in = size(1) * prod(k)} and {@code fan_out = size(0) * prod(k)} of the depthwise weight are 9 and 144: fan_in is the kernel area only, as each output channel sees one input channel (Keras' depthwise kernel {@code (kh, kw, in, depthMultiplier)} gives fan_in = kh*kw*in). The pointwise weight's fan_in is in*depthMultiplier, as in Keras.
   *
   * <p>Predicted at compile time: 416 parameters; linear, predicted variance factor 0.111 (see {@link #SUMMARY}).
   *
   * <p>On the calling thread alone: {@link #initSep(ParallelInitializer)} with one thread.
   */
  public void initSep() {
    initSep(serial);
  }

  /**
   * As {@link #initSep()}, with the same bits, its random uniform and normal tensors filled through
   * {@code parallel} (see {@link #initialize(long, ParallelInitializer)}). Allocates nothing on the
   * calling thread.
   *
   * @throws IllegalArgumentException if {@code parallel} is null or closed, before anything changes
   */
  public void initSep(ParallelInitializer parallel) {
    checkParallel(parallel);
    // sep = nn.Sequential(OrderedDict(depthwise=nn.Conv2d(8, 16, kernel_size=(3, 3), groups=8, bias=False), pointwise=nn.Conv2d(16, 16, kernel_size=1)))
    // sep.depthwise.weight (16, 1, 3, 3), 144 values: module default: kaiming_uniform_(a=math.sqrt(5)): fan_in = 1*3*3 = 9, gain = calculate_gain('leaky_relu', math.sqrt(5)) = 0.5773502691896257, std = gain/sqrt(fan_in) = 0.19245008972987523, bound = sqrt(3)*std = 0.33333333333333326
    parallel.torchUniform(sepDepthwiseWeight, 0, 144, -0.33333333333333326, 0.33333333333333326, generator);
    // sep.pointwise.weight (16, 16, 1, 1), 256 values: module default: kaiming_uniform_(a=math.sqrt(5)): fan_in = 16*1*1 = 16, gain = calculate_gain('leaky_relu', math.sqrt(5)) = 0.5773502691896257, std = gain/sqrt(fan_in) = 0.14433756729740643, bound = sqrt(3)*std = 0.24999999999999997
    parallel.torchUniform(sepPointwiseWeight, 0, 256, -0.24999999999999997, 0.24999999999999997, generator);
    // sep.pointwise.bias (16,), 16 values: module default: uniform_(-1/sqrt(fan_in), 1/sqrt(fan_in)): fan_in = 16*1*1 = 16, bound = 1/sqrt(fan_in) = 0.25
    parallel.torchUniform(sepPointwiseBias, 0, 16, -0.25, 0.25, generator);
  }

  /**
   * Layer {@code up}: {@code nn.ConvTranspose2d(16, 4, kernel_size=(2, 2), groups=2, bias=False)}, input channels from the 16 out_channels of sep.
   *
   * <p>Fills its tensors as constructing the module now would, continuing the generator's
   * stream as it stands: it does not reseed ({@link #initialize(long)} does). Allocates nothing after warm-up.
   *
   * <p>Fans: PyTorch's {@code fan_in = size(1) * prod(k)} and {@code fan_out = size(0) * prod(k)} of the weight: 8 and 64. For this {@code (in, out/groups, k...)} weight fan_in counts the output channels per group and fan_out the input channels; Keras' {@code (k..., filters, in)} kernel also gives fan_in from the filters (Keras has no grouped transposed convolution).
   *
   * <p>Predicted at compile time: 128 parameters; linear, predicted variance factor 1.33 (see {@link #SUMMARY}).
   *
   * <p>On the calling thread alone: {@link #initUp(ParallelInitializer)} with one thread.
   */
  public void initUp() {
    initUp(serial);
  }

  /**
   * As {@link #initUp()}, with the same bits, its random uniform and normal tensors filled through
   * {@code parallel} (see {@link #initialize(long, ParallelInitializer)}). Allocates nothing on the
   * calling thread.
   *
   * @throws IllegalArgumentException if {@code parallel} is null or closed, before anything changes
   */
  public void initUp(ParallelInitializer parallel) {
    checkParallel(parallel);
    // up = nn.ConvTranspose2d(16, 4, kernel_size=(2, 2), groups=2, bias=False)
    // up.weight (16, 2, 2, 2), 128 values: module default: kaiming_uniform_(a=math.sqrt(5)): fan_in = 2*2*2 = 8, gain = calculate_gain('leaky_relu', math.sqrt(5)) = 0.5773502691896257, std = gain/sqrt(fan_in) = 0.20412414523193148, bound = sqrt(3)*std = 0.3535533905932737
    parallel.torchUniform(upWeight, 0, 128, -0.3535533905932737, 0.3535533905932737, generator);
  }

  /**
   * Layer {@code fc}: {@code nn.Linear(64, 10)}.
   *
   * <p>Fills its tensors as constructing the module now would and then applies its {@code @Layer} initializers, continuing the generator's
   * stream as it stands: it does not reseed ({@link #initialize(long)} does). Allocates nothing after warm-up.
   *
   * <p>Predicted at compile time: 650 parameters; linear, predicted variance factor 2 (see {@link #SUMMARY}).
   *
   * <p>On the calling thread alone: {@link #initFc(ParallelInitializer)} with one thread.
   */
  public void initFc() {
    initFc(serial);
  }

  /**
   * As {@link #initFc()}, with the same bits, its random uniform and normal tensors filled through
   * {@code parallel} (see {@link #initialize(long, ParallelInitializer)}). Allocates nothing on the
   * calling thread.
   *
   * @throws IllegalArgumentException if {@code parallel} is null or closed, before anything changes
   */
  public void initFc(ParallelInitializer parallel) {
    checkParallel(parallel);
    // fc = nn.Linear(64, 10)
    // fc.weight (10, 64), 640 values: module default: kaiming_uniform_(a=math.sqrt(5)): fan_in = 64, gain = calculate_gain('leaky_relu', math.sqrt(5)) = 0.5773502691896257, std = gain/sqrt(fan_in) = 0.07216878364870322, bound = sqrt(3)*std = 0.12499999999999999
    parallel.torchUniform(fcWeight, 0, 640, -0.12499999999999999, 0.12499999999999999, generator);
    // fc.bias (10,), 10 values: module default: uniform_(-1/sqrt(fan_in), 1/sqrt(fan_in)): fan_in = 64, bound = 1/sqrt(fan_in) = 0.125
    parallel.torchUniform(fcBias, 0, 10, -0.125, 0.125, generator);
    // nn.init.orthogonal_(model.fc.weight, gain=calculate_gain('relu'))
    // fc.weight (10, 64), 640 values: orthogonal_(gain=calculate_gain('relu')): orthogonal 10 x 64 (QR of a standard normal matrix), gain = 1.4142135623730951
    fcWeightOrthogonal.fill(fcWeight, 0, 1.4142135623730951, generator);
    // nn.init.zeros_(model.fc.bias)
    // fc.bias (10,), 10 values: zeros_: zeros
    Fill.constant(fcBias, 0, 10, 0.0f);
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
   * {@code .safetensors}), under PyTorch's {@code state_dict} keys,
   * with {@link #metadata()}. Values are float32, bit-exact. The file is written to a temporary file
   * that replaces {@code file} when complete.
   *
   * @throws IllegalArgumentException if the name ends in neither, before anything is written
   * @throws IOException if writing fails
   */
  public void save(Path file) throws IOException {
    WeightFiles.save(file, layers, Convention.PYTORCH, metadata());
  }

  /**
   * Saves every weight to {@code file} in {@code format}, whatever the file is called; see
   * {@link #save(Path)}.
   *
   * @throws IOException if writing fails
   */
  public void save(Path file, WeightsFormat format) throws IOException {
    WeightFiles.save(file, format, layers, Convention.PYTORCH, metadata());
  }

  /**
   * Loads every weight from {@code file}, in the format its name ends in ({@code .npz} or
   * {@code .safetensors}), as {@link #save(Path)}, NumPy or PyTorch tools write it: under
   * PyTorch's {@code state_dict} keys.
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
    return WeightFiles.load(file, layers, Convention.PYTORCH);
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
    return WeightFiles.load(file, format, layers, Convention.PYTORCH);
  }

  /**
   * What {@link #save(Path)} records besides the weights: the nninit runtime's version, the current
   * model seed and each layer's initializers.
   */
  public WeightsMetadata metadata() {
    Map<String, String> initializers = new LinkedHashMap<>();
    initializers.put("conv1", "weight=kaiming_normal_(mode='fan_out', nonlinearity='relu'), bias=module default: uniform_(-1/sqrt(fan_in), 1/sqrt(fan_in))");
    initializers.put("bn1", "weight=module default: ones_, bias=module default: zeros_, running_mean=module default: zeros_, running_var=module default: ones_");
    initializers.put("sep", "depthwise.weight=module default: kaiming_uniform_(a=math.sqrt(5)), pointwise.weight=module default: kaiming_uniform_(a=math.sqrt(5)), pointwise.bias=module default: uniform_(-1/sqrt(fan_in), 1/sqrt(fan_in))");
    initializers.put("up", "weight=module default: kaiming_uniform_(a=math.sqrt(5))");
    initializers.put("fc", "weight=orthogonal_(gain=calculate_gain('relu')), bias=zeros_");
    return new WeightsMetadata(NninitVersion.current(), modelSeed, initializers);
  }

  /**
   * Layer {@code bn1} in inference mode ({@code eval()}): per channel
   * {@code y = (x - mean) / sqrt(variance + epsilon) * gamma + beta} with the moving statistics.
   * Changes no weight. Allocates nothing after warm-up.
   *
   * <p>The per-channel scale and shift are derived from the weights on every call, so changed
   * weights (re-initialized, loaded, trained) are always seen; there is nothing to refresh.
   *
   * <p>Bit-exact outputs with PyTorch 1.13 on the CPU (AVX2); the running statistics are only
   * read.
   *
   * @param x the input, {@code batch * 8 * spatial} values, {@code (batch, 8, spatial...)}
   * @param y the output, as long as {@code x}; may be {@code x} (in place)
   * @param batch the batch size, {@code > 0}
   * @param spatial the product of the spatial dimensions, 1 for a 2-D input
   * @throws IllegalArgumentException naming layer {@code bn1} when an array length or size is
   *     wrong, before anything is written
   */
  public void bn1Inference(float[] x, float[] y, int batch, int spatial) {
    bn1Norm.inference(bn1Module, x, y, batch, spatial);
  }

  /**
   * Layer {@code bn1} in training mode ({@code train()}): normalizes with the batch mean
   * and biased variance, then updates the moving statistics and counts the batch in
   * {@code numBatchesTracked()}. Moving statistics: {@code running = (1 - momentum) * running + momentum * batch},
   * with the unbiased batch variance for the running variance.
   * Allocates nothing after warm-up.
   *
   * <p>The per-channel scale and shift are derived from the weights on every call, so changed
   * weights (re-initialized, loaded, trained) are always seen; there is nothing to refresh.
   *
   * <p>Bit-exact with PyTorch 1.13 on the CPU (AVX2), outputs and updated running statistics; for
   * channels-last or 2-D input as with {@code torch.set_num_threads(1)}, since PyTorch's batch
   * statistics there depend on the thread count.
   *
   * @param x the input, {@code batch * 8 * spatial} values, {@code (batch, 8, spatial...)}
   * @param y the output, as long as {@code x}; may be {@code x} (in place)
   * @param batch the batch size, {@code > 0}
   * @param spatial the product of the spatial dimensions, 1 for a 2-D input
   * @throws IllegalArgumentException naming layer {@code bn1} when an array length or size is
   *     wrong, before anything is written
   */
  public void bn1Training(float[] x, float[] y, int batch, int spatial) {
    bn1Norm.training(bn1Module, x, y, batch, spatial);
  }

  /**
   * Layer {@code bn1} normalized with the batch statistics, leaving the running statistics and
   * {@code num_batches_tracked} untouched: what the module does with
   * {@code track_running_stats=False} (in train and eval mode). Allocates nothing.
   *
   * <p>The per-channel scale and shift are derived from the weights on every call, so changed
   * weights (re-initialized, loaded, trained) are always seen; there is nothing to refresh.
   *
   * <p>Bit-exact outputs with PyTorch 1.13 on the CPU (AVX2); the running statistics are neither
   * read nor written; for
   * channels-last or 2-D input as with {@code torch.set_num_threads(1)}, since PyTorch's batch
   * statistics there depend on the thread count.
   *
   * @param x the input, {@code batch * 8 * spatial} values, {@code (batch, 8, spatial...)}
   * @param y the output, as long as {@code x}; may be {@code x} (in place)
   * @param batch the batch size, {@code > 0}
   * @param spatial the product of the spatial dimensions, 1 for a 2-D input
   * @throws IllegalArgumentException naming layer {@code bn1} when an array length or size is
   *     wrong, before anything is written
   */
  public void bn1BatchStatistics(float[] x, float[] y, int batch, int spatial) {
    bn1Norm.batchStatistics(bn1Module, x, y, batch, spatial);
  }

  /**
   * Folds layer {@code bn1}, in inference mode, into layer {@code conv1} before it: writes conv1's
   * kernel and a bias such that the folded layer alone equals {@code conv1} followed by
   * {@code bn1Inference}. Per output channel {@code s = gamma / sqrt(moving_variance + 1.0E-5)},
   * {@code kernel' = kernel * s}, {@code bias' = (bias - moving_mean) * s + beta}, from the
   * current weights. Within about 1e-5 relative of the unfolded pair (float rounding), not bit
   * for bit. Allocates nothing after warm-up.
   *
   * @param kernelOut receives the folded kernel, 216 values shaped as conv1's kernel (8, 3, 3, 3);
   *     may be {@code conv1}'s own (in place)
   * @param biasOut receives the folded bias, 8 values (one per channel)
   * @throws IllegalArgumentException naming both layers when a length is wrong, before anything
   *     is written
   */
  public void foldBn1IntoConv1(float[] kernelOut, float[] biasOut) {
    checkFoldOutput("folding bn1 into conv1", "kernelOut", kernelOut, 216,
        "conv1's kernel (8, 3, 3, 3)");
    checkFoldOutput("folding bn1 into conv1", "biasOut", biasOut, 8,
        "one value per channel of bn1");
    BatchNormFolding.fold(FoldedKernelLayout.PYTORCH, bn1FoldedShape, 1,
        conv1Weight, conv1Bias, bn1Module, 1.0E-5, kernelOut, biasOut);
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
}
