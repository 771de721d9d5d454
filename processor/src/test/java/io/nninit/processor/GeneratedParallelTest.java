package io.nninit.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import io.nninit.runtime.LayerWeights;
import io.nninit.runtime.ModelInitializer;
import io.nninit.runtime.ParallelInitializer;
import io.nninit.runtime.Parameter;
import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs the generated {@code initialize(long, ParallelInitializer)} of models whose tensors are
 * above the parallel thresholds: the bits equal {@code initialize(long)}'s for 1, 2, 3 and 8
 * threads and an executor, the calling thread allocates nothing after warm-up, and a null or closed
 * initializer is refused before anything changes. The single-threaded values themselves are checked
 * against the oracles by {@link GeneratedBehaviorTest} and {@link TorchGeneratedBehaviorTest}.
 */
class GeneratedParallelTest {
  private static final int[] THREADS = {1, 2, 3, 8};

  /**
   * Keras: uniform (glorot_uniform, 131072 and 153600 values), truncated normal (he_normal, 307200:
   * nine parts of 2^15, so 8 threads are all used) and normal, above {@code MIN_PARALLEL_ELEMENTS}
   * (2^16); small, constant and orthogonal weights on the calling thread.
   */
  private static final String KERAS =
      """
      @Model(seed = 7)
      class Wide {
        @Layer(type = LayerType.DENSE, inputChannels = 256, units = 512,
            biasInitializer = "random_uniform")
        DenseWeights d1;
        @Layer(type = LayerType.DENSE, units = 600, kernelInitializer = "he_normal")
        DenseWeights d2;
        @Layer(type = LayerType.DENSE, units = 256,
            kernelInitializer = "random_normal(stddev=0.02)")
        DenseWeights d3;
        @Layer(type = LayerType.BATCH_NORMALIZATION, gammaInitializer = "random_normal")
        BatchNormWeights bn;
        @Layer(type = LayerType.DENSE, units = 600, kernelInitializer = "glorot_uniform(seed=3)")
        DenseWeights d4;
        @Layer(type = LayerType.DENSE, units = 8, kernelInitializer = "orthogonal")
        DenseWeights out;
      }
      """;

  /**
   * PyTorch: a 2561 x 2561 weight (6558721 values, above {@code TORCH_MIN_PARALLEL_ELEMENTS} =
   * 2^22, so three parts jump the stream; odd, so {@code normal_} redraws a partial last block)
   * filled by construction ({@code kaiming_uniform_}) and then by {@code normal_}; small layers
   * after it, drawn by construction and by {@code trunc_normal_} on the calling thread, show that
   * the generator ends where one thread leaves it. ({@code orthogonal_} is left out: {@code
   * TorchOrthogonal} allocates 264 bytes once, at about its 18th call, which would make the
   * allocation test depend on the JIT's timing.)
   */
  private static final String TORCH =
      """
      @Model(seed = 11, convention = Convention.PYTORCH)
      class Big {
        @Layer(type = LayerType.DENSE, inputChannels = 2561, units = 2561,
            kernelInitializer = "normal_(std=0.02)")
        DenseWeights big;
        @Layer(type = LayerType.DENSE, units = 16, kernelInitializer = "trunc_normal_(std=0.02)")
        DenseWeights small;
        @Layer(type = LayerType.DENSE, units = 8, kernelInitializer = "eye_",
            biasInitializer = "zeros_")
        DenseWeights out;
      }
      """;

  private static CompiledClasses keras;
  private static CompiledClasses torch;

  @BeforeAll
  static void compileModels() {
    keras = compile("Wide", KERAS);
    torch = compile("Big", TORCH);
  }

  private static CompiledClasses compile(String name, String body) {
    Compilation compilation = Sources.strict(Sources.model(name, body));
    assertThat(compilation).succeededWithoutWarnings();
    return new CompiledClasses(compilation);
  }

  /** A new model of {@code name}, initialized by its constructor; its generated class. */
  private static ModelInitializer model(String name) throws Exception {
    CompiledClasses classes = name.equals("Wide") ? keras : torch;
    return (ModelInitializer) classes.newModel("test." + name, null)[1];
  }

  @Test
  void kerasBitsAreTheSameForEveryThreadCount() throws Exception {
    ModelInitializer init = model("Wide");
    assertSameBitsForEveryThreadCount(init, 99L);
  }

  @Test
  void torchBitsAreTheSameForEveryThreadCount() throws Exception {
    ModelInitializer init = model("Big");
    // three parts of at least TORCH_MIN_PARALLEL_ELEMENTS / 2 each
    assertTrue(
        init.layers().get(0).parameters().get(0).data().length
            >= 3 * (ParallelInitializer.TORCH_MIN_PARALLEL_ELEMENTS / 2));
    assertSameBitsForEveryThreadCount(init, 123_456_789_012L);
  }

  private static void assertSameBitsForEveryThreadCount(ModelInitializer init, long seed)
      throws Exception {
    init.initialize(seed);
    List<int[]> expected = bits(init);
    for (int threads : THREADS) {
      try (ParallelInitializer parallel = new ParallelInitializer(threads)) {
        scribble(init);
        assertEquals(seed, init.initialize(seed, parallel));
        assertBits(expected, init, threads + " threads");
        assertEquals(seed, init.modelSeed());
        scribble(init);
        assertEquals(seed, init.initialize(parallel)); // the current seed
        assertBits(expected, init, threads + " threads, initialize(parallel)");
      }
    }
    ExecutorService executor = Executors.newFixedThreadPool(2);
    try (ParallelInitializer parallel = new ParallelInitializer(executor, 3)) {
      scribble(init);
      init.initialize(seed, parallel);
      assertBits(expected, init, "executor");
    } finally {
      executor.shutdownNow();
    }
    // and back on the calling thread, after a different seed
    init.initialize(seed + 1);
    assertFalse(Arrays.equals(expected.get(0), bits(init).get(0)));
    init.initialize(seed);
    assertBits(expected, init, "initialize(long) again");
  }

  @Test
  void kerasLayerMethodTakesTheInitializerToo() throws Exception {
    ModelInitializer init = model("Wide");
    List<int[]> expected = bits(init);
    try (ParallelInitializer parallel = new ParallelInitializer(3)) {
      scribble(init);
      for (String layer : new String[] {"initD1", "initD2", "initD3", "initBn", "initD4"}) {
        method(init, layer, ParallelInitializer.class).invoke(init, parallel);
      }
      method(init, "initOut").invoke(init); // orthogonal only: no overload
      assertBits(expected, init, "layer methods");
      assertThrows(
          NoSuchMethodException.class,
          () -> init.getClass().getDeclaredMethod("initOut", ParallelInitializer.class));
    }
  }

  @Test
  void kerasCallingThreadAllocatesNothingAfterWarmUp() throws Exception {
    assertNoAllocation(model("Wide"));
  }

  @Test
  void torchCallingThreadAllocatesNothingAfterWarmUp() throws Exception {
    assertNoAllocation(model("Big"));
  }

  private static void assertNoAllocation(ModelInitializer init) {
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    try (ParallelInitializer parallel = new ParallelInitializer(3)) {
      for (int i = 0; i < 3; i++) {
        init.initialize(i, parallel);
        init.initialize(parallel);
      }
      long before = threads.getCurrentThreadAllocatedBytes();
      init.initialize(5L, parallel);
      init.initialize(parallel);
      long after = threads.getCurrentThreadAllocatedBytes();
      assertEquals(0L, after - before);
    }
  }

  @Test
  void nullOrClosedInitializerIsRefusedBeforeAnythingChanges() throws Exception {
    ModelInitializer init = model("Wide");
    List<int[]> expected = bits(init);
    ParallelInitializer closed = new ParallelInitializer(2);
    closed.close();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> init.initialize(1L, closed));
    assertTrue(e.getMessage().contains("closed"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> init.initialize(1L, null));
    assertTrue(e.getMessage().startsWith("parallel is null; pass a ParallelInitializer"));
    assertThrows(IllegalArgumentException.class, () -> init.initialize(closed));
    Method layer = method(init, "initD1", ParallelInitializer.class);
    InvocationTargetException thrown =
        assertThrows(InvocationTargetException.class, () -> layer.invoke(init, closed));
    assertTrue(thrown.getCause() instanceof IllegalArgumentException, thrown.getCause().toString());
    assertEquals(7L, init.modelSeed());
    assertBits(expected, init, "after refusals");
  }

  @Test
  void fillThatFailsLeavesTheModelSeed() throws Exception {
    // the first large fill hands a part to the executor, which throws
    Executor failing =
        task -> {
          throw new IllegalStateException("executor refuses");
        };
    for (String name : new String[] {"Wide", "Big"}) {
      ModelInitializer init = model(name);
      long seed = init.modelSeed();
      try (ParallelInitializer parallel = new ParallelInitializer(failing, 2)) {
        IllegalStateException e =
            assertThrows(IllegalStateException.class, () -> init.initialize(seed + 1, parallel));
        assertEquals("executor refuses", e.getMessage(), name);
      }
      assertEquals(seed, init.modelSeed(), name);
    }
  }

  /** A layer method of the package-private generated class, made callable. */
  private static Method method(ModelInitializer init, String name, Class<?>... parameters)
      throws NoSuchMethodException {
    Method m = init.getClass().getDeclaredMethod(name, parameters);
    m.setAccessible(true);
    return m;
  }

  /** Overwrites every weight with NaN, so a fill that skips a value shows. */
  private static void scribble(ModelInitializer init) {
    for (LayerWeights layer : init.layers()) {
      for (Parameter p : layer.parameters()) {
        Arrays.fill(p.data(), Float.NaN);
      }
    }
  }

  private static List<int[]> bits(ModelInitializer init) {
    List<int[]> out = new ArrayList<>();
    for (LayerWeights layer : init.layers()) {
      for (Parameter p : layer.parameters()) {
        float[] v = p.data();
        int[] b = new int[v.length];
        for (int i = 0; i < v.length; i++) {
          b[i] = Float.floatToRawIntBits(v[i]);
        }
        out.add(b);
      }
    }
    return out;
  }

  private static void assertBits(List<int[]> expected, ModelInitializer init, String what) {
    List<int[]> actual = bits(init);
    assertEquals(expected.size(), actual.size());
    for (int i = 0; i < expected.size(); i++) {
      assertArrayEquals(expected.get(i), actual.get(i), what + ", weight " + i);
    }
  }
}
