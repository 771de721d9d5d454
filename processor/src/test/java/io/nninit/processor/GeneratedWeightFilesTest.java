package io.nninit.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import io.nninit.runtime.LayerWeights;
import io.nninit.runtime.ModelInitializer;
import io.nninit.runtime.NninitVersion;
import io.nninit.runtime.Parameter;
import io.nninit.runtime.io.WeightsFormat;
import io.nninit.runtime.io.WeightsFormatException;
import io.nninit.runtime.io.WeightsMetadata;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The generated {@code save}/{@code load} through compiled models: a round trip restores every bit,
 * the file records version, seed and initializers, and a file that does not fit leaves the weights
 * as they were.
 */
class GeneratedWeightFilesTest {
  private static final String MODEL =
      """
      @Model(seed = 123)
      class Saved {
        @Layer(type = LayerType.CONV2D, inputChannels = 3, filters = 4, kernelSize = 3,
            kernelInitializer = "he_normal")
        ConvWeights conv1;
        @Layer(type = LayerType.BATCH_NORMALIZATION, gammaInitializer = "random_normal")
        BatchNormWeights bn1;
        @Layer(type = LayerType.SEPARABLE_CONV2D, filters = 6, kernelSize = 3)
        SeparableConvWeights sep;
        @Layer(type = LayerType.DENSE, units = 5, useBias = false,
            kernelInitializer = "orthogonal(seed=5)")
        DenseWeights fc;
      }
      """;

  /** The same layers, except fc has 4 units. */
  private static final String OTHER = MODEL.replace("units = 5", "units = 4");

  @TempDir Path dir;

  private static CompiledClasses saved;
  private static CompiledClasses other;

  @BeforeAll
  static void compileOnce() {
    saved = compile(MODEL);
    other = compile(OTHER);
  }

  private static CompiledClasses compile(String source) {
    Compilation compilation = Sources.strict(Sources.model("Saved", source));
    assertThat(compilation).succeededWithoutWarnings();
    return new CompiledClasses(compilation);
  }

  /** A new model instance and its initializer, seeded by {@code @Model(seed = 123)}. */
  private static ModelInitializer newModel(CompiledClasses classes)
      throws ReflectiveOperationException {
    return (ModelInitializer) classes.newModel("test.Saved", null)[1];
  }

  /** Calls a generated method that is not on {@link ModelInitializer}; unwraps its exception. */
  private static Object call(ModelInitializer init, String name, Object... args) throws Exception {
    Class<?>[] types = new Class<?>[args.length];
    for (int i = 0; i < args.length; i++) {
      types[i] = args[i] instanceof Path ? Path.class : args[i].getClass();
    }
    Method m = init.getClass().getMethod(name, types);
    m.setAccessible(true);
    try {
      return m.invoke(init, args);
    } catch (InvocationTargetException e) {
      throw (Exception) e.getCause();
    }
  }

  private static List<int[]> bits(ModelInitializer init) {
    List<int[]> out = new ArrayList<>();
    for (LayerWeights layer : init.layers()) {
      for (Parameter p : layer.parameters()) {
        int[] b = new int[p.size()];
        for (int i = 0; i < b.length; i++) {
          b[i] = Float.floatToRawIntBits(p.data()[i]);
        }
        out.add(b);
      }
    }
    return out;
  }

  private static void assertBits(List<int[]> expected, ModelInitializer init) {
    List<int[]> actual = bits(init);
    assertEquals(expected.size(), actual.size());
    for (int i = 0; i < expected.size(); i++) {
      assertTrue(Arrays.equals(expected.get(i), actual.get(i)), "tensor " + i);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"model.npz", "model.safetensors"})
  void saveChangeLoadRestoresEveryBit(String name) throws Exception {
    ModelInitializer init = newModel(saved);
    List<int[]> saved = bits(init);
    Path file = dir.resolve(name);
    call(init, "save", file);
    init.initialize(7L);
    assertFalse(Arrays.equals(saved.get(0), bits(init).get(0)));
    @SuppressWarnings("unchecked")
    Map<String, String> meta = (Map<String, String>) call(init, "load", file);
    assertBits(saved, init);
    assertEquals(7L, init.modelSeed(), "load keeps the model seed");
    WeightsMetadata m = WeightsMetadata.fromMap(meta).orElseThrow();
    assertEquals(123L, m.seed());
    assertEquals(NninitVersion.current(), m.nninitVersion());
    assertEquals(
        Map.of(
            "conv1", "kernel=he_normal, bias=zeros",
            "bn1", "gamma=random_normal, beta=zeros, moving_mean=zeros, moving_variance=ones",
            "sep", "depthwise_kernel=glorot_uniform, pointwise_kernel=glorot_uniform, bias=zeros",
            "fc", "kernel=orthogonal(seed=5)"),
        m.initializers());
    assertEquals(List.of("conv1", "bn1", "sep", "fc"), new ArrayList<>(m.initializers().keySet()));
    assertEquals("KERAS", meta.get("nninit.convention"));
  }

  @Test
  void explicitFormatWhateverTheName() throws Exception {
    ModelInitializer init = newModel(saved);
    List<int[]> saved = bits(init);
    for (WeightsFormat format : WeightsFormat.values()) {
      Path file = dir.resolve("weights-" + format + ".bin");
      call(init, "save", file, format);
      init.initialize(99L);
      call(init, "load", file, format);
      assertBits(saved, init);
      init.initialize(123L);
    }
  }

  @Test
  void metadataFollowsTheModelSeed() throws Exception {
    ModelInitializer init = newModel(saved);
    init.initialize(42L);
    assertEquals(42L, ((WeightsMetadata) call(init, "metadata")).seed());
  }

  @ParameterizedTest
  @ValueSource(strings = {"other.npz", "other.safetensors"})
  void fileOfAnotherModelLeavesWeightsUnchanged(String name) throws Exception {
    ModelInitializer four = newModel(other);
    Path file = dir.resolve(name);
    call(four, "save", file);
    ModelInitializer init = newModel(saved);
    init.initialize(3L);
    List<int[]> before = bits(init);
    WeightsFormatException e =
        assertThrows(WeightsFormatException.class, () -> call(init, "load", file));
    assertTrue(e.getMessage().contains("fc/kernel"), e.getMessage());
    assertBits(before, init);
  }

  @ParameterizedTest
  @ValueSource(strings = {"cut.npz", "cut.safetensors"})
  void truncatedFileLeavesWeightsUnchanged(String name) throws Exception {
    ModelInitializer init = newModel(saved);
    Path file = dir.resolve(name);
    call(init, "save", file);
    byte[] whole = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(whole, whole.length - 100));
    init.initialize(3L);
    List<int[]> before = bits(init);
    assertThrows(WeightsFormatException.class, () -> call(init, "load", file));
    assertBits(before, init);
  }

  @Test
  void unknownExtensionWritesNothing() throws Exception {
    ModelInitializer init = newModel(saved);
    Path file = dir.resolve("model.h5");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> call(init, "save", file));
    assertTrue(e.getMessage().contains("*.npz or *.safetensors"), e.getMessage());
    assertFalse(Files.exists(file));
  }
}
