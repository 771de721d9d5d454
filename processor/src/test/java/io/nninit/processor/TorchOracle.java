package io.nninit.processor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code module_init/} and {@code sequence/} cases of the PyTorch 1.13 oracle, copied from
 * {@code /work/shared/oracles/torch} into {@code src/test/resources/oracles/torch}.
 */
final class TorchOracle {
  private static final String ROOT = "/oracles/torch/";

  private final JsonNode index;

  private TorchOracle(JsonNode index) {
    this.index = index;
  }

  static TorchOracle load() {
    try (InputStream in = TorchOracle.class.getResourceAsStream(ROOT + "index.json")) {
      return new TorchOracle(new ObjectMapper().readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The cases whose id starts with {@code prefix}, in file order. */
  List<JsonNode> cases(String prefix) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode c : index.get("cases")) {
      if (c.get("id").asText().startsWith(prefix)) {
        out.add(c);
      }
    }
    return out;
  }

  /** The case {@code id}. */
  JsonNode byId(String id) {
    for (JsonNode c : index.get("cases")) {
      if (c.get("id").asText().equals(id)) {
        return c;
      }
    }
    throw new IllegalArgumentException("no oracle case " + id);
  }

  /** The float32 array of output {@code name} of case {@code c}. */
  static float[] output(JsonNode c, String name) {
    JsonNode ref = c.get("outputs").get(name);
    int count = ref.get("count").asInt();
    try (InputStream in = TorchOracle.class.getResourceAsStream(ROOT + ref.get("file").asText())) {
      byte[] all = in.readAllBytes();
      float[] v = new float[count];
      ByteBuffer.wrap(all, ref.get("offset_bytes").asInt(), count * 4)
          .order(ByteOrder.LITTLE_ENDIAN)
          .asFloatBuffer()
          .get(v);
      return v;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The shape of output {@code name} of case {@code c}. */
  static int[] shape(JsonNode c, String name) {
    JsonNode s = c.get("outputs").get(name).get("shape");
    int[] out = new int[s.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = s.get(i).asInt();
    }
    return out;
  }
}
