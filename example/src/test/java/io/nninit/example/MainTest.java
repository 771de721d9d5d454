package io.nninit.example;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nninit.runtime.LayerWeights;
import io.nninit.runtime.Parameter;
import io.nninit.runtime.WeightInfo;
import io.nninit.runtime.io.Npy;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The main job and the example models as a user runs them. */
class MainTest {
  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void theMainJobSummarizesEveryWeightOfEveryExampleModel() {
    Run r = run();
    assertEquals(0, r.code(), r.err());
    for (ExampleModels.Example example : ExampleModels.all()) {
      assertTrue(r.out().contains("Model: \"" + example.name() + "\""), example.name());
      int parameters = 0;
      for (LayerWeights layer : example.layers().layers()) {
        parameters += layer.parameters().size();
      }
      // one described weight per parameter, named as its convention names it (PyTorch: weight)
      assertEquals(parameters, example.layers().weights().size(), example.name());
      for (WeightInfo w : example.layers().weights()) {
        assertTrue(
            r.out()
                .lines()
                .anyMatch(
                    l -> l.startsWith(w.layer() + " (") && l.contains(" " + w.weight() + " ")),
            w.layer() + "/" + w.weight());
      }
    }
    assertTrue(r.out().contains("Total params: 20362"), "SmallCnn: 864+32+4*32+18432+4*64+640+10");
    assertTrue(r.out().contains("Total params: 235146"), "Mlp: 784*256+256+256*128+128+128*10+10");
  }

  @Test
  void saveWritesFilesThatLoadBackBitForBit(@TempDir Path dir) throws IOException {
    Run r = run("--save", dir.toString());
    assertEquals(0, r.code(), r.err());
    SmallCnn fresh = new SmallCnn();
    SmallCnn_Layers layers = new SmallCnn_Layers(fresh, 7); // other seed: other values
    float[] before = fresh.conv1.kernel().clone();
    layers.load(dir.resolve("SmallCnn.safetensors"));
    SmallCnn reference = new SmallCnn();
    new SmallCnn_Layers(reference); // @Model(seed = 123), as the main job used
    assertArrayEquals(reference.conv1.kernel(), fresh.conv1.kernel());
    assertArrayEquals(reference.logits.bias(), fresh.logits.bias());
    assertTrue(!java.util.Arrays.equals(before, fresh.conv1.kernel()));
    assertTrue(Files.size(dir.resolve("Mlp.npz")) > 4 * 235146, "every float of Mlp in the npz");
  }

  @Test
  void saveIntoAFileReportsOneLine(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("taken"), "x");
    Run r = run("--save", file.resolve("sub").toString());
    assertEquals(2, r.code());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().startsWith("error: cannot save the weights to "), r.err());
  }

  @Test
  void sampleOutWritesTheSameValuesAsNpy(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("he.npy");
    Run r =
        run(
            "sample",
            "--initializer",
            "he_uniform",
            "--shape",
            "4,3",
            "--seed",
            "9",
            "--out",
            file.toString());
    assertEquals(0, r.code(), r.err());
    JsonNode values = new ObjectMapper().readTree(r.out()).get("values");
    Parameter read = Npy.read(file);
    assertArrayEquals(new int[] {4, 3}, read.shape());
    for (int i = 0; i < values.size(); i++) {
      assertEquals(Float.parseFloat(values.get(i).asText()), read.data()[i]);
    }
  }

  @Test
  void sampleOutRefusesOtherExtensions(@TempDir Path dir) {
    Run r =
        run(
            "sample",
            "--initializer",
            "ones",
            "--shape",
            "2",
            "--out",
            dir.resolve("x.txt").toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains(".npy"), r.err());
  }

  @Test
  void exampleModelsInitializeWithoutAllocating() {
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    List<ExampleModels.Example> examples = ExampleModels.all();
    for (ExampleModels.Example example : examples) {
      example.layers().initialize(5); // warm up
      example.layers().initialize(5);
      long before = threads.getCurrentThreadAllocatedBytes();
      example.layers().initialize(5);
      long allocated = threads.getCurrentThreadAllocatedBytes() - before;
      assertEquals(0, allocated, example.name() + " allocated " + allocated + " bytes");
    }
  }
}
