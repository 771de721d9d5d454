package io.nninit.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import io.nninit.runtime.BatchNormWeights;
import io.nninit.runtime.KernelWeights;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The generated {@code fold<Bn>Into<Layer>} methods: a layer followed by the generated inference
 * batch norm equals the layer with the folded kernel and bias within 1e-5 (relative above 1). The
 * layers are naive reference implementations written here (valid padding, stride 1; 1-D, since the
 * output channel's position does not depend on the number of spatial axes), in each convention's
 * layouts, with groups where the convention has them.
 */
class GeneratedFoldingTest {
  private static final int BATCH = 2;
  private static final int LENGTH = 7;

  private final Random random = new Random(11);

  /** A naive layer: {@code x} in, output in the convention's activation layout. */
  private interface Naive {
    double[] forward(float[] x, float[] kernel, float[] bias);
  }

  private record Case(
      String layer, String bn, int inputSize, int outputChannels, int spatial, Naive naive) {}

  @Test
  void kerasFoldsEqualTheLayerThenTheBatchNorm() throws Throwable {
    Object[] m =
        compile(
            "KerasFolds",
            """
            @Model(seed = 4)
            class KerasFolds {
              @Layer(type = LayerType.CONV1D, inputChannels = 4, filters = 6, kernelSize = 3,
                  groups = 2, biasInitializer = "random_normal(seed=1)")
              ConvWeights conv;
              @Layer(type = LayerType.BATCH_NORMALIZATION)
              BatchNormWeights bnConv;
              @Layer(type = LayerType.CONV1D_TRANSPOSE, filters = 5, kernelSize = 2,
                  biasInitializer = "random_normal(seed=2)")
              ConvWeights up;
              @Layer(type = LayerType.BATCH_NORMALIZATION, scale = false)
              BatchNormWeights bnUp;
              @Layer(type = LayerType.DEPTHWISE_CONV2D, kernelSize = {1, 3}, depthMultiplier = 2,
                  useBias = false)
              ConvWeights dw;
              @Layer(type = LayerType.BATCH_NORMALIZATION, epsilon = 0.01)
              BatchNormWeights bnDw;
              @Layer(type = LayerType.DENSE, units = 3)
              DenseWeights fc;
              @Layer(type = LayerType.BATCH_NORMALIZATION, center = false)
              BatchNormWeights bnFc;
            }
            """);
    check(
        m,
        new Case(
            "conv",
            "bnConv",
            LENGTH * 4,
            6,
            LENGTH - 2,
            (x, k, b) -> kerasConv(x, 4, k, 3, 6, 2, b)));
    check(
        m,
        new Case(
            "up",
            "bnUp",
            LENGTH * 6,
            5,
            LENGTH + 1,
            (x, k, b) -> kerasConvTranspose(x, 6, k, 2, 5, b)));
    check(
        m,
        new Case(
            "dw",
            "bnDw",
            LENGTH * 5,
            10,
            LENGTH - 2,
            (x, k, b) -> kerasDepthwise(x, 5, k, 3, 2, b)));
    check(m, new Case("fc", "bnFc", 10, 3, 1, (x, k, b) -> kerasDense(x, 10, k, 3, b)));
  }

  @Test
  void torchFoldsEqualTheLayerThenTheBatchNorm() throws Throwable {
    Object[] m =
        compile(
            "TorchFolds",
            """
            @Model(convention = Convention.PYTORCH, seed = 5)
            class TorchFolds {
              @Layer(type = LayerType.CONV1D, inputChannels = 4, filters = 6, kernelSize = 3,
                  groups = 2)
              ConvWeights conv;
              @Layer(type = LayerType.BATCH_NORMALIZATION)
              BatchNormWeights bnConv;
              @Layer(type = LayerType.CONV1D_TRANSPOSE, filters = 4, kernelSize = 2, groups = 2)
              ConvWeights up;
              @Layer(type = LayerType.BATCH_NORMALIZATION, momentum = 0.3, epsilon = 0.001)
              BatchNormWeights bnUp;
              @Layer(type = LayerType.DEPTHWISE_CONV2D, kernelSize = {1, 3}, depthMultiplier = 2)
              ConvWeights dw;
              @Layer(type = LayerType.BATCH_NORMALIZATION)
              BatchNormWeights bnDw;
              @Layer(type = LayerType.DENSE, units = 3, useBias = false)
              DenseWeights fc;
              @Layer(type = LayerType.BATCH_NORMALIZATION, center = false, scale = false)
              BatchNormWeights bnFc;
            }
            """);
    check(
        m,
        new Case(
            "conv",
            "bnConv",
            4 * LENGTH,
            6,
            LENGTH - 2,
            (x, k, b) -> torchConv(x, 4, k, 3, 6, 2, b)));
    check(
        m,
        new Case(
            "up",
            "bnUp",
            6 * LENGTH,
            4,
            LENGTH + 1,
            (x, k, b) -> torchConvTranspose(x, 6, k, 2, 4, 2, b)));
    check(
        m,
        new Case(
            "dw", "bnDw", 4 * LENGTH, 8, LENGTH - 2, (x, k, b) -> torchConv(x, 4, k, 3, 8, 4, b)));
    check(m, new Case("fc", "bnFc", 8, 3, 1, (x, k, b) -> torchLinear(x, 8, k, 3, b)));
  }

  private static Object[] compile(String name, String body) throws ReflectiveOperationException {
    Compilation compilation = Sources.strict(Sources.model(name, body));
    assertThat(compilation).succeededWithoutWarnings();
    return new CompiledClasses(compilation).newModel("test." + name, null);
  }

  private void check(Object[] m, Case c) throws Throwable {
    KernelWeights layer = (KernelWeights) CompiledClasses.field(m[0], c.layer());
    BatchNormWeights bn = (BatchNormWeights) CompiledClasses.field(m[0], c.bn());
    int out = c.outputChannels();
    if (bn.hasGamma()) {
      fill(bn.gamma(), 1, 0.3);
    }
    if (bn.hasBeta()) {
      fill(bn.beta(), 0, 0.3);
    }
    fill(bn.movingMean(), 0, 0.5);
    float[] variance = bn.movingVariance();
    for (int i = 0; i < out; i++) {
      variance[i] = 0.2f + Math.abs((float) random.nextGaussian());
    }
    float[] x = new float[BATCH * c.inputSize()];
    fill(x, 0.2, 1);
    float[] bias = layer.hasBias() ? layer.bias() : null;
    double[] plain = c.naive().forward(x, layer.kernel(), bias);
    float[] z = new float[plain.length];
    for (int i = 0; i < plain.length; i++) {
      z[i] = (float) plain[i];
    }
    String capital = Names.capitalize(c.bn());
    call(m[1], c.bn() + "Inference", z, z, BATCH, c.spatial());

    float[] kernel = new float[layer.kernel().length];
    float[] foldedBias = new float[out];
    call(m[1], "fold" + capital + "Into" + Names.capitalize(c.layer()), kernel, foldedBias);
    double[] folded = c.naive().forward(x, kernel, foldedBias);
    assertEquals(z.length, folded.length);
    for (int i = 0; i < z.length; i++) {
      int at = i;
      assertTrue(
          Math.abs(folded[i] - z[i]) <= 1e-5 * (1 + Math.abs(z[i])),
          () -> c.layer() + "[" + at + "]: folded " + folded[at] + ", layer then bn " + z[at]);
    }
  }

  private void fill(float[] a, double offset, double scale) {
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) (offset + scale * random.nextGaussian());
    }
  }

  private static void call(Object target, String method, Object... args) throws Throwable {
    for (Method m : target.getClass().getDeclaredMethods()) {
      if (m.getName().equals(method)) {
        m.setAccessible(true);
        try {
          m.invoke(target, args);
        } catch (InvocationTargetException e) {
          throw e.getCause();
        }
        return;
      }
    }
    throw new AssertionError("no generated method " + method);
  }

  private static double b(float[] bias, int c) {
    return bias == null ? 0 : bias[c];
  }

  // Keras: activations (batch, length, channels)

  /** Conv1D, kernel (k, in/groups, out). */
  private static double[] kerasConv(
      float[] x, int in, float[] w, int k, int out, int groups, float[] bias) {
    int length = LENGTH - k + 1;
    int inPer = in / groups;
    int outPer = out / groups;
    double[] y = new double[BATCH * length * out];
    for (int n = 0; n < BATCH; n++) {
      for (int o = 0; o < length; o++) {
        for (int co = 0; co < out; co++) {
          double s = b(bias, co);
          int g = co / outPer;
          for (int t = 0; t < k; t++) {
            for (int ci = 0; ci < inPer; ci++) {
              s += x[(n * LENGTH + o + t) * in + g * inPer + ci] * w[(t * inPer + ci) * out + co];
            }
          }
          y[(n * length + o) * out + co] = s;
        }
      }
    }
    return y;
  }

  /** Conv1DTranspose, kernel (k, out, in). */
  private static double[] kerasConvTranspose(
      float[] x, int in, float[] w, int k, int out, float[] bias) {
    int length = LENGTH + k - 1;
    double[] y = new double[BATCH * length * out];
    for (int n = 0; n < BATCH; n++) {
      for (int o = 0; o < length; o++) {
        for (int co = 0; co < out; co++) {
          y[(n * length + o) * out + co] = b(bias, co);
        }
      }
      for (int l = 0; l < LENGTH; l++) {
        for (int t = 0; t < k; t++) {
          for (int co = 0; co < out; co++) {
            for (int ci = 0; ci < in; ci++) {
              y[(n * length + l + t) * out + co] +=
                  x[(n * LENGTH + l) * in + ci] * w[(t * out + co) * in + ci];
            }
          }
        }
      }
    }
    return y;
  }

  /** DepthwiseConv2D with a (1, k) kernel, shape (1, k, in, depthMultiplier). */
  private static double[] kerasDepthwise(
      float[] x, int in, float[] w, int k, int dm, float[] bias) {
    int length = LENGTH - k + 1;
    int out = in * dm;
    double[] y = new double[BATCH * length * out];
    for (int n = 0; n < BATCH; n++) {
      for (int o = 0; o < length; o++) {
        for (int ci = 0; ci < in; ci++) {
          for (int j = 0; j < dm; j++) {
            double s = b(bias, ci * dm + j);
            for (int t = 0; t < k; t++) {
              s += x[(n * LENGTH + o + t) * in + ci] * w[(t * in + ci) * dm + j];
            }
            y[(n * length + o) * out + ci * dm + j] = s;
          }
        }
      }
    }
    return y;
  }

  /** Dense, kernel (in, out). */
  private static double[] kerasDense(float[] x, int in, float[] w, int out, float[] bias) {
    double[] y = new double[BATCH * out];
    for (int n = 0; n < BATCH; n++) {
      for (int co = 0; co < out; co++) {
        double s = b(bias, co);
        for (int ci = 0; ci < in; ci++) {
          s += x[n * in + ci] * w[ci * out + co];
        }
        y[n * out + co] = s;
      }
    }
    return y;
  }

  // PyTorch: activations (batch, channels, length)

  /** Conv1d, weight (out, in/groups, k). */
  private static double[] torchConv(
      float[] x, int in, float[] w, int k, int out, int groups, float[] bias) {
    int length = LENGTH - k + 1;
    int inPer = in / groups;
    int outPer = out / groups;
    double[] y = new double[BATCH * out * length];
    for (int n = 0; n < BATCH; n++) {
      for (int co = 0; co < out; co++) {
        int g = co / outPer;
        for (int o = 0; o < length; o++) {
          double s = b(bias, co);
          for (int ci = 0; ci < inPer; ci++) {
            for (int t = 0; t < k; t++) {
              s += x[(n * in + g * inPer + ci) * LENGTH + o + t] * w[(co * inPer + ci) * k + t];
            }
          }
          y[(n * out + co) * length + o] = s;
        }
      }
    }
    return y;
  }

  /** ConvTranspose1d, weight (in, out/groups, k). */
  private static double[] torchConvTranspose(
      float[] x, int in, float[] w, int k, int out, int groups, float[] bias) {
    int length = LENGTH + k - 1;
    int inPer = in / groups;
    int outPer = out / groups;
    double[] y = new double[BATCH * out * length];
    for (int n = 0; n < BATCH; n++) {
      for (int co = 0; co < out; co++) {
        for (int o = 0; o < length; o++) {
          y[(n * out + co) * length + o] = b(bias, co);
        }
      }
      for (int ci = 0; ci < in; ci++) {
        int g = ci / inPer;
        for (int j = 0; j < outPer; j++) {
          for (int l = 0; l < LENGTH; l++) {
            for (int t = 0; t < k; t++) {
              y[(n * out + g * outPer + j) * length + l + t] +=
                  x[(n * in + ci) * LENGTH + l] * w[(ci * outPer + j) * k + t];
            }
          }
        }
      }
    }
    return y;
  }

  /** Linear, weight (out, in). */
  private static double[] torchLinear(float[] x, int in, float[] w, int out, float[] bias) {
    double[] y = new double[BATCH * out];
    for (int n = 0; n < BATCH; n++) {
      for (int co = 0; co < out; co++) {
        double s = b(bias, co);
        for (int ci = 0; ci < in; ci++) {
          s += x[n * in + ci] * w[co * in + ci];
        }
        y[n * out + co] = s;
      }
    }
    return y;
  }
}
