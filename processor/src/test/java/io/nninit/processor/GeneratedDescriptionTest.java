package io.nninit.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import io.nninit.annotation.LayerType;
import io.nninit.runtime.LayerWeights;
import io.nninit.runtime.ModelInitializer;
import io.nninit.runtime.ModelSummary;
import io.nninit.runtime.Moments;
import io.nninit.runtime.Parameter;
import io.nninit.runtime.WeightInfo;
import io.nninit.runtime.io.WeightsMetadata;
import io.nninit.runtime.spec.KerasInitializers;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The generated {@code weights()} and {@code layers()}: the description folded into the class
 * equals the one the runtime computes from the same initializer and shape (every double bit kept
 * through the literals), matches the weights objects, and the measured moments of generated weights
 * agree with the theoretical ones.
 */
class GeneratedDescriptionTest {
  private static final String MODEL =
      """
      @Model(seed = 7)
      @SuppressWarnings("nninit.signal") // moments, not signal propagation, are under test
      class Described {
        @Layer(type = LayerType.CONV2D, inputChannels = 3, filters = 32, kernelSize = 3,
            kernelInitializer = "he_normal", biasInitializer = "constant(0.1)")
        ConvWeights conv;
        @Layer(type = LayerType.SEPARABLE_CONV2D, filters = 8, kernelSize = 3,
            pointwiseInitializer = "random_uniform(minval=-1.0, maxval=3.0)")
        SeparableConvWeights sep;
        @Layer(type = LayerType.BATCH_NORMALIZATION, center = false,
            gammaInitializer = "random_normal(mean=1.0, stddev=0.5)")
        BatchNormWeights bn;
        @Layer(type = LayerType.DENSE, units = 512, useBias = false)
        DenseWeights wide;
        @Layer(type = LayerType.DENSE, units = 512, kernelInitializer = "orthogonal(gain=2.0)",
            useBias = false)
        DenseWeights square;
        @Layer(type = LayerType.DENSE, units = 3, kernelInitializer = "identity(gain=0.5)")
        DenseWeights head;
      }
      """;

  private static CompiledClasses classes;

  @BeforeAll
  static void compileOnce() {
    Compilation compilation = Sources.strict(Sources.model("Described", MODEL));
    assertThat(compilation).succeededWithoutWarnings();
    classes = new CompiledClasses(compilation);
  }

  private static Object[] model() throws ReflectiveOperationException {
    return classes.newModel("test.Described", null);
  }

  @Test
  void layersAreTheModelsWeightsObjectsInOrder() throws Exception {
    Object[] m = model();
    ModelInitializer init = (ModelInitializer) m[1];
    List<LayerWeights> layers = init.layers();
    List<String> names = List.of("conv", "sep", "bn", "wide", "square", "head");
    assertEquals(names.size(), layers.size());
    for (int i = 0; i < names.size(); i++) {
      assertSame(CompiledClasses.field(m[0], names.get(i)), layers.get(i), names.get(i));
    }
    assertSame(layers, init.layers());
    assertThrows(UnsupportedOperationException.class, () -> layers.add(layers.get(0)));
  }

  @Test
  void weightsDescribeEveryParameterAsTheRuntimeDoes() throws Exception {
    Object[] m = model();
    ModelInitializer init = (ModelInitializer) m[1];
    List<WeightInfo> infos = init.weights();
    List<WeightInfo> expected = new ArrayList<>();
    for (LayerWeights layer : init.layers()) {
      for (Parameter p : layer.parameters()) {
        WeightInfo info = infos.get(expected.size());
        assertEquals(layer.layerName(), info.layer());
        assertEquals(p.name(), info.weight());
        assertEquals(p.size(), info.parameterCount());
        assertEquals(
            Arrays.stream(p.shape()).boxed().toList(), info.shape(), info.layer() + info.weight());
        expected.add(
            KerasInitializers.resolve(info.initializer())
                .bind(p.shape())
                .describe(info.layer(), info.type(), info.weight()));
      }
    }
    // record equality compares doubles by their bits: the literals lost nothing
    assertEquals(expected, infos);
    assertSame(infos, init.weights());
    WeightInfo conv = infos.get(0);
    assertEquals(LayerType.CONV2D, conv.type());
    assertEquals("he_normal", conv.initializer());
    assertEquals(27, conv.fanIn());
    assertEquals(288, conv.fanOut());
    assertEquals(Math.sqrt(2.0 / 27), conv.expectedStd(), 1e-7);
    WeightInfo bias = infos.get(1);
    assertEquals("constant(value=0.1)", bias.initializer());
    assertEquals(0.1f, (float) bias.expectedMean());
    WeightInfo gamma = find(infos, "bn", "gamma");
    assertEquals(1.0, gamma.expectedMean());
    assertEquals(0.5, gamma.expectedStd());
    assertEquals(3, infos.stream().filter(i -> i.layer().equals("bn")).count()); // no beta
  }

  @Test
  void measuredMomentsOfGeneratedWeightsMatchTheTheory() throws Exception {
    Object[] m = model();
    ModelInitializer init = (ModelInitializer) m[1];
    int checked = 0;
    for (LayerWeights layer : init.layers()) {
      for (Parameter p : layer.parameters()) {
        WeightInfo info = find(init.weights(), layer.layerName(), p.name());
        Moments measured = Moments.of(p.data());
        double n = p.size();
        String what = info.layer() + "/" + info.weight() + " " + info.initializer();
        if (info.distribution().equals("orthogonal")) {
          // the rows of a square orthogonal matrix have unit norm: E[x^2] exactly gain^2/512
          double rms =
              Math.sqrt(measured.std() * measured.std() + measured.mean() * measured.mean());
          assertEquals(info.expectedStd(), rms, 1e-5 * info.expectedStd(), what);
        } else if (info.expectedStd() == 0.0 || info.distribution().equals("identity")) {
          assertEquals(info.expectedMean(), measured.mean(), 1e-7, what);
          assertEquals(info.expectedStd(), measured.std(), 1e-7, what);
        } else {
          // six standard errors of the mean and of the standard deviation (kurtosis <= 3)
          assertEquals(
              info.expectedMean(), measured.mean(), 6 * info.expectedStd() / Math.sqrt(n), what);
          assertEquals(
              info.expectedStd(), measured.std(), 6 * info.expectedStd() / Math.sqrt(2 * n), what);
        }
        checked++;
      }
    }
    assertEquals(init.weights().size(), checked);
  }

  @Test
  void descriptionsAllocateNothing() throws Exception {
    ModelInitializer init = (ModelInitializer) model()[1];
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    init.weights();
    init.layers();
    long before = threads.getCurrentThreadAllocatedBytes();
    init.weights();
    init.layers();
    assertEquals(0L, threads.getCurrentThreadAllocatedBytes() - before);
  }

  @Test
  void summaryHasOneRowPerWeight() throws Exception {
    ModelInitializer init = (ModelInitializer) model()[1];
    String table = ModelSummary.of(init);
    System.out.print(table);
    // header, rule, one row per weight, rule, total, seed
    assertEquals(init.weights().size() + 5, table.lines().count(), table);
    long total = init.weights().stream().mapToLong(WeightInfo::parameterCount).sum();
    assertTrue(table.contains("Total params: " + total + "\n"), table);
  }

  private static final String TORCH_MODEL =
      """
      @Model(convention = Convention.PYTORCH)
      @SuppressWarnings("nninit.signal") // names, not signal propagation, are under test
      class TorchDescribed {
        @Layer(type = LayerType.CONV2D, inputChannels = 3, filters = 4, kernelSize = 3)
        ConvWeights conv;
        @Layer(type = LayerType.SEPARABLE_CONV2D, filters = 6, kernelSize = 3)
        SeparableConvWeights sep;
        @Layer(type = LayerType.BATCH_NORMALIZATION)
        BatchNormWeights bn;
        @Layer(type = LayerType.DENSE, inputChannels = 6, units = 2)
        DenseWeights head;
      }
      """;

  @Test
  void pytorchModelsNameTheirWeightsAsStateDictDoes() throws Exception {
    Compilation compilation = Sources.strict(Sources.model("TorchDescribed", TORCH_MODEL));
    assertThat(compilation).succeededWithoutWarnings();
    Object[] m = new CompiledClasses(compilation).newModel("test.TorchDescribed", 3L);
    ModelInitializer init = (ModelInitializer) m[1];
    List<String> names = new ArrayList<>();
    for (WeightInfo i : init.weights()) {
      names.add(i.layer() + "." + i.weight());
    }
    assertEquals(
        List.of(
            "conv.weight",
            "conv.bias",
            "sep.depthwise.weight",
            "sep.pointwise.weight",
            "sep.pointwise.bias",
            "bn.weight",
            "bn.bias",
            "bn.running_mean",
            "bn.running_var",
            "head.weight",
            "head.bias"),
        names);
    String table = ModelSummary.of(init);
    assertEquals(init.weights().size() + 5, table.lines().count(), table);
    assertTrue(table.contains(" running_var "), table);
    assertFalse(table.contains("moving_variance"), table);
    Method metadata = init.getClass().getMethod("metadata");
    metadata.setAccessible(true); // a public method of the package-private generated class
    WeightsMetadata meta = (WeightsMetadata) metadata.invoke(init);
    assertTrue(
        meta.initializers().get("conv").startsWith("weight="), meta.initializers().get("conv"));
    assertTrue(meta.initializers().get("sep").contains("pointwise.bias="), meta.toString());
    assertTrue(meta.initializers().get("bn").contains("running_var="), meta.toString());
  }

  private static WeightInfo find(List<WeightInfo> infos, String layer, String weight) {
    for (WeightInfo i : infos) {
      if (i.layer().equals(layer) && i.weight().equals(weight)) {
        return i;
      }
    }
    throw new AssertionError("no " + layer + "/" + weight + " in " + infos);
  }
}
