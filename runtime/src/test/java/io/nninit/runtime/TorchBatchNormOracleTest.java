package io.nninit.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * PyTorch 1.13 BatchNorm{1,2,3}d cases from /work/shared/oracles/torch (trimmed copy in
 * src/test/resources/oracles/torch), compared bit for bit: outputs, running statistics and
 * num_batches_tracked after each of three training steps, and eval outputs.
 */
class TorchBatchNormOracleTest {
  private static final String ROOT = "/oracles/torch/";

  @TestFactory
  Stream<DynamicTest> everyBatchNormCaseIsBitExact() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : cases()) {
      tests.add(DynamicTest.dynamicTest(c.get("id").asText(), () -> run(c)));
    }
    return tests.stream();
  }

  @Test
  void theTrimmedCopyHoldsAllThirtyFiveCases() throws IOException {
    assertEquals(35, cases().size());
  }

  private static List<JsonNode> cases() throws IOException {
    try (InputStream in =
        TorchBatchNormOracleTest.class.getResourceAsStream(ROOT + "batch_norm_cases.json")) {
      JsonNode root = new ObjectMapper().readTree(in);
      List<JsonNode> list = new ArrayList<>();
      root.get("cases").forEach(list::add);
      return list;
    }
  }

  private static void run(JsonNode c) throws IOException {
    int[] shape = shape(c.get("shape"));
    int batch = shape[0];
    int channels = shape[1];
    int spatial = 1;
    for (int i = 2; i < shape.length; i++) {
      spatial *= shape[i];
    }
    boolean channelsLast = "channels_last".equals(c.get("memory_format").asText());
    JsonNode kwargs = c.get("kwargs");
    double eps = kwargs.has("eps") ? kwargs.get("eps").asDouble() : 1e-5;
    int threads = c.get("num_threads").asInt();
    ChannelLayout layout =
        channelsLast ? ChannelLayout.CHANNELS_LAST : ChannelLayout.CHANNELS_FIRST;
    BatchNorm bn =
        kwargs.has("momentum") && kwargs.get("momentum").isNull()
            ? BatchNorm.pytorchCumulative("bn", channels, layout, eps, threads)
            : BatchNorm.pytorch(
                "bn",
                channels,
                layout,
                kwargs.has("momentum") ? kwargs.get("momentum").asDouble() : 0.1,
                eps,
                threads);
    JsonNode in = c.get("inputs");
    JsonNode out = c.get("outputs");
    float[] ones = new float[channels];
    java.util.Arrays.fill(ones, 1f);
    BatchNormWeights w =
        Layouts.weights(
            "bn",
            in.has("weight") ? array(in.get("weight")) : null,
            in.has("bias") ? array(in.get("bias")) : null,
            in.has("running_mean") ? array(in.get("running_mean")) : new float[channels],
            in.has("running_var") ? array(in.get("running_var")) : ones);
    String mode = c.get("mode").asText();
    if (mode.equals("train")) {
      for (int k = 1; k <= 3; k++) {
        float[] y =
            forward(bn, w, array(in.get("x" + k)), batch, channels, spatial, channelsLast, 0);
        assertBits(array(out.get("out" + k)), y, "out" + k);
        assertBits(array(out.get("running_mean" + k)), w.movingMean(), "running_mean" + k);
        assertBits(array(out.get("running_var" + k)), w.movingVariance(), "running_var" + k);
        assertEquals(out.get("num_batches_tracked" + k).asLong(), w.numBatchesTracked());
      }
    } else if (mode.equals("eval")) {
      float[] y = forward(bn, w, array(in.get("x")), batch, channels, spatial, channelsLast, 1);
      assertBits(array(out.get("out")), y, "out");
    } else {
      float[] x = array(in.get("x"));
      float[] train = forward(bn, w, x, batch, channels, spatial, channelsLast, 2);
      assertBits(array(out.get("out_train")), train, "out_train");
      float[] eval = forward(bn, w, x, batch, channels, spatial, channelsLast, 2);
      assertBits(array(out.get("out_eval")), eval, "out_eval");
      assertEquals(0, w.numBatchesTracked());
    }
  }

  /**
   * mode 0 training, 1 inference, 2 batch statistics without update. Input and output in NC* order.
   */
  private static float[] forward(
      BatchNorm bn,
      BatchNormWeights w,
      float[] x,
      int batch,
      int channels,
      int spatial,
      boolean channelsLast,
      int mode) {
    float[] in = channelsLast ? Layouts.toChannelsLast(x, batch, channels, spatial) : x.clone();
    float[] y = new float[in.length];
    if (mode == 0) {
      bn.training(w, in, y, batch, spatial);
    } else if (mode == 1) {
      bn.inference(w, in, y, batch, spatial);
    } else {
      bn.batchStatistics(w, in, y, batch, spatial);
    }
    return channelsLast ? Layouts.toChannelsFirst(y, batch, channels, spatial) : y;
  }

  static void assertBits(float[] expected, float[] actual, String what) {
    assertEquals(expected.length, actual.length, what + " length");
    int mismatches = 0;
    int first = -1;
    for (int i = 0; i < expected.length; i++) {
      if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
        if (first < 0) {
          first = i;
        }
        mismatches++;
      }
    }
    int f = first;
    int m = mismatches;
    assertTrue(
        mismatches == 0,
        () ->
            what
                + ": "
                + m
                + " bit mismatches, first at "
                + f
                + ": expected "
                + expected[f]
                + " got "
                + actual[f]);
  }

  private static int[] shape(JsonNode node) {
    int[] s = new int[node.size()];
    for (int i = 0; i < s.length; i++) {
      s[i] = node.get(i).asInt();
    }
    return s;
  }

  private static float[] array(JsonNode ref) throws IOException {
    String file = ref.get("file").asText();
    long offset = ref.get("offset_bytes").asLong();
    int count = ref.get("count").asInt();
    try (InputStream in = TorchBatchNormOracleTest.class.getResourceAsStream(ROOT + file)) {
      in.skipNBytes(offset);
      byte[] bytes = in.readNBytes(count * 4);
      float[] out = new float[count];
      ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
      return out;
    }
  }
}
