package io.nninit.runtime.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nninit.annotation.Convention;
import io.nninit.runtime.BatchNormWeights;
import io.nninit.runtime.DenseWeights;
import io.nninit.runtime.LayerWeights;
import io.nninit.runtime.Parameter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class WeightFilesTest {
  private static final WeightsMetadata META =
      new WeightsMetadata("0.1.0", 42, Map.of("conv1", "kernel=he_normal, bias=zeros"));

  @TempDir Path dir;

  private Path file(WeightsFormat format) {
    return dir.resolve("model" + format.extension());
  }

  static List<Object[]> cases() {
    List<Object[]> cases = new ArrayList<>();
    for (Convention c : Convention.values()) {
      for (WeightsFormat f : WeightsFormat.values()) {
        cases.add(new Object[] {c, f});
      }
    }
    return cases;
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.MethodSource("cases")
  void roundTripIsBitExact(Convention convention, WeightsFormat format) throws IOException {
    TestModel saved = TestModel.of(convention).randomize(1);
    Path f = file(format);
    WeightFiles.save(f, saved.layers, convention, META);
    TestModel loaded = TestModel.of(convention).fill(0.5f, 3);
    Map<String, String> metadata = WeightFiles.load(f, loaded.layers, convention);
    for (String name : saved.byName.keySet()) {
      assertArrayEquals(
          TestModel.bits(saved.byName.get(name).data()),
          TestModel.bits(loaded.byName.get(name).data()),
          name);
    }
    if (convention == Convention.PYTORCH) {
      assertEquals(saved.bn1.numBatchesTracked(), loaded.bn1.numBatchesTracked());
      assertEquals(saved.bn2.numBatchesTracked(), loaded.bn2.numBatchesTracked());
    }
    assertEquals(META, WeightsMetadata.fromMap(metadata).orElseThrow());
    assertEquals(convention == Convention.PYTORCH ? "pt" : "keras", metadata.get("format"));
    assertEquals(convention.name(), metadata.get("nninit.convention"));
  }

  @ParameterizedTest
  @EnumSource(Convention.class)
  void safetensorsHeaderNamesShapesAndOffsetsFollowTheSpec(Convention convention)
      throws IOException {
    TestModel model = TestModel.of(convention).randomize(2);
    Path f = file(WeightsFormat.SAFETENSORS);
    WeightFiles.save(f, model.layers, convention, META);
    byte[] bytes = Files.readAllBytes(f);
    long n = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    assertEquals(0, (8 + n) % 8, "data starts 8-byte aligned");
    JsonNode header =
        new ObjectMapper().readTree(new String(bytes, 8, (int) n, StandardCharsets.UTF_8));
    Iterator<String> names = header.fieldNames();
    assertEquals("__metadata__", names.next());
    assertEquals("42", header.get("__metadata__").get("nninit.seed").asText());
    assertEquals(
        "kernel=he_normal, bias=zeros",
        header.get("__metadata__").get("nninit.initializer.conv1").asText());
    List<String> expected = new ArrayList<>(model.byName.keySet());
    if (convention == Convention.PYTORCH) {
      expected.add(expected.indexOf("bn1.running_var") + 1, "bn1.num_batches_tracked");
      expected.add(expected.indexOf("bn2.running_var") + 1, "bn2.num_batches_tracked");
    }
    List<String> actual = new ArrayList<>();
    names.forEachRemaining(actual::add);
    assertEquals(expected, actual);
    long offset = 0;
    for (String name : actual) {
      JsonNode t = header.get(name);
      long elements = 1;
      List<Integer> shape = new ArrayList<>();
      t.get("shape").forEach(d -> shape.add(d.asInt()));
      for (int d : shape) {
        elements *= d;
      }
      boolean counter = name.endsWith("num_batches_tracked");
      assertEquals(counter ? "I64" : "F32", t.get("dtype").asText(), name);
      if (counter) {
        assertEquals(List.of(), shape);
        long value =
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong((int) (8 + n + offset));
        assertEquals(
            name.startsWith("bn1") ? model.bn1.numBatchesTracked() : model.bn2.numBatchesTracked(),
            value);
      } else {
        assertArrayEquals(
            model.byName.get(name).shape(), shape.stream().mapToInt(i -> i).toArray(), name);
      }
      long size = elements * (counter ? 8 : 4);
      assertEquals(offset, t.get("data_offsets").get(0).asLong(), name);
      assertEquals(offset + size, t.get("data_offsets").get(1).asLong(), name);
      offset += size;
    }
    assertEquals(bytes.length, 8 + n + offset);
  }

  @ParameterizedTest
  @EnumSource(Convention.class)
  void npzEntriesAreStoredNpyFilesNamedByTheConvention(Convention convention) throws IOException {
    TestModel model = TestModel.of(convention).randomize(3);
    Path f = file(WeightsFormat.NPZ);
    WeightFiles.save(f, model.layers, convention, META);
    try (ZipFile zip = new ZipFile(f.toFile())) {
      List<String> names = new ArrayList<>();
      for (ZipEntry e : java.util.Collections.list(zip.entries())) {
        assertEquals(ZipEntry.STORED, e.getMethod(), e.getName());
        names.add(e.getName());
      }
      List<String> expected = new ArrayList<>();
      for (String name : model.byName.keySet()) {
        expected.add(name + ".npy");
        if (name.endsWith("running_var")) {
          expected.add(name.replace("running_var", "num_batches_tracked") + ".npy");
        }
      }
      assertEquals(expected, names);
      assertTrue(zip.getComment().contains("\"nninit.seed\":\"42\""), zip.getComment());
    }
  }

  @Test
  void savingTwiceGivesTheSameBytes() throws IOException {
    for (WeightsFormat format : WeightsFormat.values()) {
      TestModel model = TestModel.pytorch().randomize(4);
      Path a = dir.resolve("a" + format.extension());
      Path b = dir.resolve("b" + format.extension());
      WeightFiles.save(a, model.layers, Convention.PYTORCH, META);
      WeightFiles.save(b, model.layers, Convention.PYTORCH, META);
      assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b), format.name());
    }
  }

  @Test
  void explicitFormatOverridesTheExtension() throws IOException {
    TestModel model = TestModel.keras().randomize(5);
    Path f = dir.resolve("weights.bin");
    WeightFiles.save(f, WeightsFormat.SAFETENSORS, model.layers, Convention.KERAS, META);
    TestModel loaded = TestModel.keras();
    WeightFiles.load(f, WeightsFormat.SAFETENSORS, loaded.layers, Convention.KERAS);
    assertArrayEquals(TestModel.bits(model.bn1.gamma()), TestModel.bits(loaded.bn1.gamma()));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> WeightFiles.save(f, model.layers, Convention.KERAS, META));
    assertTrue(e.getMessage().contains(".npz or *.safetensors"), e.getMessage());
  }

  @Test
  void duplicateTensorNamesAreRejectedBeforeWriting() {
    List<LayerWeights> layers =
        List.of(
            new DenseWeights("fc", new Parameter("kernel", 2, 2)),
            new DenseWeights("fc", new Parameter("kernel", 2, 2)));
    Path f = file(WeightsFormat.NPZ);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> WeightFiles.save(f, layers, Convention.PYTORCH, META));
    assertTrue(e.getMessage().contains("'fc.weight'"), e.getMessage());
    assertFalse(Files.exists(f));
  }

  @Test
  void tooMuchMetadataForAZipCommentIsRejectedBeforeWriting() {
    TestModel model = TestModel.pytorch();
    WeightsMetadata big = new WeightsMetadata("0.1.0", 1, Map.of("conv1", "x".repeat(70_000)));
    Path f = file(WeightsFormat.NPZ);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> WeightFiles.save(f, model.layers, Convention.PYTORCH, big));
    assertTrue(e.getMessage().contains("save as .safetensors"), e.getMessage());
    assertFalse(Files.exists(f));
  }

  @ParameterizedTest
  @EnumSource(WeightsFormat.class)
  void wrongShapeIsNamedAndNothingIsLoaded(WeightsFormat format) throws IOException {
    TestModel saved = TestModel.pytorch().randomize(6);
    Path f = file(format);
    WeightFiles.save(f, saved.layers, Convention.PYTORCH, META);
    List<LayerWeights> other = new ArrayList<>(TestModel.pytorch().fill(9f, 5).layers);
    DenseWeights wide =
        new DenseWeights("fc", new Parameter("kernel", 2, 4), new Parameter("bias", 2));
    java.util.Arrays.fill(wide.kernel(), 9f);
    java.util.Arrays.fill(wide.bias(), 9f);
    other.set(other.size() - 1, wide);
    WeightsFormatException e =
        assertThrows(
            WeightsFormatException.class, () -> WeightFiles.load(f, other, Convention.PYTORCH));
    assertEquals("fc.weight", e.tensor().orElseThrow());
    assertTrue(e.getMessage().contains("[2, 3] but the model expects [2, 4]"), e.getMessage());
    assertUntouched(other, 9f, 5);
  }

  @ParameterizedTest
  @EnumSource(WeightsFormat.class)
  void missingAndExtraTensorsAreNamed(WeightsFormat format) throws IOException {
    TestModel saved = TestModel.pytorch().randomize(7);
    Path f = file(format);
    List<LayerWeights> fewer = new ArrayList<>(saved.layers);
    fewer.remove(saved.bn2);
    WeightFiles.save(f, fewer, Convention.PYTORCH, META);
    TestModel target = TestModel.pytorch().fill(9f, 5);
    WeightsFormatException missing =
        assertThrows(
            WeightsFormatException.class,
            () -> WeightFiles.load(f, target.layers, Convention.PYTORCH));
    assertEquals("bn2.running_mean", missing.tensor().orElseThrow());
    assertTrue(
        missing.getMessage().contains("bn2.num_batches_tracked is missing"), missing.getMessage());
    assertUntouched(target.layers, 9f, 5);

    WeightFiles.save(f, saved.layers, Convention.PYTORCH, META);
    List<LayerWeights> smaller = new ArrayList<>(TestModel.pytorch().fill(9f, 5).layers);
    smaller.remove(smaller.size() - 1);
    WeightsFormatException extra =
        assertThrows(
            WeightsFormatException.class, () -> WeightFiles.load(f, smaller, Convention.PYTORCH));
    assertEquals("fc.weight", extra.tensor().orElseThrow());
    assertTrue(
        extra.getMessage().contains("fc.bias is in the file but not in the model"),
        extra.getMessage());
    assertUntouched(smaller, 9f, 5);
  }

  @ParameterizedTest
  @EnumSource(WeightsFormat.class)
  void theOtherConventionIsRejectedWithAHint(WeightsFormat format) throws IOException {
    Path f = file(format);
    WeightFiles.save(f, TestModel.keras().randomize(8).layers, Convention.KERAS, META);
    TestModel target = TestModel.pytorch().fill(9f, 5);
    WeightsFormatException e =
        assertThrows(
            WeightsFormatException.class,
            () -> WeightFiles.load(f, target.layers, Convention.PYTORCH));
    assertTrue(e.getMessage().contains("saved with the KERAS convention"), e.getMessage());
    assertUntouched(target.layers, 9f, 5);
  }

  @Test
  void aFailedSaveLeavesNoFileBehind() throws IOException {
    Path sub = Files.createDirectory(dir.resolve("sub"));
    Path f = sub.resolve("m.npz");
    List<LayerWeights> layers = List.of(new DenseWeights("fc", new Parameter("kernel", 1, 1)));
    assertThrows(
        NullPointerException.class, () -> WeightFiles.save(f, layers, Convention.PYTORCH, null));
    try (var listing = Files.list(sub)) {
      assertEquals(0, listing.count());
    }
  }

  @Test
  void savedFilesGetTheUsualPermissionsNotPrivateTempFileOnes() throws IOException {
    assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
    Path plain = Files.createFile(dir.resolve("plain"));
    for (WeightsFormat format : WeightsFormat.values()) {
      Path f = file(format);
      WeightFiles.save(f, TestModel.keras().layers, Convention.KERAS, META);
      assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(f));
    }
    Path npy = dir.resolve("x.npy");
    Npy.write(npy, new float[] {1f}, 1);
    assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(npy));
  }

  static void assertUntouched(List<LayerWeights> layers, float value, long counter) {
    for (LayerWeights layer : layers) {
      for (Parameter p : layer.parameters()) {
        for (float v : p.data()) {
          assertEquals(value, v, layer.layerName() + "/" + p.name() + " changed");
        }
      }
      if (layer instanceof BatchNormWeights bn) {
        assertEquals(counter, bn.numBatchesTracked(), layer.layerName() + " counter changed");
      }
    }
  }
}
