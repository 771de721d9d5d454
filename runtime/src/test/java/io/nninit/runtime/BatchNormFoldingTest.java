package io.nninit.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A layer followed by an inference batch norm equals the folded layer within 1e-5. The layers are
 * naive 1-D convolutions and dense layers written here in each layout (the channel position does
 * not depend on the number of spatial axes), with groups where the layout has them.
 */
class BatchNormFoldingTest {
  private static final int L = 6;
  private static final int K = 3;
  private static final int CIN = 4;
  private static final Random RANDOM = new Random(42);

  /** A naive layer: output in its own layout, and the output channel of each output element. */
  private interface Layer {
    int[] shape();

    FoldedKernelLayout layout();

    default int groups() {
      return 1;
    }

    double[] forward(float[] x, float[] kernel, float[] bias);

    int channel(int outputIndex);

    int outputChannels();
  }

  private static float[] random(int n, double offset, double scale) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) (offset + scale * RANDOM.nextGaussian());
    }
    return a;
  }

  private static void foldsExactly(Layer layer) {
    int size = 1;
    for (int d : layer.shape()) {
      size *= d;
    }
    int out = layer.outputChannels();
    float[] kernel = random(size, 0, 0.5);
    float[] x = random(L * CIN, 0.2, 1);
    float[] variance = random(out, 0, 0.5);
    for (int c = 0; c < out; c++) {
      variance[c] = 0.2f + Math.abs(variance[c]);
    }
    BatchNormWeights bn =
        Layouts.weights(
            "bn", random(out, 1, 0.3), random(out, 0, 0.3), random(out, 0, 0.3), variance);
    double eps = 1e-3;
    for (float[] bias : new float[][] {null, random(out, 0, 0.3)}) {
      double[] plain = layer.forward(x, kernel, bias == null ? new float[out] : bias);
      float[] foldedKernel = new float[size];
      float[] foldedBias = new float[out];
      BatchNormFolding.fold(
          layer.layout(),
          layer.shape(),
          layer.groups(),
          kernel,
          bias,
          bn,
          eps,
          foldedKernel,
          foldedBias);
      double[] folded = layer.forward(x, foldedKernel, foldedBias);
      for (int i = 0; i < plain.length; i++) {
        int c = layer.channel(i);
        double expected =
            (plain[i] - bn.movingMean()[c])
                    / Math.sqrt(bn.movingVariance()[c] + eps)
                    * bn.gamma()[c]
                + bn.beta()[c];
        assertEquals(
            expected, folded[i], 1e-5 * (1 + Math.abs(expected)), layer.layout() + " element " + i);
      }
    }
  }

  @Test
  void kerasDense() {
    int cout = 6;
    foldsExactly(
        new Layer() {
          @Override
          public int[] shape() {
            return new int[] {CIN, cout};
          }

          @Override
          public FoldedKernelLayout layout() {
            return FoldedKernelLayout.KERAS;
          }

          @Override
          public int outputChannels() {
            return cout;
          }

          @Override
          public int channel(int i) {
            return i % cout;
          }

          @Override
          public double[] forward(float[] x, float[] w, float[] b) {
            double[] y = new double[L * cout];
            for (int t = 0; t < L; t++) {
              for (int o = 0; o < cout; o++) {
                double s = b[o];
                for (int i = 0; i < CIN; i++) {
                  s += (double) x[t * CIN + i] * w[i * cout + o];
                }
                y[t * cout + o] = s;
              }
            }
            return y;
          }
        });
  }

  @Test
  void kerasGroupedConvolution() {
    int cout = 6;
    int groups = 2;
    int inPerGroup = CIN / groups;
    int outPerGroup = cout / groups;
    int lout = L - K + 1;
    foldsExactly(
        new Layer() {
          @Override
          public int[] shape() {
            return new int[] {K, inPerGroup, cout};
          }

          @Override
          public FoldedKernelLayout layout() {
            return FoldedKernelLayout.KERAS;
          }

          @Override
          public int outputChannels() {
            return cout;
          }

          @Override
          public int channel(int i) {
            return i % cout;
          }

          @Override
          public double[] forward(float[] x, float[] w, float[] b) {
            double[] y = new double[lout * cout];
            for (int t = 0; t < lout; t++) {
              for (int o = 0; o < cout; o++) {
                int g = o / outPerGroup;
                double s = b[o];
                for (int k = 0; k < K; k++) {
                  for (int j = 0; j < inPerGroup; j++) {
                    s +=
                        (double) x[(t + k) * CIN + g * inPerGroup + j]
                            * w[(k * inPerGroup + j) * cout + o];
                  }
                }
                y[t * cout + o] = s;
              }
            }
            return y;
          }
        });
  }

  @Test
  void kerasTransposedConvolution() {
    int filters = 5;
    int lout = L + K - 1;
    foldsExactly(
        new Layer() {
          @Override
          public int[] shape() {
            return new int[] {K, filters, CIN};
          }

          @Override
          public FoldedKernelLayout layout() {
            return FoldedKernelLayout.KERAS_TRANSPOSED;
          }

          @Override
          public int outputChannels() {
            return filters;
          }

          @Override
          public int channel(int i) {
            return i % filters;
          }

          @Override
          public double[] forward(float[] x, float[] w, float[] b) {
            double[] y = new double[lout * filters];
            for (int t = 0; t < lout; t++) {
              for (int f = 0; f < filters; f++) {
                y[t * filters + f] = b[f];
              }
            }
            for (int t = 0; t < L; t++) {
              for (int k = 0; k < K; k++) {
                for (int f = 0; f < filters; f++) {
                  for (int i = 0; i < CIN; i++) {
                    y[(t + k) * filters + f] +=
                        (double) x[t * CIN + i] * w[(k * filters + f) * CIN + i];
                  }
                }
              }
            }
            return y;
          }
        });
  }

  @Test
  void kerasDepthwiseConvolution() {
    int dm = 2;
    int cout = CIN * dm;
    int lout = L - K + 1;
    foldsExactly(
        new Layer() {
          @Override
          public int[] shape() {
            return new int[] {K, CIN, dm};
          }

          @Override
          public FoldedKernelLayout layout() {
            return FoldedKernelLayout.KERAS_DEPTHWISE;
          }

          @Override
          public int outputChannels() {
            return cout;
          }

          @Override
          public int channel(int i) {
            return i % cout;
          }

          @Override
          public double[] forward(float[] x, float[] w, float[] b) {
            double[] y = new double[lout * cout];
            for (int t = 0; t < lout; t++) {
              for (int c = 0; c < CIN; c++) {
                for (int m = 0; m < dm; m++) {
                  double s = b[c * dm + m];
                  for (int k = 0; k < K; k++) {
                    s += (double) x[(t + k) * CIN + c] * w[(k * CIN + c) * dm + m];
                  }
                  y[t * cout + c * dm + m] = s;
                }
              }
            }
            return y;
          }
        });
  }

  @Test
  void pytorchLinear() {
    int cout = 6;
    foldsExactly(
        new Layer() {
          @Override
          public int[] shape() {
            return new int[] {cout, CIN};
          }

          @Override
          public FoldedKernelLayout layout() {
            return FoldedKernelLayout.PYTORCH;
          }

          @Override
          public int outputChannels() {
            return cout;
          }

          @Override
          public int channel(int i) {
            return i % cout;
          }

          @Override
          public double[] forward(float[] x, float[] w, float[] b) {
            double[] y = new double[L * cout];
            for (int t = 0; t < L; t++) {
              for (int o = 0; o < cout; o++) {
                double s = b[o];
                for (int i = 0; i < CIN; i++) {
                  s += (double) x[t * CIN + i] * w[o * CIN + i];
                }
                y[t * cout + o] = s;
              }
            }
            return y;
          }
        });
  }

  @Test
  void pytorchGroupedConvolution() {
    int cout = 6;
    int groups = 2;
    int inPerGroup = CIN / groups;
    int outPerGroup = cout / groups;
    int lout = L - K + 1;
    foldsExactly(
        new Layer() {
          @Override
          public int[] shape() {
            return new int[] {cout, inPerGroup, K};
          }

          @Override
          public FoldedKernelLayout layout() {
            return FoldedKernelLayout.PYTORCH;
          }

          @Override
          public int outputChannels() {
            return cout;
          }

          @Override
          public int channel(int i) {
            return i / lout;
          }

          @Override
          public double[] forward(float[] x, float[] w, float[] b) {
            double[] y = new double[cout * lout];
            for (int o = 0; o < cout; o++) {
              int g = o / outPerGroup;
              for (int t = 0; t < lout; t++) {
                double s = b[o];
                for (int j = 0; j < inPerGroup; j++) {
                  for (int k = 0; k < K; k++) {
                    s +=
                        (double) x[(g * inPerGroup + j) * L + t + k]
                            * w[(o * inPerGroup + j) * K + k];
                  }
                }
                y[o * lout + t] = s;
              }
            }
            return y;
          }
        });
  }

  @Test
  void pytorchGroupedTransposedConvolution() {
    int groups = 2;
    int outPerGroup = 3;
    int cout = outPerGroup * groups;
    int inPerGroup = CIN / groups;
    int lout = L + K - 1;
    foldsExactly(
        new Layer() {
          @Override
          public int[] shape() {
            return new int[] {CIN, outPerGroup, K};
          }

          @Override
          public FoldedKernelLayout layout() {
            return FoldedKernelLayout.PYTORCH_TRANSPOSED;
          }

          @Override
          public int groups() {
            return groups;
          }

          @Override
          public int outputChannels() {
            return cout;
          }

          @Override
          public int channel(int i) {
            return i / lout;
          }

          @Override
          public double[] forward(float[] x, float[] w, float[] b) {
            double[] y = new double[cout * lout];
            for (int o = 0; o < cout; o++) {
              for (int t = 0; t < lout; t++) {
                y[o * lout + t] = b[o];
              }
            }
            for (int i = 0; i < CIN; i++) {
              int g = i / inPerGroup;
              for (int j = 0; j < outPerGroup; j++) {
                for (int t = 0; t < L; t++) {
                  for (int k = 0; k < K; k++) {
                    y[(g * outPerGroup + j) * lout + t + k] +=
                        (double) x[i * L + t] * w[(i * outPerGroup + j) * K + k];
                  }
                }
              }
            }
            return y;
          }
        });
  }

  @Test
  void mismatchesAreRejectedBeforeAnythingIsWritten() {
    BatchNormWeights bn = Layouts.weights("bn3", null, null, new float[5], new float[5]);
    float[] kernel = new float[4 * 6];
    float[] out = new float[4 * 6];
    float[] bias = new float[6];
    java.util.Arrays.fill(out, 7f);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                BatchNormFolding.fold(
                    FoldedKernelLayout.KERAS,
                    new int[] {4, 6},
                    1,
                    kernel,
                    null,
                    bn,
                    1e-3,
                    out,
                    bias));
    assertTrue(
        e.getMessage().startsWith("folding batch norm bn3 into the layer before it: ")
            && e.getMessage().contains("has 6 output channels, expected the batch norm's 5"),
        e.getMessage());
    BatchNormWeights bn6 = Layouts.weights("bn6", null, null, new float[6], new float[6]);
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                BatchNormFolding.fold(
                    FoldedKernelLayout.KERAS,
                    new int[] {4, 6},
                    1,
                    new float[23],
                    null,
                    bn6,
                    1e-3,
                    out,
                    bias));
    assertTrue(
        e.getMessage().contains("kernel has length 23, expected 24 (the product of kernelShape)"),
        e.getMessage());
    float[] sevens = new float[24];
    java.util.Arrays.fill(sevens, 7f);
    assertArrayEquals(sevens, out);
    assertArrayEquals(new float[6], bias);
  }

  @Test
  void eachNullArgumentIsNamedWithWhatWasExpected() {
    BatchNormWeights bn = Layouts.weights("bn2", null, null, new float[6], new float[6]);
    int[] shape = {4, 6};
    float[] kernel = new float[24];
    float[] out = new float[24];
    float[] bias = new float[6];
    assertEquals(
        "folding a batch norm into the layer before it: batchNorm is null, expected the batch"
            + " norm's BatchNormWeights; pass the model's initialized batch-norm field",
        nullMessage(FoldedKernelLayout.KERAS, shape, kernel, null, out, bias));
    String prefix = "folding batch norm bn2 into the layer before it: ";
    assertTrue(
        nullMessage(null, shape, kernel, bn, out, bias).startsWith(prefix + "layout is null"));
    assertTrue(
        nullMessage(FoldedKernelLayout.KERAS, null, kernel, bn, out, bias)
            .startsWith(prefix + "kernelShape is null, expected the kernel's shape"));
    assertTrue(
        nullMessage(FoldedKernelLayout.KERAS, shape, null, bn, out, bias)
            .startsWith(prefix + "kernel is null"));
    assertTrue(
        nullMessage(FoldedKernelLayout.KERAS, shape, kernel, bn, null, bias)
            .startsWith(prefix + "kernelOut is null, expected an array as long as the kernel"));
    assertEquals(
        prefix
            + "biasOut is null, expected 6 values (one per channel); pass a new float[6] or the"
            + " bias itself",
        nullMessage(FoldedKernelLayout.KERAS, shape, kernel, bn, out, null));
  }

  @SuppressWarnings("NullAway")
  private static String nullMessage(
      FoldedKernelLayout layout,
      int[] shape,
      float[] kernel,
      BatchNormWeights bn,
      float[] out,
      float[] biasOut) {
    return assertThrows(
            IllegalArgumentException.class,
            () -> BatchNormFolding.fold(layout, shape, 1, kernel, null, bn, 1e-3, out, biasOut))
        .getMessage();
  }
}
