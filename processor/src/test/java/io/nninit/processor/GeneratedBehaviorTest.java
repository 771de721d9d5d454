package io.nninit.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import io.nninit.annotation.KerasFlavor;
import io.nninit.runtime.BatchNormWeights;
import io.nninit.runtime.ConvWeights;
import io.nninit.runtime.DenseWeights;
import io.nninit.runtime.ModelInitializer;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Compiles models, loads the generated classes and runs them: values equal the Keras oracle, the
 * model seed draws Python's default seeds in Keras' order, and nothing allocates after warm-up.
 */
class GeneratedBehaviorTest {
  /** Oracle case glorot_uniform__s123__3x3 (TF 2.18, both flavors). */
  private static final float[] GLOROT_UNIFORM_S123_3X3 = {
    -0.04798412322998047f, -0.22223973274230957f, -0.9824271202087402f,
    -0.5741071701049805f, -0.7908482551574707f, -0.6723346710205078f,
    -0.5453424453735352f, -0.14903616905212402f, 0.22151732444763184f
  };

  /** Oracle cases glorot_uniform__s2147483647__3x3__keras3 and __tf_keras2. */
  private static final float[] GLOROT_UNIFORM_S2147483647_3X3_KERAS3 = {
    0.7569763660430908f, -0.08003950119018555f, 0.20058250427246094f,
    -0.21480464935302734f, -0.49361348152160645f, -0.11140155792236328f,
    -0.31417322158813477f, 0.5529446601867676f, -0.9097495079040527f
  };

  private static final float[] GLOROT_UNIFORM_S2147483647_3X3_TF_KERAS2 = {
    0.20135164260864258f, -0.537710428237915f, -0.21496129035949707f,
    -0.06315326690673828f, -0.3431546688079834f, 0.6322567462921143f,
    0.17772722244262695f, 0.16052651405334473f, 0.9351050853729248f
  };

  /** Python: random.seed(123); [random.randint(1, 10**9) for _ in range(4)]. */
  private static final long[] PYTHON_SEED_123 = {56224986L, 287416173L, 93615980L, 825660640L};

  private static CompiledClasses compile(String name, String body) {
    Compilation compilation = Sources.strict(Sources.model(name, body));
    assertThat(compilation).succeededWithoutWarnings();
    return new CompiledClasses(compilation);
  }

  @Test
  void denseGlorotUniformSeed123MatchesOracle() throws Exception {
    CompiledClasses classes =
        compile(
            "Dense3",
            """
            class Dense3 {
              @Layer(type = LayerType.DENSE, inputChannels = 3, units = 3,
                  kernelInitializer = "glorot_uniform(seed=123)")
              DenseWeights fc;
            }
            """);
    Object[] m = classes.newModel("test.Dense3", null);
    DenseWeights fc = (DenseWeights) CompiledClasses.field(m[0], "fc");
    assertArrayEquals(GLOROT_UNIFORM_S123_3X3, fc.kernel());
    assertArrayEquals(new float[3], fc.bias());
    assertEquals(9, fc.kernelParameter().size());
    assertEquals("fc", fc.layerName());
  }

  @Test
  void flavorsTurnLargeSeedsIntoDifferentStreams() throws Exception {
    for (KerasFlavor flavor : KerasFlavor.values()) {
      CompiledClasses classes =
          compile(
              "Flavored",
              """
              @Model(flavor = KerasFlavor.%s)
              class Flavored {
                @Layer(type = LayerType.DENSE, inputChannels = 3, units = 3,
                    kernelInitializer = "GlorotUniform(seed=2147483647)")
                DenseWeights fc;
              }
              """
                  .formatted(flavor));
      DenseWeights fc =
          (DenseWeights) CompiledClasses.field(classes.newModel("test.Flavored", 7L)[0], "fc");
      assertArrayEquals(
          flavor == KerasFlavor.KERAS3
              ? GLOROT_UNIFORM_S2147483647_3X3_KERAS3
              : GLOROT_UNIFORM_S2147483647_3X3_TF_KERAS2,
          fc.kernel(),
          flavor.toString());
    }
  }

  @Test
  void conv2dHeNormalSeed42MatchesOracle() throws Exception {
    CompiledClasses classes =
        compile(
            "Conv",
            """
            class Conv {
              @Layer(type = LayerType.CONV2D, inputChannels = 3, filters = 16, kernelSize = 3,
                  kernelInitializer = "he_normal(seed=42)", useBias = false)
              ConvWeights conv;
            }
            """);
    ConvWeights conv =
        (ConvWeights) CompiledClasses.field(classes.newModel("test.Conv", null)[0], "conv");
    assertArrayEquals(new int[] {3, 3, 3, 16}, conv.kernelParameter().shape());
    assertFalse(conv.hasBias());
    assertArrayEquals(oracle("he_normal__s42__3x3x3x16.f32", 432), conv.kernel());
  }

  private static final String SEEDED =
      """
      @Model(seed = 123)
      class Seeded {
        @Layer(type = LayerType.DENSE, inputChannels = 3, units = 4)
        DenseWeights d1;
        @Layer(type = LayerType.BATCH_NORMALIZATION, gammaInitializer = "random_normal",
            movingVarianceInitializer = "constant(2.5)")
        BatchNormWeights bn;
        @Layer(type = LayerType.DENSE, units = 5, kernelInitializer = "he_normal",
            useBias = false, biasInitializer = "random_uniform")
        DenseWeights d2;
        @Layer(type = LayerType.DENSE, units = 4, kernelInitializer = "orthogonal(gain=2.0)")
        DenseWeights d3;
      }
      """;

  @Test
  void modelSeedDrawsPythonDefaultSeedsInConstructorOrder() throws Exception {
    // d1 kernel, bn gamma, d2 kernel, d2 bias (constructed although use_bias=False), d3 kernel
    CompiledClasses seeded = compile("Seeded", SEEDED);
    CompiledClasses explicit =
        compile(
            "Explicit",
            """
            class Explicit {
              @Layer(type = LayerType.DENSE, inputChannels = 3, units = 4,
                  kernelInitializer = "glorot_uniform(seed=%d)")
              DenseWeights d1;
              @Layer(type = LayerType.BATCH_NORMALIZATION,
                  gammaInitializer = "random_normal(seed=%d)")
              BatchNormWeights bn;
              @Layer(type = LayerType.DENSE, units = 5, kernelInitializer = "he_normal(seed=%d)",
                  useBias = false)
              DenseWeights d2;
              @Layer(type = LayerType.DENSE, units = 4, kernelInitializer = "orthogonal(2.0, %d)")
              DenseWeights d3;
            }
            """
                .formatted(
                    PYTHON_SEED_123[0],
                    PYTHON_SEED_123[1],
                    PYTHON_SEED_123[2],
                    // Python: random.seed(123); 5th randint(1, 10**9)
                    python123Fifth()));
    Object[] a = seeded.newModel("test.Seeded", null);
    Object[] b = explicit.newModel("test.Explicit", null);
    assertEquals(123L, ((ModelInitializer) a[1]).modelSeed());
    for (String layer : new String[] {"d1", "d2", "d3"}) {
      DenseWeights x = (DenseWeights) CompiledClasses.field(a[0], layer);
      DenseWeights y = (DenseWeights) CompiledClasses.field(b[0], layer);
      assertArrayEquals(y.kernel(), x.kernel(), layer);
    }
    BatchNormWeights bn = (BatchNormWeights) CompiledClasses.field(a[0], "bn");
    BatchNormWeights bn2 = (BatchNormWeights) CompiledClasses.field(b[0], "bn");
    assertArrayEquals(bn2.gamma(), bn.gamma());
    assertArrayEquals(new float[] {2.5f, 2.5f, 2.5f, 2.5f}, bn.movingVariance());
    assertArrayEquals(new float[4], bn.beta());
  }

  /** Python 3: random.seed(123); the fifth random.randint(1, 10**9). */
  private static long python123Fifth() {
    return 437272514L;
  }

  @Test
  void initializeWithAnotherSeedAndBack() throws Exception {
    CompiledClasses classes = compile("Seeded", SEEDED);
    Object[] m = classes.newModel("test.Seeded", null);
    ModelInitializer init = (ModelInitializer) m[1];
    DenseWeights d1 = (DenseWeights) CompiledClasses.field(m[0], "d1");
    float[] at123 = d1.kernel().clone();
    assertEquals(0L, init.initialize(0L));
    assertEquals(0L, init.modelSeed());
    // Python: random.seed(0); random.randint(1, 10**9) == 906691060. The values are
    // glorot_uniform(seed=906691060) on (3, 4) as ../shared/reference/tf_philox.py (the independent
    // emulation of TF's stateless stream, checked against TF) computes them:
    // keras_uniform((906691060, 0), 12, -sqrt(6/7), sqrt(6/7)).
    float[] expected = {
      0.029041826725006104f, -0.35354846715927124f, 0.6275290250778198f, -0.7284318804740906f,
      -0.19455158710479736f, -0.5800946354866028f, -0.0017217397689819336f, 0.9012525081634521f,
      0.10046720504760742f, -0.11580634117126465f, 0.5202245712280273f, 0.14508628845214844f
    };
    assertArrayEquals(expected, d1.kernel());
    assertFalse(Arrays.equals(at123, d1.kernel()));
    assertSame(d1, CompiledClasses.field(m[0], "d1"));
    assertEquals(123L, init.initialize(123L));
    assertArrayEquals(at123, d1.kernel());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> init.initialize(1L << 32));
    assertTrue(e.getMessage().contains("model seed must be in [0, 2^32)"), e.getMessage());
    assertEquals(123L, init.modelSeed());
    assertArrayEquals(at123, d1.kernel());
    assertThrows(IllegalArgumentException.class, () -> init.initialize(-1L));
  }

  private static void assertSame(Object expected, Object actual) {
    assertTrue(expected == actual, "the weights object was replaced");
  }

  @Test
  void modelWithoutSeedDrawsAndReportsOne() throws Exception {
    CompiledClasses classes =
        compile(
            "Unseeded",
            """
            class Unseeded {
              @Layer(type = LayerType.DENSE, inputChannels = 3, units = 3)
              DenseWeights fc;
            }
            """);
    Object[] m = classes.newModel("test.Unseeded", null);
    ModelInitializer init = (ModelInitializer) m[1];
    long seed = init.modelSeed();
    assertTrue(seed >= 0 && seed < (1L << 32), Long.toString(seed));
    DenseWeights fc = (DenseWeights) CompiledClasses.field(m[0], "fc");
    float[] first = fc.kernel().clone();
    assertEquals(seed, init.initialize());
    assertArrayEquals(first, fc.kernel());
    Object[] again = classes.newModel("test.Unseeded", seed);
    assertArrayEquals(first, ((DenseWeights) CompiledClasses.field(again[0], "fc")).kernel());
  }

  @Test
  void initializeAllocatesNothingAfterWarmUp() throws Exception {
    CompiledClasses classes = compile("Seeded", SEEDED);
    ModelInitializer init = (ModelInitializer) classes.newModel("test.Seeded", null)[1];
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    for (int i = 0; i < 3; i++) {
      init.initialize(i);
      init.initialize();
    }
    long before = threads.getCurrentThreadAllocatedBytes();
    init.initialize(99L);
    init.initialize();
    long after = threads.getCurrentThreadAllocatedBytes();
    assertEquals(0L, after - before);
  }

  private static float[] oracle(String file, int count) throws IOException {
    try (InputStream in =
        GeneratedBehaviorTest.class.getResourceAsStream("/oracles/keras/" + file)) {
      float[] v = new float[count];
      ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
      return v;
    }
  }
}
