package io.nninit.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.testing.compile.Compilation;
import io.nninit.runtime.BatchNorm;
import io.nninit.runtime.BatchNormWeights;
import io.nninit.runtime.ChannelLayout;
import io.nninit.runtime.KerasMovingUpdate;
import io.nninit.runtime.Parameter;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;

/**
 * Compiles models with batch-norm layers, loads the generated classes and runs their forward
 * methods: they equal direct {@link BatchNorm} calls with the constants the plan folds in, and
 * reproduce Keras (TensorFlow 2.18, within rtol 1e-5 / atol 1e-6) and PyTorch 1.13 (bit for bit)
 * oracle cases copied into {@code src/test/resources/oracles}.
 */
class GeneratedBatchNormTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A compiled model: the annotated instance and its generated {@code _Layers} object. */
  private record Compiled(Object model, Object layers) {
    BatchNormWeights bn(String field) throws ReflectiveOperationException {
      return (BatchNormWeights) CompiledClasses.field(model, field);
    }

    void call(String method, Object... args) throws Throwable {
      for (Method m : layers.getClass().getDeclaredMethods()) {
        if (m.getName().equals(method)) {
          m.setAccessible(true);
          try {
            m.invoke(layers, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
          return;
        }
      }
      throw new AssertionError("no generated method " + method);
    }
  }

  private static Compilation compile(String name, String body) {
    Compilation compilation = Sources.strict(Sources.model(name, body));
    assertThat(compilation).succeededWithoutWarnings();
    return compilation;
  }

  private static Compiled model(String name, String body) throws ReflectiveOperationException {
    Object[] m = new CompiledClasses(compile(name, body)).newModel("test." + name, 1L);
    return new Compiled(m[0], m[1]);
  }

  private static String source(String name, String body) throws IOException {
    return GeneratedSourceTest.generated(compile(name, body), "test." + name + "_Layers");
  }

  // ---------------------------------------------------------------- Keras

  private static JsonNode kerasCase(String id) throws IOException {
    try (InputStream in =
        GeneratedBatchNormTest.class.getResourceAsStream("/oracles/keras/batchnorm_cases.json")) {
      for (JsonNode c : JSON.readTree(in).get("cases")) {
        if (c.get("id").asText().equals(id)) {
          return c;
        }
      }
    }
    throw new AssertionError("no Keras case " + id);
  }

  private static final String KERAS_CONV =
      """
      @Model(flavor = KerasFlavor.%s, dataFormat = DataFormat.%s)
      class KerasConv {
        @Layer(type = LayerType.CONV2D, inputChannels = 2, filters = 5, kernelSize = 1)
        ConvWeights conv;
        @Layer(type = LayerType.BATCH_NORMALIZATION)
        BatchNormWeights bn;
      }
      """;

  /** Loads a Keras case's gamma, beta and moving statistics into {@code w}. */
  private static void load(JsonNode c, BatchNormWeights w) {
    JsonNode in = c.get("inputs");
    copy(floats(in.get("gamma")), w.gamma());
    copy(floats(in.get("beta")), w.beta());
    copy(floats(in.get("moving_mean")), w.movingMean());
    copy(floats(in.get("moving_variance")), w.movingVariance());
  }

  @Test
  void kerasConvCaseMatchesTensorFlowAndDirectBatchNorm() throws Throwable {
    JsonNode c = kerasCase("conv_2x3x3x5");
    Compiled m = model("KerasConv", KERAS_CONV.formatted("KERAS3", "CONVENTION_DEFAULT"));
    BatchNormWeights w = m.bn("bn");
    load(c, w);
    BatchNormWeights direct = copyOf(w);
    BatchNorm bn =
        BatchNorm.keras("bn", 5, ChannelLayout.CHANNELS_LAST, 0.99, 1e-3, KerasMovingUpdate.KERAS3);
    float[] x = floats(c.get("inputs").get("x"));
    float[] y = new float[x.length];
    float[] expected = new float[x.length];

    m.call("bnInference", x, y, 2, 9);
    assertClose(floats(c.get("keras3").get("inference").get("y")), y, "inference y");
    bn.inference(direct, x, expected, 2, 9);
    assertArrayEquals(expected, y);

    m.call("bnTraining", x, y, 2, 9);
    JsonNode training = c.get("keras3").get("training");
    assertClose(floats(training.get("y")), y, "training y");
    assertClose(floats(training.get("new_moving_mean")), w.movingMean(), "moving mean");
    assertClose(floats(training.get("new_moving_variance")), w.movingVariance(), "moving var");
    bn.training(direct, x, expected, 2, 9);
    assertArrayEquals(expected, y);
    assertArrayEquals(direct.movingMean(), w.movingMean());
    assertArrayEquals(direct.movingVariance(), w.movingVariance());
    assertEquals(1L, w.numBatchesTracked());
  }

  @Test
  void tfKeras2OnAConvolutionUsesTheFusedUpdate() throws Throwable {
    JsonNode c = kerasCase("conv_2x3x3x5");
    Compiled m = model("KerasConv", KERAS_CONV.formatted("TF_KERAS2", "CONVENTION_DEFAULT"));
    BatchNormWeights w = m.bn("bn");
    load(c, w);
    float[] x = floats(c.get("inputs").get("x"));
    float[] y = new float[x.length];
    m.call("bnTraining", x, y, 2, 9);
    JsonNode fused = c.get("tf_keras2_fused");
    assertClose(floats(fused.get("y")), y, "fused y");
    assertClose(floats(fused.get("new_moving_mean")), w.movingMean(), "moving mean");
    assertClose(
        floats(fused.get("new_moving_variance_unbiased_ema")), w.movingVariance(), "moving var");
  }

  @Test
  void tfKeras2AfterDenseUsesTheNonFusedUpdate() throws Throwable {
    JsonNode c = kerasCase("dense_8x4_default_params");
    Compiled m =
        model(
            "KerasDense",
            """
            @Model(flavor = KerasFlavor.TF_KERAS2)
            class KerasDense {
              @Layer(type = LayerType.DENSE, inputChannels = 3, units = 4)
              DenseWeights fc;
              @Layer(type = LayerType.BATCH_NORMALIZATION)
              BatchNormWeights bn;
            }
            """);
    BatchNormWeights w = m.bn("bn");
    load(c, w);
    float[] x = floats(c.get("inputs").get("x"));
    float[] y = new float[x.length];
    m.call("bnTraining", x, y, 8, 1);
    assertClose(floats(c.get("keras3").get("training").get("y")), y, "training y");
    JsonNode nonFused = c.get("tf_keras2_nonfused");
    assertClose(floats(nonFused.get("new_moving_mean")), w.movingMean(), "moving mean");
    assertClose(floats(nonFused.get("new_moving_variance")), w.movingVariance(), "moving var");
  }

  @Test
  void channelsFirstDataFormatTakesTransposedInput() throws Throwable {
    JsonNode c = kerasCase("conv_2x3x3x5");
    Compiled m = model("KerasConv", KERAS_CONV.formatted("KERAS3", "CHANNELS_FIRST"));
    load(c, m.bn("bn"));
    float[] x = toChannelsFirst(floats(c.get("inputs").get("x")), 2, 5, 9);
    m.call("bnInference", x, x, 2, 9); // in place
    assertClose(
        floats(c.get("keras3").get("inference").get("y")),
        toChannelsLast(x, 2, 5, 9),
        "inference y");
  }

  @Test
  void tfKeras2FusedBatchNormComputesWithTheRaisedEpsilon() throws IOException {
    String src =
        source(
            "SmallEpsilon",
            """
            @Model(flavor = KerasFlavor.TF_KERAS2)
            class SmallEpsilon {
              @Layer(type = LayerType.CONV2D, inputChannels = 3, filters = 4, kernelSize = 3)
              ConvWeights conv;
              @Layer(type = LayerType.BATCH_NORMALIZATION, epsilon = 1e-6)
              BatchNormWeights fused;
              @Layer(type = LayerType.DENSE, units = 2)
              DenseWeights dense;
              @Layer(type = LayerType.BATCH_NORMALIZATION, epsilon = 1e-6)
              BatchNormWeights plain;
            }
            """);
    // tf.nn.fused_batch_norm raises epsilon to 1.001e-5; the 2-D (non-fused) one keeps its own
    assertTrue(src.contains("0.99, 1.001E-5, KerasMovingUpdate.TF_KERAS2_FUSED);"), src);
    assertTrue(src.contains("0.99, 1.0E-6, KerasMovingUpdate.TF_KERAS2_NONFUSED);"), src);
    assertTrue(
        src.contains("<li>epsilon 1.001E-5: @Layer(epsilon), raised from 1.0E-6 to 1.001E-5\n"),
        src);
    assertTrue(
        src.contains("as tf.nn.fused_batch_norm does (tf.keras 2 fuses whatever the epsilon)"),
        src);
    // the fold computes with the epsilon the forward pass uses
    assertTrue(src.contains("fusedWeights, 1.001E-5, kernelOut, biasOut);"), src);
    String keras3 = source("SmallEpsilon3", SMALL_EPSILON_KERAS3);
    assertTrue(keras3.contains("0.99, 1.0E-6, KerasMovingUpdate.KERAS3);"), keras3);
    assertFalse(keras3.contains("raised from"), keras3);
  }

  private static final String SMALL_EPSILON_KERAS3 =
      """
      @Model(flavor = KerasFlavor.KERAS3)
      class SmallEpsilon3 {
        @Layer(type = LayerType.CONV2D, inputChannels = 3, filters = 4, kernelSize = 3)
        ConvWeights conv;
        @Layer(type = LayerType.BATCH_NORMALIZATION, epsilon = 1e-6)
        BatchNormWeights fused;
      }
      """;

  @Test
  void kerasDefaultsAndExplicitValuesAreFoldedIn() throws IOException {
    String defaults = source("KerasConv", KERAS_CONV.formatted("KERAS3", "CONVENTION_DEFAULT"));
    assertTrue(
        defaults.contains(
            "BatchNorm.keras(\"bn\", 5, ChannelLayout.CHANNELS_LAST,\n"
                + "      0.99, 0.001, KerasMovingUpdate.KERAS3);"),
        defaults);
    assertTrue(defaults.contains("<li>5 channels: the 5 filters of conv\n"), defaults);
    String explicit =
        source(
            "Explicit",
            """
            @Model(flavor = KerasFlavor.TF_KERAS2)
            class Explicit {
              @Layer(type = LayerType.BATCH_NORMALIZATION, inputChannels = 3, momentum = 0.5,
                  epsilon = 0.25)
              BatchNormWeights first;
              @Layer(type = LayerType.CONV1D, filters = 4, kernelSize = 3)
              ConvWeights conv;
              @Layer(type = LayerType.BATCH_NORMALIZATION)
              BatchNormWeights second;
              @Layer(type = LayerType.CONV3D, filters = 2, kernelSize = 1)
              ConvWeights conv3;
              @Layer(type = LayerType.BATCH_NORMALIZATION)
              BatchNormWeights third;
            }
            """);
    // no layer before `first`: a 4-D input is assumed
    assertTrue(explicit.contains("0.5, 0.25, KerasMovingUpdate.TF_KERAS2_FUSED);"), explicit);
    assertTrue(explicit.contains("0.99, 0.001, KerasMovingUpdate.TF_KERAS2_NONFUSED);"), explicit);
    assertTrue(explicit.contains("BatchNorm.keras(\"third\", 2,"), explicit);
    assertEquals(2, count(explicit, "KerasMovingUpdate.TF_KERAS2_FUSED);"), explicit);
    assertTrue(explicit.contains("void foldSecondIntoConv("), explicit);
    assertTrue(explicit.contains("void foldThirdIntoConv3("), explicit);
    assertEquals(2, count(explicit, "void fold"), explicit);
  }

  // ---------------------------------------------------------------- PyTorch

  private static JsonNode torchCase(String id) throws IOException {
    try (InputStream in =
        GeneratedBatchNormTest.class.getResourceAsStream("/oracles/torch/batch_norm_cases.json")) {
      for (JsonNode c : JSON.readTree(in).get("cases")) {
        if (c.get("id").asText().equals(id)) {
          return c;
        }
      }
    }
    throw new AssertionError("no PyTorch case " + id);
  }

  private static float[] torchArray(JsonNode ref) throws IOException {
    try (InputStream in =
        GeneratedBatchNormTest.class.getResourceAsStream(
            "/oracles/torch/" + ref.get("file").asText())) {
      in.skipNBytes(ref.get("offset_bytes").asLong());
      int count = ref.get("count").asInt();
      float[] out = new float[count];
      ByteBuffer.wrap(in.readNBytes(count * 4))
          .order(ByteOrder.LITTLE_ENDIAN)
          .asFloatBuffer()
          .get(out);
      return out;
    }
  }

  private static void loadTorch(JsonNode c, BatchNormWeights w) throws IOException {
    JsonNode in = c.get("inputs");
    copy(torchArray(in.get("weight")), w.gamma());
    copy(torchArray(in.get("bias")), w.beta());
    copy(torchArray(in.get("running_mean")), w.movingMean());
    copy(torchArray(in.get("running_var")), w.movingVariance());
  }

  private static final String TORCH_CONV =
      """
      @Model(convention = Convention.PYTORCH, seed = 3)
      class TorchConv {
        @Layer(type = LayerType.CONV2D, inputChannels = 2, filters = 3, kernelSize = 1)
        ConvWeights conv;
        @Layer(type = LayerType.BATCH_NORMALIZATION)
        BatchNormWeights bn;
      }
      """;

  @Test
  void torchContiguousTrainingIsBitExactOverThreeSteps() throws Throwable {
    JsonNode c =
        torchCase(
            "batch_norm2d/train/momentum=0.1,eps=1e-05,affine=True/contiguous/threads1/4x3x5x5");
    Compiled m = model("TorchConv", TORCH_CONV);
    BatchNormWeights w = m.bn("bn");
    loadTorch(c, w);
    BatchNormWeights direct = copyOf(w);
    BatchNorm bn = BatchNorm.pytorch("bn", 3, ChannelLayout.CHANNELS_FIRST, 0.1, 1e-5, 1);
    for (int k = 1; k <= 3; k++) {
      float[] x = torchArray(c.get("inputs").get("x" + k));
      float[] y = new float[x.length];
      m.call("bnTraining", x, y, 4, 25);
      JsonNode out = c.get("outputs");
      assertBits(torchArray(out.get("out" + k)), y, "out" + k);
      assertBits(torchArray(out.get("running_mean" + k)), w.movingMean(), "running_mean" + k);
      assertBits(torchArray(out.get("running_var" + k)), w.movingVariance(), "running_var" + k);
      assertEquals(out.get("num_batches_tracked" + k).asLong(), w.numBatchesTracked());
      float[] expected = new float[x.length];
      bn.training(direct, x, expected, 4, 25);
      assertArrayEquals(expected, y);
    }
  }

  @Test
  void torchContiguousEvalIsBitExact() throws Throwable {
    JsonNode c =
        torchCase(
            "batch_norm2d/eval/momentum=0.1,eps=1e-05,affine=True/contiguous/threads1/4x3x5x5");
    Compiled m = model("TorchConv", TORCH_CONV);
    loadTorch(c, m.bn("bn"));
    float[] x = torchArray(c.get("inputs").get("x"));
    m.call("bnInference", x, x, 4, 25); // in place
    assertBits(torchArray(c.get("outputs").get("out")), x, "out");
  }

  @Test
  void torchChannelsLastWithExplicitEpsilonIsBitExact() throws Throwable {
    JsonNode c =
        torchCase(
            "batch_norm2d/train/momentum=0.1,eps=0.001,affine=True/channels_last/threads1/1x8x7x7");
    Compiled m =
        model(
            "TorchLast",
            """
            @Model(convention = Convention.PYTORCH, dataFormat = DataFormat.CHANNELS_LAST)
            class TorchLast {
              @Layer(type = LayerType.CONV2D, inputChannels = 2, filters = 8, kernelSize = 1)
              ConvWeights conv;
              @Layer(type = LayerType.BATCH_NORMALIZATION, epsilon = 0.001)
              BatchNormWeights bn;
            }
            """);
    BatchNormWeights w = m.bn("bn");
    loadTorch(c, w);
    for (int k = 1; k <= 3; k++) {
      // the oracle stores channels_last tensors in their logical NCHW order
      float[] x = toChannelsLast(torchArray(c.get("inputs").get("x" + k)), 1, 8, 49);
      float[] y = new float[x.length];
      m.call("bnTraining", x, y, 1, 49);
      JsonNode out = c.get("outputs");
      assertBits(torchArray(out.get("out" + k)), toChannelsFirst(y, 1, 8, 49), "out" + k);
      assertBits(torchArray(out.get("running_mean" + k)), w.movingMean(), "running_mean" + k);
      assertBits(torchArray(out.get("running_var" + k)), w.movingVariance(), "running_var" + k);
    }
  }

  @Test
  void torchBatchNorm1dAfterLinearIsBitExact() throws Throwable {
    JsonNode c =
        torchCase("batch_norm1d/train/momentum=0.1,eps=1e-05,affine=True/contiguous/threads1/8x16");
    Compiled m =
        model(
            "TorchDense",
            """
            @Model(convention = Convention.PYTORCH)
            class TorchDense {
              @Layer(type = LayerType.DENSE, inputChannels = 4, units = 16)
              DenseWeights fc;
              @Layer(type = LayerType.BATCH_NORMALIZATION)
              BatchNormWeights bn;
            }
            """);
    BatchNormWeights w = m.bn("bn");
    loadTorch(c, w);
    for (int k = 1; k <= 3; k++) {
      float[] x = torchArray(c.get("inputs").get("x" + k));
      float[] y = new float[x.length];
      m.call("bnTraining", x, y, 8, 1);
      JsonNode out = c.get("outputs");
      assertBits(torchArray(out.get("out" + k)), y, "out" + k);
      assertBits(torchArray(out.get("running_var" + k)), w.movingVariance(), "running_var" + k);
    }
  }

  @Test
  void torchBatchStatisticsIsTrackRunningStatsFalse() throws Throwable {
    JsonNode c = torchCase("batch_norm2d/no_running_stats/4x3x5x5");
    Compiled m = model("TorchConv", TORCH_CONV);
    BatchNormWeights w = m.bn("bn"); // module defaults: weight 1, bias 0, as without affine
    float[] x = torchArray(c.get("inputs").get("x"));
    float[] y = new float[x.length];
    m.call("bnBatchStatistics", x, y, 4, 25);
    assertBits(torchArray(c.get("outputs").get("out_train")), y, "out_train");
    assertBits(torchArray(c.get("outputs").get("out_eval")), y, "out_eval");
    assertArrayEquals(new float[3], w.movingMean());
    assertEquals(0L, w.numBatchesTracked());
  }

  // ---------------------------------------------------------------- bad input, allocation

  @Test
  void badLengthsThrowNamingTheLayerBeforeWriting() throws Throwable {
    Compiled m = model("KerasConv", KERAS_CONV.formatted("KERAS3", "CONVENTION_DEFAULT"));
    float[] x = new float[2 * 5 * 9];
    float[] y = new float[2 * 5 * 9 - 1];
    Arrays.fill(y, Float.NaN);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> m.call("bnTraining", x, y, 2, 9));
    assertTrue(e.getMessage().startsWith("layer bn: y has length 89, expected 90"), e.getMessage());
    assertTrue(Float.isNaN(y[0]));
    assertEquals(0L, m.bn("bn").numBatchesTracked());

    float[] kernel = new float[2 * 5 + 1];
    float[] bias = new float[5];
    Arrays.fill(kernel, Float.NaN);
    Arrays.fill(bias, Float.NaN);
    e = assertThrows(IllegalArgumentException.class, () -> m.call("foldBnIntoConv", kernel, bias));
    assertEquals(
        "folding bn into conv: kernelOut must hold conv's kernel (1, 1, 2, 5), 10 values, but has"
            + " 11; pass a float[10]",
        e.getMessage());
    float[] goodKernel = new float[10];
    Arrays.fill(goodKernel, Float.NaN);
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> m.call("foldBnIntoConv", goodKernel, new float[4]));
    assertTrue(
        e.getMessage()
            .startsWith(
                "folding bn into conv: biasOut must hold one value per"
                    + " channel of bn, 5 values, but has 4"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> m.call("foldBnIntoConv", null, bias));
    assertTrue(e.getMessage().contains("kernelOut must hold"), e.getMessage());
    assertTrue(e.getMessage().contains("but is null"), e.getMessage());
    for (float[] a : new float[][] {kernel, bias, goodKernel}) {
      for (float v : a) {
        assertTrue(Float.isNaN(v), "written before the check");
      }
    }
  }

  @Test
  void forwardAndFoldAllocateNothingAfterWarmUp() throws Exception {
    Compilation compilation =
        Sources.strict(
            Sources.model("KerasConv", KERAS_CONV.formatted("KERAS3", "CONVENTION_DEFAULT")),
            Sources.model("TorchConv", TORCH_CONV),
            Sources.model(
                "Driver",
                """
                /** Runs the generated methods through an interface: no reflection, no boxing. */
                public final class Driver implements java.util.function.IntConsumer {
                  private final KerasConv_Layers keras = new KerasConv_Layers(new KerasConv(), 1L);
                  private final TorchConv_Layers torch = new TorchConv_Layers(new TorchConv(), 1L);
                  private final float[] x = new float[4 * 5 * 6];
                  private final float[] y = new float[4 * 5 * 6];
                  private final float[] t = new float[4 * 3 * 10];
                  private final float[] kernel = new float[10];
                  private final float[] torchKernel = new float[6];
                  private final float[] bias = new float[5];
                  private final float[] torchBias = new float[3];

                  public Driver() {
                    for (int i = 0; i < x.length; i++) {
                      x[i] = (i % 7) * 0.25f;
                    }
                    for (int i = 0; i < t.length; i++) {
                      t[i] = (i % 5) * 0.5f;
                    }
                  }

                  @Override
                  public void accept(int mode) {
                    switch (mode) {
                      case 0 -> keras.bnInference(x, y, 4, 6);
                      case 1 -> keras.bnTraining(x, y, 4, 6);
                      case 2 -> torch.bnInference(t, t, 4, 10);
                      case 3 -> torch.bnTraining(t, t, 4, 10);
                      case 4 -> torch.bnBatchStatistics(t, t, 4, 10);
                      default -> {
                        keras.foldBnIntoConv(kernel, bias);
                        torch.foldBnIntoConv(torchKernel, torchBias);
                      }
                    }
                  }
                }
                """));
    assertThat(compilation).succeededWithoutWarnings();
    var ctor = new CompiledClasses(compilation).loadClass("test.Driver").getConstructor();
    IntConsumer driver = (IntConsumer) ctor.newInstance();
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    for (int mode = 0; mode <= 5; mode++) {
      for (int i = 0; i < 3; i++) {
        driver.accept(mode); // warm up
      }
      long before = threads.getCurrentThreadAllocatedBytes();
      driver.accept(mode);
      long after = threads.getCurrentThreadAllocatedBytes();
      assertEquals(0L, after - before, "mode " + mode);
    }
  }

  // ---------------------------------------------------------------- helpers

  private static BatchNormWeights copyOf(BatchNormWeights w) {
    int c = w.channels();
    BatchNormWeights copy =
        new BatchNormWeights(
            w.layerName(),
            new Parameter("gamma", c),
            new Parameter("beta", c),
            new Parameter("moving_mean", c),
            new Parameter("moving_variance", c));
    copy(w.gamma(), copy.gamma());
    copy(w.beta(), copy.beta());
    copy(w.movingMean(), copy.movingMean());
    copy(w.movingVariance(), copy.movingVariance());
    return copy;
  }

  private static void copy(float[] from, float[] to) {
    assertEquals(to.length, from.length);
    System.arraycopy(from, 0, to, 0, from.length);
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }

  static float[] floats(JsonNode values) {
    float[] out = new float[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) values.get(i).asDouble();
    }
    return out;
  }

  /** (batch, spatial, channels) to (batch, channels, spatial). */
  static float[] toChannelsFirst(float[] a, int batch, int channels, int spatial) {
    float[] out = new float[a.length];
    for (int b = 0; b < batch; b++) {
      for (int s = 0; s < spatial; s++) {
        for (int c = 0; c < channels; c++) {
          out[(b * channels + c) * spatial + s] = a[(b * spatial + s) * channels + c];
        }
      }
    }
    return out;
  }

  /** (batch, channels, spatial) to (batch, spatial, channels). */
  static float[] toChannelsLast(float[] a, int batch, int channels, int spatial) {
    float[] out = new float[a.length];
    for (int b = 0; b < batch; b++) {
      for (int s = 0; s < spatial; s++) {
        for (int c = 0; c < channels; c++) {
          out[(b * spatial + s) * channels + c] = a[(b * channels + c) * spatial + s];
        }
      }
    }
    return out;
  }

  /** The Keras oracle's tolerance: rtol 1e-5, atol 1e-6. */
  static void assertClose(float[] expected, float[] actual, String what) {
    assertEquals(expected.length, actual.length, what + " length");
    for (int i = 0; i < expected.length; i++) {
      double e = expected[i];
      int at = i;
      assertTrue(
          Math.abs(actual[i] - e) <= 1e-6 + 1e-5 * Math.abs(e),
          () -> what + "[" + at + "]: expected " + e + ", got " + actual[at]);
    }
  }

  private static void assertBits(float[] expected, float[] actual, String what) {
    assertEquals(expected.length, actual.length, what + " length");
    for (int i = 0; i < expected.length; i++) {
      int at = i;
      assertEquals(
          Float.floatToRawIntBits(expected[i]),
          Float.floatToRawIntBits(actual[i]),
          () -> what + "[" + at + "]: expected " + expected[at] + ", got " + actual[at]);
    }
  }
}
