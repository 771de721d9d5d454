package io.nninit.runtime.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nninit.annotation.Convention;
import io.nninit.runtime.Parameter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Files written by NumPy 1.24 ({@code np.save}, {@code np.savez}, {@code np.savez_compressed}) and
 * a spec-following safetensors writer and a zip64 npz writer in Python
 * (scripts/make_io_fixtures.py), read by our loaders. Expected values are the float bits NumPy
 * reported, in expected.json.
 */
class NumpyFixturesTest {
  private static JsonNode expected;

  @TempDir static Path dir;

  @BeforeAll
  static void readExpected() throws IOException {
    try (InputStream in = resource("expected.json")) {
      expected = new ObjectMapper().readTree(in);
    }
  }

  private static InputStream resource(String name) {
    InputStream in = NumpyFixturesTest.class.getResourceAsStream(name);
    if (in == null) {
      throw new IllegalStateException("missing test resource " + name);
    }
    return in;
  }

  private static Path copy(String name) throws IOException {
    Path f = dir.resolve(name);
    try (InputStream in = resource(name)) {
      Files.copy(in, f, StandardCopyOption.REPLACE_EXISTING);
    }
    return f;
  }

  private static int[] expectedBits(JsonNode bits) {
    int[] b = new int[bits.size()];
    for (int i = 0; i < b.length; i++) {
      b[i] = (int) bits.get(i).asLong();
    }
    return b;
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"pt_savez.npz", "pt_savez_compressed.npz", "pt_zip64.npz", "pt.safetensors"})
  void pytorchStateDictFromNumpy(String name) throws IOException {
    TestModel model = TestModel.pytorch().fill(0.25f, 1);
    Map<String, String> metadata = WeightFiles.load(copy(name), model.layers, Convention.PYTORCH);
    JsonNode pt = expected.get("pytorch");
    for (Map.Entry<String, Parameter> e : model.byName.entrySet()) {
      assertArrayEquals(
          expectedBits(pt.get(e.getKey())), TestModel.bits(e.getValue().data()), e.getKey());
    }
    assertEquals(pt.get("bn1.num_batches_tracked").asLong(), model.bn1.numBatchesTracked());
    assertEquals(pt.get("bn2.num_batches_tracked").asLong(), model.bn2.numBatchesTracked());
    assertEquals(name.endsWith(".safetensors") ? Map.of("format", "pt") : Map.of(), metadata);
    assertTrue(WeightsMetadata.fromMap(metadata).isEmpty());
  }

  @Test
  void kerasWeightsFromNumpy() throws IOException {
    TestModel model = TestModel.keras();
    WeightFiles.load(copy("keras_savez.npz"), model.layers, Convention.KERAS);
    JsonNode keras = expected.get("keras");
    assertEquals(keras.size(), model.byName.size());
    for (Map.Entry<String, Parameter> e : model.byName.entrySet()) {
      assertArrayEquals(
          expectedBits(keras.get(e.getKey())), TestModel.bits(e.getValue().data()), e.getKey());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"c_order.npy", "fortran_order.npy", "big_endian.npy"})
  void singleArraysFromNumpy(String name) throws IOException {
    JsonNode array = expected.get("array");
    int[] shape = new int[array.get("shape").size()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = array.get("shape").get(i).asInt();
    }
    Parameter read = Npy.read(copy(name));
    assertArrayEquals(shape, read.shape());
    assertEquals(name.substring(0, name.length() - 4), read.name());
    assertArrayEquals(expectedBits(array.get("bits")), TestModel.bits(read.data()));

    Parameter into = new Parameter("x", shape);
    Npy.read(copy(name), into);
    assertArrayEquals(expectedBits(array.get("bits")), TestModel.bits(into.data()));
  }

  @Test
  void npyOfAnotherShapeLeavesTheParameterAlone() throws IOException {
    Parameter into = new Parameter("x", 4, 3, 2);
    java.util.Arrays.fill(into.data(), 7f);
    WeightsFormatException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            WeightsFormatException.class, () -> Npy.read(copy("c_order.npy"), into));
    assertTrue(
        e.getMessage().contains("shape [2, 3, 4] but x has shape [4, 3, 2]"), e.getMessage());
    for (float v : into.data()) {
      assertEquals(7f, v);
    }
  }
}
