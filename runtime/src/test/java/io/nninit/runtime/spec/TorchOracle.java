package io.nninit.runtime.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The PyTorch oracle copied into {@code src/test/resources/oracles/torch}: {@code index.json} and
 * the little-endian float32 arrays it points at (values produced by PyTorch 1.13.1 itself).
 */
final class TorchOracle {
  private static final String ROOT = "/oracles/torch/";
  private final JsonNode index;
  private final Map<String, byte[]> files = new HashMap<>();

  private TorchOracle(JsonNode index) {
    this.index = index;
  }

  static TorchOracle load() {
    try (InputStream in = TorchOracle.class.getResourceAsStream(ROOT + "index.json")) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + ROOT + "index.json");
      }
      return new TorchOracle(new ObjectMapper().readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  List<JsonNode> cases() {
    List<JsonNode> list = new ArrayList<>();
    index.get("cases").forEach(list::add);
    return list;
  }

  /** The float32 array an output reference points at. */
  float[] array(JsonNode reference) {
    byte[] bytes = files.computeIfAbsent(reference.get("file").asText(), TorchOracle::read);
    int count = reference.get("count").asInt();
    ByteBuffer buffer =
        ByteBuffer.wrap(bytes, reference.get("offset_bytes").asInt(), count * 4)
            .order(ByteOrder.LITTLE_ENDIAN);
    float[] values = new float[count];
    buffer.asFloatBuffer().get(values);
    return values;
  }

  static int[] shape(JsonNode node) {
    int[] shape = new int[node.size()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = node.get(i).asInt();
    }
    return shape;
  }

  /**
   * A JSON value as Python source: {@code 0}, {@code 0.5}, {@code 'relu'}, {@code True}, {@code
   * None}.
   */
  static String python(JsonNode value) {
    if (value.isNull()) {
      return "None";
    }
    if (value.isBoolean()) {
      return value.asBoolean() ? "True" : "False";
    }
    if (value.isTextual()) {
      return "'" + value.asText() + "'";
    }
    if (value.isIntegralNumber()) {
      return value.asText();
    }
    return Double.toString(value.asDouble());
  }

  private static byte[] read(String file) {
    try (InputStream in = TorchOracle.class.getResourceAsStream(ROOT + file)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + ROOT + file);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
