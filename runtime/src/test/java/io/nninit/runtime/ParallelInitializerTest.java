package io.nninit.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Parallel fills give the single-threaded bits for every parallelism, with their own threads or an
 * executor, into arrays and into chunked tensors.
 */
class ParallelInitializerTest {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private static final int COUNT = 300_001; // not a multiple of 8, well above the threshold
  private static final int OFFSET = 3;
  private static final long FIRST = 12_345; // inside a truncated-normal group
  private static final long SEED0 = 1234;
  private static final long SEED1 = 0;

  @ParameterizedTest
  @EnumSource(KerasDistribution.class)
  void sameBitsForOneTwoThreeAndEightThreads(KerasDistribution distribution) {
    float[] expected = new float[OFFSET + COUNT + 2];
    single(distribution, expected);
    for (int parallelism : new int[] {1, 2, 3, 8}) {
      float[] actual = new float[expected.length];
      try (ParallelInitializer parallel = new ParallelInitializer(parallelism)) {
        parallel(parallel, distribution, actual);
        assertArrayEquals(expected, actual, parallelism + " threads");
        Arrays.fill(actual, 0f);
        parallel(parallel, distribution, actual); // the same threads serve a second call
        assertArrayEquals(expected, actual, parallelism + " threads, second call");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(KerasDistribution.class)
  void sameBitsOnAnExecutor(KerasDistribution distribution) {
    float[] expected = new float[OFFSET + COUNT + 2];
    single(distribution, expected);
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      float[] actual = new float[expected.length];
      parallel(new ParallelInitializer(pool, 4), distribution, actual);
      assertArrayEquals(expected, actual);
    } finally {
      pool.shutdown();
    }
  }

  @ParameterizedTest
  @EnumSource(KerasDistribution.class)
  void chunkedTensorsGetTheFlatBits(KerasDistribution distribution) {
    float[] expected = new float[COUNT];
    KerasRandomFills.fill(distribution, expected, 0, COUNT, FIRST, SEED0, SEED1);
    for (int parallelism : new int[] {1, 3}) {
      FloatChunks chunks = FloatChunks.allocate(COUNT, 70_001); // chunk borders inside parts
      try (ParallelInitializer parallel = new ParallelInitializer(parallelism)) {
        switch (distribution) {
          case UNIFORM -> parallel.kerasUniform(chunks, FIRST, SEED0, SEED1, -0.25f, 0.5f);
          case NORMAL -> parallel.kerasNormal(chunks, FIRST, SEED0, SEED1, 0.5f, 2f);
          default -> parallel.kerasTruncatedNormal(chunks, FIRST, SEED0, SEED1, 0.5f, 2f);
        }
      }
      assertArrayEquals(expected, KerasRandomFills.flatten(chunks), parallelism + " threads");
    }
  }

  @Test
  void allocatesNothingAfterWarmUp() {
    float[] out = new float[COUNT];
    try (ParallelInitializer parallel = new ParallelInitializer(2)) {
      for (int i = 0; i < 3; i++) {
        parallel.kerasUniform(out, 0, COUNT, 0, SEED0, SEED1, -1f, 2f);
        parallel.kerasNormal(out, 0, COUNT, 0, SEED0, SEED1, 0f, 1f);
        parallel.kerasTruncatedNormal(out, 0, COUNT, 0, SEED0, SEED1, 0f, 1f);
      }
      long worker = workerId();
      long before = THREADS.getCurrentThreadAllocatedBytes();
      long workerBefore = THREADS.getThreadAllocatedBytes(worker);
      parallel.kerasUniform(out, 0, COUNT, 0, SEED0, SEED1, -1f, 2f);
      parallel.kerasNormal(out, 0, COUNT, 0, SEED0, SEED1, 0f, 1f);
      parallel.kerasTruncatedNormal(out, 0, COUNT, 0, SEED0, SEED1, 0f, 1f);
      assertEquals(0, THREADS.getCurrentThreadAllocatedBytes() - before, "calling thread");
      assertEquals(0, THREADS.getThreadAllocatedBytes(worker) - workerBefore, "worker thread");
    }
  }

  /** The id of the worker thread of the newest ParallelInitializer(2). */
  private static long workerId() {
    long id = -1;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().equals("nninit-initializer-1") && t.getId() > id) {
        id = t.getId();
      }
    }
    assertTrue(id >= 0, "worker thread nninit-initializer-1 is running");
    return id;
  }

  @Test
  void callsFromSeveralThreadsAreSerialized() throws InterruptedException {
    float[] expected = new float[COUNT];
    KerasRandom.normal(expected, 0, COUNT, 0, SEED0, SEED1, 0f, 1f);
    float[][] results = new float[3][COUNT];
    try (ParallelInitializer parallel = new ParallelInitializer(2)) {
      Thread[] callers = new Thread[results.length];
      for (int i = 0; i < callers.length; i++) {
        float[] mine = results[i];
        callers[i] =
            new Thread(
                () -> {
                  for (int rep = 0; rep < 3; rep++) {
                    parallel.kerasNormal(mine, 0, COUNT, 0, SEED0, SEED1, 0f, 1f);
                  }
                });
        callers[i].start();
      }
      for (Thread caller : callers) {
        caller.join();
      }
    }
    for (float[] result : results) {
      assertArrayEquals(expected, result);
    }
  }

  @Test
  void smallTensorsStayOnTheCallingThread() {
    AtomicInteger submitted = new AtomicInteger();
    ParallelInitializer parallel = new ParallelInitializer(task -> submitted.incrementAndGet(), 8);
    float[] out = new float[ParallelInitializer.MIN_PARALLEL_ELEMENTS - 1];
    parallel.kerasNormal(out, 0, out.length, 0, SEED0, SEED1, 0f, 1f);
    assertEquals(0, submitted.get());
    float[] expected = new float[out.length];
    KerasRandom.normal(expected, 0, out.length, 0, SEED0, SEED1, 0f, 1f);
    assertArrayEquals(expected, out);
  }

  @Test
  void rejectedPartsRunOnTheCallingThread() {
    ParallelInitializer parallel =
        new ParallelInitializer(
            task -> {
              throw new java.util.concurrent.RejectedExecutionException("full");
            },
            4);
    float[] expected = new float[COUNT];
    float[] out = new float[COUNT];
    KerasRandom.uniform(expected, 0, COUNT, 0, SEED0, SEED1, -1f, 2f);
    parallel.kerasUniform(out, 0, COUNT, 0, SEED0, SEED1, -1f, 2f);
    assertArrayEquals(expected, out);
  }

  @Test
  void badArgumentsAreRejectedBeforeAnythingIsWritten() {
    float[] out = new float[COUNT];
    Arrays.fill(out, 7f);
    try (ParallelInitializer parallel = new ParallelInitializer(2)) {
      assertMessage(
          () -> parallel.kerasUniform(out, 1, COUNT, 0, SEED0, SEED1, 0f, 1f), "offset + count");
      assertMessage(
          () -> parallel.kerasNormal(out, 0, COUNT, -1, SEED0, SEED1, 0f, 1f), "outside [0, 2^56)");
      assertMessage(
          () -> parallel.kerasTruncatedNormal((FloatChunks) null, 0, SEED0, SEED1, 0f, 1f),
          "out is null");
    }
    for (float v : out) {
      assertEquals(7f, v);
    }
    assertMessage(() -> new ParallelInitializer(0), "parallelism is 0");
    assertMessage(() -> new ParallelInitializer(null, 2), "executor is null");
    ParallelInitializer closed = new ParallelInitializer(2);
    closed.checkOpen(); // open: returns
    closed.close();
    assertMessage(() -> closed.kerasUniform(out, 0, COUNT, 0, SEED0, SEED1, 0f, 1f), "closed");
    assertMessage(closed::checkOpen, "closed; create a new one");
  }

  private static void single(KerasDistribution distribution, float[] out) {
    KerasRandomFills.fill(distribution, out, OFFSET, COUNT, FIRST, SEED0, SEED1);
  }

  private static void parallel(
      ParallelInitializer parallel, KerasDistribution distribution, float[] out) {
    switch (distribution) {
      case UNIFORM -> parallel.kerasUniform(out, OFFSET, COUNT, FIRST, SEED0, SEED1, -0.25f, 0.5f);
      case NORMAL -> parallel.kerasNormal(out, OFFSET, COUNT, FIRST, SEED0, SEED1, 0.5f, 2f);
      default -> parallel.kerasTruncatedNormal(out, OFFSET, COUNT, FIRST, SEED0, SEED1, 0.5f, 2f);
    }
  }

  private static void assertMessage(org.junit.jupiter.api.function.Executable call, String part) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().contains(part), e.getMessage());
  }
}
