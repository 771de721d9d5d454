package io.nninit.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * PyTorch's sequential MT19937 stream split across threads with jump-ahead: the same values as the
 * single-threaded {@link TorchInit} kernels ({@code uniform_}, {@code normal_}, {@code
 * trunc_normal_}) (themselves checked against PyTorch's oracle) for 1, 2, 3 and 8 threads, and the
 * generator left at the same position.
 */
class TorchParallelTest {
  private static final int COUNT = ParallelInitializer.TORCH_MIN_PARALLEL_ELEMENTS + 37;
  private static final int OFFSET = 5;

  @Test
  void uniformGivesTheSingleThreadedValuesAndGeneratorPosition() {
    for (TorchCapability capability : TorchCapability.values()) {
      for (int parallelism : new int[] {1, 2, 3, 8}) {
        TorchGenerator reference = new TorchGenerator(7, capability);
        reference.random(); // start in the middle of a block of 624 words
        float[] expected = new float[OFFSET + COUNT];
        TorchInit.uniform(expected, OFFSET, COUNT, -0.3, 0.7, reference);
        TorchGenerator generator = new TorchGenerator(7, capability);
        generator.random();
        float[] actual = new float[OFFSET + COUNT];
        try (ParallelInitializer parallel = new ParallelInitializer(parallelism)) {
          parallel.torchUniform(actual, OFFSET, COUNT, -0.3, 0.7, generator);
        }
        assertArrayEquals(expected, actual, capability + ", " + parallelism + " threads");
        assertSamePosition(reference, generator);
      }
    }
  }

  @Test
  void normalGivesTheSingleThreadedValuesAndGeneratorPosition() {
    for (int count : new int[] {COUNT, ParallelInitializer.TORCH_MIN_PARALLEL_ELEMENTS + 32}) {
      for (int parallelism : new int[] {2, 3}) {
        TorchGenerator reference = new TorchGenerator(11);
        float[] expected = new float[OFFSET + count];
        TorchInit.normal(expected, OFFSET, count, 0.1, 0.02, reference);
        TorchGenerator generator = new TorchGenerator(11);
        float[] actual = new float[OFFSET + count];
        try (ParallelInitializer parallel = new ParallelInitializer(parallelism)) {
          parallel.torchNormal(actual, OFFSET, count, 0.1, 0.02, generator);
        }
        assertArrayEquals(expected, actual, count + " elements, " + parallelism + " threads");
        assertSamePosition(reference, generator);
      }
    }
  }

  @Test
  void truncNormalGivesTheSingleThreadedValuesAndGeneratorPosition() {
    int[][] cases = {{0, 2}, {0, 3}, {1, 2}}; // capability (0: AVX2, 1: DEFAULT), threads
    for (int[] c : cases) {
      TorchCapability capability = c[0] == 0 ? TorchCapability.AVX2 : TorchCapability.DEFAULT;
      TorchGenerator reference = new TorchGenerator(13, capability);
      reference.random();
      float[] expected = new float[OFFSET + COUNT];
      TorchInit.truncNormal(expected, OFFSET, COUNT, 0.1, 0.5, -0.6, 0.9, reference);
      TorchGenerator generator = new TorchGenerator(13, capability);
      generator.random();
      float[] actual = new float[OFFSET + COUNT];
      try (ParallelInitializer parallel = new ParallelInitializer(c[1])) {
        parallel.torchTruncNormal(actual, OFFSET, COUNT, 0.1, 0.5, -0.6, 0.9, generator);
      }
      assertArrayEquals(expected, actual, capability + ", " + c[1] + " threads");
      assertSamePosition(reference, generator);
    }
  }

  @Test
  void allocatesNothingAfterTheFirstCall() {
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    float[] out = new float[COUNT];
    TorchGenerator generator = new TorchGenerator(1);
    try (ParallelInitializer parallel = new ParallelInitializer(2)) {
      parallel.torchUniform(out, 0, COUNT, -1, 1, generator);
      parallel.torchNormal(out, 0, COUNT, 0, 1, generator);
      parallel.torchTruncNormal(out, 0, COUNT, 0, 1, -2, 2, generator);
      long before = threads.getCurrentThreadAllocatedBytes();
      parallel.torchUniform(out, 0, COUNT, -1, 1, generator);
      parallel.torchNormal(out, 0, COUNT, 0, 1, generator);
      parallel.torchTruncNormal(out, 0, COUNT, 0, 1, -2, 2, generator);
      assertEquals(0, threads.getCurrentThreadAllocatedBytes() - before);
    }
  }

  @Test
  void badArgumentsAreRejectedBeforeAnythingIsDrawnOrWritten() {
    float[] out = new float[64];
    Arrays.fill(out, 7f);
    TorchGenerator generator = new TorchGenerator(3);
    try (ParallelInitializer parallel = new ParallelInitializer(2)) {
      assertMessage(
          () -> parallel.torchUniform(out, 0, 10, 1, -1, generator), "from=1.0 > to=-1.0");
      assertMessage(() -> parallel.torchNormal(out, 0, 20, 0, -1, generator), "std >= 0.0");
      assertMessage(() -> parallel.torchUniform(out, 60, 10, 0, 1, generator), "offset + count");
      assertMessage(() -> parallel.torchUniform(out, 0, 10, 0, 1, null), "generator is null");
      assertMessage(
          () -> parallel.torchTruncNormal(out, 0, 10, 0, 0, -2, 2, generator), "std must be > 0");
      assertMessage(
          () -> parallel.torchTruncNormal(out, 0, 10, 0, 1, 2, -2, generator), "a must be <= b");
      assertMessage(
          () -> parallel.torchTruncNormal(out, 0, 10, 0, 1, -2, 2, null), "generator is null");
    }
    for (float v : out) {
      assertEquals(7f, v);
    }
    assertSamePosition(new TorchGenerator(3), generator);
  }

  private static void assertSamePosition(TorchGenerator expected, TorchGenerator actual) {
    for (int i = 0; i < 700; i++) { // more than one block of 624 words
      assertEquals(expected.random(), actual.random(), "generator word " + i + " after the fill");
    }
  }

  private static void assertMessage(org.junit.jupiter.api.function.Executable call, String part) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().contains(part), e.getMessage());
  }
}
