package io.nninit.runtime;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Every Vector API kernel in one JVM, as an application that initializes a model and then trains it
 * would run them: each is warmed up after all the others have run, then must allocate nothing. A
 * kernel that sits near C2's inlining node budget boxes once other kernels have made the Vector
 * API's shared type profiles polymorphic (seen here: the Keras uniform after the batch-norm
 * kernels, PyTorch's normal_ after them); this test catches that in CI, whatever order the other
 * test classes run in.
 */
class MixedKernelsIT {
  @Test
  void everyKernelAllocatesNothingWithAllTheOthersWarm() {
    Map<String, Runnable> kernels = kernels();
    for (int round = 0;
        round < 3;
        round++) { // interleaved warm-up: every profile sees every kernel
      for (Runnable kernel : kernels.values()) {
        for (int i = 0; i < 2000; i++) {
          kernel.run();
        }
      }
    }
    List<Executable> checks = new ArrayList<>();
    kernels.forEach(
        (name, kernel) -> checks.add(() -> assertEquals(0, Allocations.afterWarmUp(kernel), name)));
    assertAll(checks);
  }

  private static Map<String, Runnable> kernels() {
    float[] out = new float[4099];
    TorchGenerator generator = new TorchGenerator(5);
    Map<String, Runnable> kernels = new LinkedHashMap<>();
    kernels.put("keras uniform", () -> KerasRandom.uniform(out, 1, 4097, 42, 0, -0.5f, 1f));
    kernels.put("keras normal", () -> KerasRandom.normal(out, 1, 4097, 42, 0, 0f, 1f));
    kernels.put(
        "keras truncated normal", () -> KerasRandom.truncatedNormal(out, 1, 4097, 42, 0, 0f, 1f));
    kernels.put("torch normal_", () -> TorchInit.normal(out, 0, 4099, 0.0, 1.0, generator));
    kernels.put(
        "torch trunc_normal_",
        () -> TorchInit.truncNormal(out, 0, 4099, 0.0, 0.02, -2.0, 2.0, generator));
    int channels = 17;
    int spatial = 49;
    int batch = 4;
    float[] x = new float[batch * channels * spatial];
    for (int i = 0; i < x.length; i++) {
      x[i] = (i * 37 % 101) / 50f - 1f;
    }
    float[] y = new float[x.length];
    float[] ones = new float[channels];
    Arrays.fill(ones, 1f);
    for (ChannelLayout layout : ChannelLayout.values()) {
      BatchNorm[] layers = {
        BatchNorm.keras("bn", channels, layout, 0.99, 1e-3, KerasMovingUpdate.KERAS3),
        BatchNorm.pytorch("bn", channels, layout, 0.1, 1e-5, 2)
      };
      String[] conventions = {"keras 3", "pytorch"};
      for (int k = 0; k < layers.length; k++) {
        BatchNorm bn = layers[k];
        BatchNormWeights w =
            Layouts.weights("bn", ones, new float[channels], new float[channels], ones);
        String name = "batch norm " + conventions[k] + " " + layout;
        kernels.put(name + " training", () -> bn.training(w, x, y, batch, spatial));
        kernels.put(name + " inference", () -> bn.inference(w, x, y, batch, spatial));
      }
    }
    return kernels;
  }
}
