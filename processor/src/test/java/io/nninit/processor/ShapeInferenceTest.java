package io.nninit.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Output shapes from {@code @Model(inputShape)}. The expected shapes are worked by hand from the
 * formulas Keras' and PyTorch's documentation give (Conv2D/Conv2DTranspose/Conv1D "causal", and the
 * shape sections of torch.nn.Conv2d and ConvTranspose2d), not by the processor.
 */
class ShapeInferenceTest {
  private static String summary(Compilation compilation, String model) throws Exception {
    CompiledClasses classes = new CompiledClasses(compilation);
    Object[] built = classes.newModel(model, 1L);
    var field = built[1].getClass().getDeclaredField("SUMMARY");
    field.setAccessible(true);
    return (String) field.get(null);
  }

  private static void assertRow(String summary, String layer, String shape, long params) {
    for (String line : summary.split("\n", -1)) {
      String[] cells = line.trim().split("\\s{2,}", -1);
      if (cells[0].equals(layer)) {
        assertEquals(shape, cells[2], line);
        assertEquals(Long.toString(params), cells[3], line);
        return;
      }
    }
    throw new AssertionError("no row for " + layer + " in\n" + summary);
  }

  @Test
  void kerasShapesFollowPaddingStridesDilationAndOutputPadding() throws Exception {
    JavaFileObject source =
        Sources.model(
            "Shapes",
            """
            @Model(inputShape = {28, 28, 1})
            @SuppressWarnings("nninit.signal")
            class Shapes {
              @Layer(type = LayerType.CONV2D, filters = 32, kernelSize = 3)
              ConvWeights conv1;
              @Layer(type = LayerType.CONV2D, filters = 64, kernelSize = 3, strides = 2,
                  padding = "same")
              ConvWeights conv2;
              @Layer(type = LayerType.DEPTHWISE_CONV2D, depthMultiplier = 2, kernelSize = 3)
              ConvWeights dw;
              @Layer(type = LayerType.CONV2D_TRANSPOSE, filters = 16, kernelSize = 3, strides = 2)
              ConvWeights up1;
              @Layer(type = LayerType.CONV2D_TRANSPOSE, filters = 8, kernelSize = 3, strides = 2,
                  padding = "same")
              ConvWeights up2;
              @Layer(type = LayerType.CONV2D_TRANSPOSE, filters = 4, kernelSize = 3, strides = 2,
                  padding = "same", outputPadding = 1)
              ConvWeights up3;
              @Layer(type = LayerType.CONV2D, filters = 4, kernelSize = 3, dilationRate = 2)
              ConvWeights dilated;
              @Layer(type = LayerType.BATCH_NORMALIZATION)
              BatchNormWeights bn;
              @Layer(type = LayerType.DENSE, units = 10)
              DenseWeights head;
            }
            """);
    Compilation compilation = Sources.strict(source);
    assertThat(compilation).succeededWithoutWarnings();
    String s = summary(compilation, "test.Shapes");
    assertTrue(s.startsWith("Input shape (28, 28, 1) (channels last)\n"), s);
    assertRow(s, "conv1", "(26, 26, 32)", 3 * 3 * 1 * 32 + 32); // 28 - 3 + 1
    assertRow(s, "conv2", "(13, 13, 64)", 3 * 3 * 32 * 64 + 64); // ceil(26 / 2)
    assertRow(s, "dw", "(11, 11, 128)", 3 * 3 * 64 * 2 + 128); // 13 - 3 + 1
    assertRow(s, "up1", "(23, 23, 16)", 3 * 3 * 16 * 128 + 16); // 11*2 + max(3 - 2, 0)
    assertRow(s, "up2", "(46, 46, 8)", 3 * 3 * 8 * 16 + 8); // 23*2
    assertRow(s, "up3", "(92, 92, 4)", 3 * 3 * 4 * 8 + 4); // (46-1)*2 + 3 - 2*1 + 1
    assertRow(s, "dilated", "(88, 88, 4)", 3 * 3 * 4 * 4 + 4); // 92 - ((3-1)*2 + 1) + 1
    assertRow(s, "bn", "(88, 88, 4)", 4 * 4);
    assertRow(s, "head", "(88, 88, 10)", 4 * 10 + 10); // Dense on the last axis
  }

  @Test
  void kerasConv1dCausalAndDilated() throws Exception {
    JavaFileObject source =
        Sources.model(
            "Seq",
            """
            @Model(inputShape = {10, 4})
            @SuppressWarnings("nninit.signal")
            class Seq {
              @Layer(type = LayerType.CONV1D, filters = 8, kernelSize = 3, strides = 2,
                  padding = "causal")
              ConvWeights causal;
              @Layer(type = LayerType.CONV1D, filters = 8, kernelSize = 2, dilationRate = 2)
              ConvWeights dilated;
            }
            """);
    Compilation compilation = Sources.strict(source);
    assertThat(compilation).succeededWithoutWarnings();
    String s = summary(compilation, "test.Seq");
    assertRow(s, "causal", "(5, 8)", 3 * 4 * 8 + 8); // ceil(10 / 2)
    assertRow(s, "dilated", "(3, 8)", 2 * 8 * 8 + 8); // 5 - ((2-1)*2 + 1) + 1
  }

  @Test
  void pytorchShapesAndFlatteningDense() throws Exception {
    JavaFileObject source =
        Sources.model(
            "TorchShapes",
            """
            @Model(convention = Convention.PYTORCH, inputShape = {1, 28, 28})
            @SuppressWarnings("nninit.signal")
            class TorchShapes {
              @Layer(type = LayerType.CONV2D, filters = 32, kernelSize = 3, paddingSize = 1)
              ConvWeights conv1;
              @Layer(type = LayerType.CONV2D, filters = 64, kernelSize = 3, strides = 2,
                  paddingSize = 1)
              ConvWeights conv2;
              @Layer(type = LayerType.CONV2D_TRANSPOSE, filters = 16, kernelSize = 4, strides = 2,
                  paddingSize = 1)
              ConvWeights up;
              @Layer(type = LayerType.CONV2D, filters = 8, kernelSize = 3, dilationRate = 2)
              ConvWeights dilated;
              @Layer(type = LayerType.CONV2D, filters = 8, kernelSize = 3, padding = "same")
              ConvWeights same;
              @Layer(type = LayerType.DENSE, units = 10)
              DenseWeights fc;
            }
            """);
    Compilation compilation = Sources.strict(source);
    assertThat(compilation).succeededWithoutWarnings();
    String s = summary(compilation, "test.TorchShapes");
    assertTrue(s.startsWith("Input shape (1, 28, 28) (channels first)\n"), s);
    assertRow(s, "conv1", "(32, 28, 28)", 32 * 1 * 9 + 32); // (28 + 2 - 2 - 1)/1 + 1
    assertRow(s, "conv2", "(64, 14, 14)", 64 * 32 * 9 + 64); // floor((28 + 2 - 2 - 1)/2) + 1
    assertRow(s, "up", "(16, 28, 28)", 64 * 16 * 16 + 16); // (14-1)*2 - 2 + 3 + 0 + 1
    assertRow(s, "dilated", "(8, 24, 24)", 8 * 16 * 9 + 8); // 28 + 0 - 2*2 - 1 + 1
    assertRow(s, "same", "(8, 24, 24)", 8 * 8 * 9 + 8);
    assertRow(s, "fc", "(10,)", 8L * 24 * 24 * 10 + 10); // nn.Flatten: 8*24*24 = 4608
  }

  @Test
  void modelsWithoutInputShapeInferChannelsAsBefore() throws Exception {
    JavaFileObject source =
        Sources.model(
            "Plain",
            """
            class Plain {
              @Layer(type = LayerType.CONV2D, inputChannels = 3, filters = 8, kernelSize = 3,
                  strides = 2, padding = "same", kernelInitializer = "he_normal",
                  activation = "relu")
              ConvWeights conv;
              @Layer(type = LayerType.DENSE, units = 4, kernelInitializer = "lecun_normal")
              DenseWeights fc;
            }
            """);
    Compilation compilation = Sources.strict(source);
    assertThat(compilation).succeededWithoutWarnings();
    String s = summary(compilation, "test.Plain");
    assertRow(s, "conv", "8 channels", 3 * 9 * 8 + 8);
    assertRow(s, "fc", "4 channels", 8 * 4 + 4);
  }
}
