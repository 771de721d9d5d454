package io.nninit.runtime.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nninit.annotation.Convention;
import io.nninit.runtime.Parameter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * NumPy itself ({@code /usr/bin/python3} with Debian's python3-numpy) loads our {@code .npz} and
 * {@code .npy} files and reports the exact float32 bits, and {@code np.save} of what it loaded is
 * byte-identical to our {@code .npy}.
 */
class NumpyReadsOurFilesTest {
  static final String PYTHON = "/usr/bin/python3";

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(Convention.class)
  void numpyLoadsOurNpzAndNpyBitExactly(Convention convention) throws Exception {
    TestModel model = TestModel.of(convention).randomize(11);
    Path npz = dir.resolve("model.npz");
    WeightsMetadata meta = new WeightsMetadata("0.1.0", 7, Map.of("fc", "kernel=glorot_uniform"));
    WeightFiles.save(npz, model.layers, convention, meta);
    Parameter single = model.byName.values().iterator().next();
    Path npy = dir.resolve("single.npy");
    Npy.write(npy, single);
    Path resaved = dir.resolve("resaved.npy");

    JsonNode report = runNumpy(npz, npy, resaved);
    System.out.println(
        "numpy "
            + report.get("numpy").asText()
            + " read "
            + convention
            + " npz: "
            + report.get("npz").size()
            + " arrays; npy "
            + report.get("npy").get("shape")
            + " "
            + report.get("npy").get("dtype").asText());

    JsonNode arrays = report.get("npz");
    List<String> names = new ArrayList<>();
    arrays.fieldNames().forEachRemaining(names::add);
    List<String> expected = new ArrayList<>();
    for (String name : model.byName.keySet()) {
      expected.add(name);
      if (name.endsWith("running_var")) {
        expected.add(name.replace("running_var", "num_batches_tracked"));
      }
    }
    assertEquals(expected, names);
    for (Map.Entry<String, Parameter> e : model.byName.entrySet()) {
      JsonNode a = arrays.get(e.getKey());
      assertEquals("<f4", a.get("dtype").asText(), e.getKey());
      assertTrue(a.get("c_contiguous").asBoolean(), e.getKey());
      assertArrayEquals(e.getValue().shape(), ints(a.get("shape")), e.getKey());
      assertArrayEquals(TestModel.bits(e.getValue().data()), ints(a.get("bits")), e.getKey());
    }
    if (convention == Convention.PYTORCH) {
      JsonNode counter = arrays.get("bn1.num_batches_tracked");
      assertEquals("<i8", counter.get("dtype").asText());
      assertEquals(0, counter.get("shape").size());
      assertEquals(model.bn1.numBatchesTracked(), counter.get("value").asLong());
    }
    Map<String, String> comment =
        new ObjectMapper().readerForMapOf(String.class).readValue(report.get("comment").asText());
    assertEquals(meta.toMap(convention), comment);

    JsonNode a = report.get("npy");
    assertEquals("<f4", a.get("dtype").asText());
    assertArrayEquals(single.shape(), ints(a.get("shape")));
    assertArrayEquals(TestModel.bits(single.data()), ints(a.get("bits")));
    assertArrayEquals(
        Files.readAllBytes(resaved), Files.readAllBytes(npy), "np.save bytes == ours");
  }

  /**
   * scripts/torch_roundtrip.py's safetensors reader (written from the format description with json
   * + struct + numpy, sharing no code with ours) reads our file bit-exactly; the same script loads
   * it into torch by hand.
   */
  @ParameterizedTest
  @EnumSource(WeightsFormat.class)
  void torchRoundtripScriptReadsOurFiles(WeightsFormat format) throws Exception {
    requireNumpy();
    TestModel model = TestModel.pytorch().randomize(12);
    Path f = dir.resolve("model" + format.extension());
    WeightsMetadata meta = new WeightsMetadata("0.1.0", 9, Map.of());
    WeightFiles.save(f, model.layers, Convention.PYTORCH, meta);
    Path script =
        Path.of(System.getProperty("basedir", "."))
            .resolve("../scripts/torch_roundtrip.py")
            .normalize();
    assertTrue(Files.isRegularFile(script), "missing " + script);
    Process p =
        new ProcessBuilder(PYTHON, script.toString(), f.toString(), "--dump")
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("torch_roundtrip.py --dump did not finish in 120 s");
    }
    assertEquals(0, p.exitValue(), "torch_roundtrip.py --dump failed; its stderr is above");
    JsonNode report = new ObjectMapper().readTree(new String(out, StandardCharsets.UTF_8));
    JsonNode tensors = report.get("tensors");
    assertEquals(model.byName.size() + 2, tensors.size());
    for (Map.Entry<String, Parameter> e : model.byName.entrySet()) {
      JsonNode t = tensors.get(e.getKey());
      assertEquals("<f4", t.get("dtype").asText(), e.getKey());
      assertArrayEquals(e.getValue().shape(), ints(t.get("shape")), e.getKey());
      assertArrayEquals(TestModel.bits(e.getValue().data()), ints(t.get("bits")), e.getKey());
    }
    JsonNode counter = tensors.get("bn2.num_batches_tracked");
    assertEquals("<i8", counter.get("dtype").asText());
    assertEquals(0, counter.get("shape").size());
    assertEquals(model.bn2.numBatchesTracked(), counter.get("bits").get(0).asLong());
    assertEquals("9", report.get("metadata").get("nninit.seed").asText());
  }

  private static int[] ints(JsonNode array) {
    int[] v = new int[array.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = (int) array.get(i).asLong();
    }
    return v;
  }

  private JsonNode runNumpy(Path npz, Path npy, Path resaved) throws Exception {
    requireNumpy();
    Path script = dir.resolve("numpy_reads.py");
    try (InputStream in = getClass().getResourceAsStream("numpy_reads.py")) {
      Files.copy(in, script);
    }
    Process p =
        new ProcessBuilder(
                PYTHON, script.toString(), npz.toString(), npy.toString(), resaved.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("numpy_reads.py did not finish in 120 s");
    }
    assertEquals(0, p.exitValue(), "numpy_reads.py failed; its stderr is above");
    return new ObjectMapper().readTree(new String(out, StandardCharsets.UTF_8));
  }

  /** Fails (never skips) when NumPy is missing: the test exists to prove NumPy reads our files. */
  static void requireNumpy() throws InterruptedException {
    String hint =
        PYTHON
            + " cannot import numpy; install it with `apt-get install -y python3-numpy`"
            + " (this test checks that NumPy reads nninit's files and is not skipped)";
    try {
      Process p =
          new ProcessBuilder(PYTHON, "-c", "import numpy").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        fail(hint + " (the import did not finish in 60 s)");
      }
      if (p.exitValue() != 0) {
        fail(hint);
      }
    } catch (IOException e) {
      fail(hint + " (" + e.getMessage() + ")");
    }
  }
}
