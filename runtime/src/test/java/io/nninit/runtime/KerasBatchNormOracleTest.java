package io.nninit.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Keras BatchNormalization cases from /work/shared/oracles/keras/batchnorm (copy in
 * src/test/resources/oracles/keras), within the oracle's tolerance (rtol 1e-5, atol 1e-6): Keras 3
 * training and inference, tf.keras 2 non-fused and fused updates. Every case also runs channels
 * first (the input transposed, Keras {@code axis=1}), with the same expected values.
 */
class KerasBatchNormOracleTest {

  @TestFactory
  Stream<DynamicTest> everyCaseWithinTolerance() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : cases()) {
      for (ChannelLayout layout : ChannelLayout.values()) {
        String id = c.get("id").asText() + "/" + layout;
        tests.add(DynamicTest.dynamicTest(id + "/keras3", () -> keras3(c, layout)));
        tests.add(DynamicTest.dynamicTest(id + "/tf_keras2_nonfused", () -> nonFused(c, layout)));
        if (c.has("tf_keras2_fused")) {
          tests.add(DynamicTest.dynamicTest(id + "/tf_keras2_fused", () -> fused(c, layout)));
        }
      }
    }
    return tests.stream();
  }

  @Test
  void theOracleHasFiveCases() throws IOException {
    assertEquals(5, cases().size());
  }

  private static List<JsonNode> cases() throws IOException {
    try (InputStream in =
        KerasBatchNormOracleTest.class.getResourceAsStream("/oracles/keras/batchnorm_cases.json")) {
      List<JsonNode> list = new ArrayList<>();
      new ObjectMapper().readTree(in).get("cases").forEach(list::add);
      return list;
    }
  }

  /** A case's layer and input, in one layout. */
  private record Run(
      BatchNorm bn,
      BatchNormWeights weights,
      float[] x,
      int batch,
      int channels,
      int spatial,
      ChannelLayout layout) {
    float[] forward(boolean training) {
      float[] in =
          layout == ChannelLayout.CHANNELS_FIRST
              ? Layouts.toChannelsFirst(x, batch, channels, spatial)
              : x.clone();
      float[] y = new float[in.length];
      if (training) {
        bn.training(weights, in, y, batch, spatial);
      } else {
        bn.inference(weights, in, y, batch, spatial);
      }
      return layout == ChannelLayout.CHANNELS_FIRST
          ? Layouts.toChannelsLast(y, batch, channels, spatial)
          : y;
    }
  }

  private static Run setUp(JsonNode c, ChannelLayout layout, KerasMovingUpdate update) {
    JsonNode shape = c.get("shape");
    int batch = shape.get(0).asInt();
    int channels = shape.get(shape.size() - 1).asInt();
    int spatial = 1;
    for (int i = 1; i < shape.size() - 1; i++) {
      spatial *= shape.get(i).asInt();
    }
    JsonNode in = c.get("inputs");
    BatchNormWeights w =
        Layouts.weights(
            "bn",
            floats(in.get("gamma")),
            floats(in.get("beta")),
            floats(in.get("moving_mean")),
            floats(in.get("moving_variance")));
    BatchNorm bn =
        BatchNorm.keras(
            "bn",
            channels,
            layout,
            c.get("momentum").asDouble(),
            c.get("epsilon").asDouble(),
            update);
    return new Run(bn, w, floats(in.get("x")), batch, channels, spatial, layout);
  }

  private static void keras3(JsonNode c, ChannelLayout layout) {
    Run run = setUp(c, layout, KerasMovingUpdate.KERAS3);
    JsonNode inference = c.get("keras3").get("inference");
    assertClose(floats(inference.get("y")), run.forward(false), "inference y");
    JsonNode training = c.get("keras3").get("training");
    assertClose(floats(training.get("y")), run.forward(true), "training y");
    assertClose(floats(training.get("new_moving_mean")), run.weights().movingMean(), "moving mean");
    assertClose(
        floats(training.get("new_moving_variance")),
        run.weights().movingVariance(),
        "moving variance");
  }

  private static void nonFused(JsonNode c, ChannelLayout layout) {
    Run run = setUp(c, layout, KerasMovingUpdate.TF_KERAS2_NONFUSED);
    float[] y = run.forward(true);
    assertClose(floats(c.get("keras3").get("training").get("y")), y, "training y");
    JsonNode expected = c.get("tf_keras2_nonfused");
    assertClose(floats(expected.get("new_moving_mean")), run.weights().movingMean(), "moving mean");
    assertClose(
        floats(expected.get("new_moving_variance")),
        run.weights().movingVariance(),
        "moving variance");
  }

  private static void fused(JsonNode c, ChannelLayout layout) {
    Run run = setUp(c, layout, KerasMovingUpdate.TF_KERAS2_FUSED);
    JsonNode expected = c.get("tf_keras2_fused");
    assertClose(floats(expected.get("y")), run.forward(true), "fused y");
    assertClose(floats(expected.get("new_moving_mean")), run.weights().movingMean(), "moving mean");
    assertClose(
        floats(expected.get("new_moving_variance_unbiased_ema")),
        run.weights().movingVariance(),
        "moving variance (unbiased)");
  }

  static void assertClose(float[] expected, float[] actual, String what) {
    assertEquals(expected.length, actual.length, what + " length");
    for (int i = 0; i < expected.length; i++) {
      double e = expected[i];
      double err = Math.abs(actual[i] - e);
      int at = i;
      assertTrue(
          err <= 1e-6 + 1e-5 * Math.abs(e),
          () -> what + "[" + at + "]: expected " + e + ", got " + actual[at]);
    }
  }

  private static float[] floats(JsonNode values) {
    float[] out = new float[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) values.get(i).asDouble();
    }
    return out;
  }
}
