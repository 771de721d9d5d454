package io.nninit.runtime;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * Fills large tensors on several threads, with the bits of the single-threaded kernels whatever the
 * parallelism: the Keras streams ({@link KerasRandom}; every thread generates its own slice of the
 * random-access Philox stream) and PyTorch's {@code uniform_}/{@code normal_} ({@link TorchInit};
 * every thread jumps its own copy of the sequential MT19937 stream to its slice, see {@link
 * #torchUniform}). The API for generated code: create one instance with the wanted parallelism,
 * pass it to every fill, close it at the end.
 *
 * <p>A tensor is split into {@code parallelism} nearly equal contiguous parts (boundaries at
 * multiples of 8 elements); the calling thread fills the first part and waits for the others.
 * Tensors of fewer than {@link #MIN_PARALLEL_ELEMENTS} elements stay on the calling thread, where
 * starting other threads costs more than it saves.
 *
 * <p><b>Threads.</b> {@link #ParallelInitializer(int)} starts {@code parallelism - 1} daemon worker
 * threads that park between calls; {@link #close()} stops them. {@link
 * #ParallelInitializer(Executor, int)} instead hands the parts to an executor of the caller's
 * (which must run them concurrently with the caller, or at least eventually: the caller blocks
 * until they finish); a rejected part runs on the calling thread.
 *
 * <p><b>Cost.</b> The task objects are created once, in the constructor (the PyTorch workspaces by
 * the first PyTorch fill). With the own threads a call allocates nothing on any thread after
 * warm-up (measured by the tests); with an executor, whatever the executor allocates to queue a
 * task (e.g. one queue node per part for a {@code ThreadPoolExecutor}).
 *
 * <p>Calls are serialized (the methods are {@code synchronized}); one instance serves one
 * initialization at a time. Arguments are checked before anything is written, as in {@link
 * KerasRandom}; an error inside a worker (only possible through a bug or {@code Error}) is rethrown
 * to the caller as an {@link IllegalStateException} once all parts have stopped.
 */
public final class ParallelInitializer implements AutoCloseable {
  /** Tensors smaller than this are filled on the calling thread alone. */
  public static final int MIN_PARALLEL_ELEMENTS = 1 << 16;

  /**
   * PyTorch tensors smaller than this are filled on the calling thread alone: a worker's jump to
   * its slice of the sequential MT19937 stream costs a few milliseconds, the time to draw about
   * 2^21 values.
   */
  public static final int TORCH_MIN_PARALLEL_ELEMENTS = 1 << 22;

  private static final long PART_ALIGNMENT = 8;
  private static final int TORCH_BLOCK = 16; // PyTorch's normal_ transforms blocks of 16

  private final Part[] parts;
  private final Thread[] workers;
  private final @Nullable Executor executor;
  private final AtomicInteger pending = new AtomicInteger();
  private volatile @Nullable Thread waiter;
  private volatile boolean closed;
  private volatile @Nullable Throwable failure;

  // The current job; written by the calling thread before the parts are published.
  private Kind kind = Kind.KERAS;
  private KerasDistribution distribution = KerasDistribution.UNIFORM;
  private boolean fused;
  private @Nullable TorchWorkspace torch; // created by the first PyTorch fill
  private float @Nullable [] array;
  private int arrayOffset;
  private @Nullable FloatChunks chunks;
  private long first;
  private long key;
  private long counterHi;
  private float a;
  private float b;
  private int normalBlocks;
  private float truncScale;
  private float truncMean;
  private float truncLow;
  private float truncHigh;

  /**
   * Starts {@code parallelism - 1} daemon worker threads; {@code parallelism = 1} starts none and
   * fills everything on the calling thread.
   *
   * @throws IllegalArgumentException if {@code parallelism} is not between 1 and 1024
   */
  public ParallelInitializer(int parallelism) {
    this(null, parallelism, true);
  }

  /**
   * Runs the parts beyond the caller's on {@code executor}, up to {@code parallelism} parts per
   * tensor in all (the calling thread runs one of them).
   *
   * @throws IllegalArgumentException if {@code executor} is null or {@code parallelism} is not
   *     between 1 and 1024
   */
  public ParallelInitializer(Executor executor, int parallelism) {
    this(checkExecutor(executor), parallelism, false);
  }

  private ParallelInitializer(@Nullable Executor executor, int parallelism, boolean ownThreads) {
    if (parallelism < 1 || parallelism > 1024) {
      throw new IllegalArgumentException(
          "parallelism is "
              + parallelism
              + "; pass a thread count between 1 and 1024, e.g."
              + " Runtime.getRuntime().availableProcessors()");
    }
    this.executor = executor;
    this.parts = new Part[parallelism];
    for (int i = 0; i < parallelism; i++) {
      parts[i] = new Part(i);
    }
    this.workers = new Thread[ownThreads ? parallelism - 1 : 0];
    for (int i = 0; i < workers.length; i++) {
      Part part = parts[i + 1];
      workers[i] = new Thread(part::loop, "nninit-initializer-" + (i + 1));
      workers[i].setDaemon(true);
      workers[i].start();
    }
  }

  private static Executor checkExecutor(Executor executor) {
    if (executor == null) {
      throw new IllegalArgumentException(
          "executor is null; pass an Executor, or use new ParallelInitializer(threads)");
    }
    return executor;
  }

  /** The most parts a tensor is split into (threads used, the caller included). */
  public int parallelism() {
    return parts.length;
  }

  /**
   * {@link KerasRandom#uniform(float[], int, int, long, long, long, float, float)} in parallel.
   *
   * @throws IllegalArgumentException as the single-threaded call, or if this initializer is closed
   */
  public synchronized void kerasUniform(
      float[] out,
      int offset,
      int count,
      long first,
      long seed0,
      long seed1,
      float minval,
      float range) {
    run(KerasDistribution.UNIFORM, out, offset, count, first, seed0, seed1, minval, range);
  }

  /**
   * {@link KerasRandom#normal(float[], int, int, long, long, long, float, float)} in parallel.
   *
   * @throws IllegalArgumentException as the single-threaded call, or if this initializer is closed
   */
  public synchronized void kerasNormal(
      float[] out,
      int offset,
      int count,
      long first,
      long seed0,
      long seed1,
      float mean,
      float stddev) {
    run(KerasDistribution.NORMAL, out, offset, count, first, seed0, seed1, mean, stddev);
  }

  /**
   * {@link KerasRandom#truncatedNormal(float[], int, int, long, long, long, float, float)} in
   * parallel.
   *
   * @throws IllegalArgumentException as the single-threaded call, or if this initializer is closed
   */
  public synchronized void kerasTruncatedNormal(
      float[] out,
      int offset,
      int count,
      long first,
      long seed0,
      long seed1,
      float mean,
      float stddev) {
    run(KerasDistribution.TRUNCATED_NORMAL, out, offset, count, first, seed0, seed1, mean, stddev);
  }

  /**
   * {@link KerasRandom#uniform(FloatChunks, long, long, long, float, float)} in parallel.
   *
   * @throws IllegalArgumentException as the single-threaded call, or if this initializer is closed
   */
  public synchronized void kerasUniform(
      FloatChunks out, long first, long seed0, long seed1, float minval, float range) {
    run(KerasDistribution.UNIFORM, out, first, seed0, seed1, minval, range);
  }

  /**
   * {@link KerasRandom#normal(FloatChunks, long, long, long, float, float)} in parallel.
   *
   * @throws IllegalArgumentException as the single-threaded call, or if this initializer is closed
   */
  public synchronized void kerasNormal(
      FloatChunks out, long first, long seed0, long seed1, float mean, float stddev) {
    run(KerasDistribution.NORMAL, out, first, seed0, seed1, mean, stddev);
  }

  /**
   * {@link KerasRandom#truncatedNormal(FloatChunks, long, long, long, float, float)} in parallel.
   *
   * @throws IllegalArgumentException as the single-threaded call, or if this initializer is closed
   */
  public synchronized void kerasTruncatedNormal(
      FloatChunks out, long first, long seed0, long seed1, float mean, float stddev) {
    run(KerasDistribution.TRUNCATED_NORMAL, out, first, seed0, seed1, mean, stddev);
  }

  /**
   * {@link TorchInit#uniform} in parallel: the same values, and the generator ends at the same
   * position. PyTorch's stream is sequential, so each worker first jumps its own copy of the
   * MT19937 state to the start of its slice ({@link Mt19937Jump}: a few milliseconds); tensors
   * below {@link #TORCH_MIN_PARALLEL_ELEMENTS} run on the calling thread. The first call builds the
   * jump tables (about 0.3 s) and the per-thread engines; later calls allocate nothing.
   *
   * @throws IllegalArgumentException as {@link TorchInit#uniform}, or if {@code generator} is null
   *     or this initializer is closed
   */
  public synchronized void torchUniform(
      float[] out, int offset, int count, double from, double to, TorchGenerator generator) {
    TorchInit.checkRange(out, offset, count);
    TorchInit.checkUniformBounds(from, to);
    checkGenerator(generator);
    checkOpen();
    if (count < TORCH_MIN_PARALLEL_ELEMENTS || parts.length == 1) {
      TorchInit.uniform(out, offset, count, from, to, generator);
      return;
    }
    drawInParallel(Kind.TORCH_UNIFORM, out, offset, count, (float) from, (float) to, generator);
  }

  /**
   * {@link TorchInit#normal} in parallel: the same values, and the generator ends at the same
   * position. Each worker draws its slice of the uniforms as in {@link #torchUniform} and
   * transforms its blocks of 16; a last partial block is redrawn on the calling thread as PyTorch
   * does. Tensors below {@link #TORCH_MIN_PARALLEL_ELEMENTS} run on the calling thread.
   *
   * @throws IllegalArgumentException as {@link TorchInit#normal}, or if {@code generator} is null
   *     or this initializer is closed
   */
  public synchronized void torchNormal(
      float[] out, int offset, int count, double mean, double std, TorchGenerator generator) {
    TorchInit.checkRange(out, offset, count);
    TorchInit.checkNormal(mean, std);
    checkGenerator(generator);
    checkOpen();
    if (count < TORCH_MIN_PARALLEL_ELEMENTS || parts.length == 1) {
      TorchInit.normal(out, offset, count, mean, std, generator);
      return;
    }
    // TorchInit.normal's steps for 16 or more elements: the draws and the blocks in parallel
    int blocks = count - count % TORCH_BLOCK;
    normalBlocks = blocks;
    drawInParallel(Kind.TORCH_NORMAL, out, offset, count, (float) mean, (float) std, generator);
    if (blocks != count) {
      int tail = offset + count - TORCH_BLOCK;
      TorchInit.uniformWords(out, tail, TORCH_BLOCK, 0f, 1f, generator.engine(), fused);
      TorchInit.boxMuller(out, tail, tail + TORCH_BLOCK, (float) mean, (float) std, fused);
    }
  }

  /**
   * {@link TorchInit#truncNormal} in parallel: the same values, and the generator ends at the same
   * position. Each worker jumps its own copy of the MT19937 stream to its slice as in {@link
   * #torchUniform}, then draws and transforms its slice (erfinv, scale, shift, clamp); tensors
   * below {@link #TORCH_MIN_PARALLEL_ELEMENTS} run on the calling thread.
   *
   * @throws IllegalArgumentException as {@link TorchInit#truncNormal}, or if {@code generator} is
   *     null or this initializer is closed
   */
  public synchronized void torchTruncNormal(
      float[] out,
      int offset,
      int count,
      double mean,
      double std,
      double a,
      double b,
      TorchGenerator generator) {
    TorchInit.checkRange(out, offset, count);
    TorchInit.checkTruncNormal(mean, std, a, b);
    checkGenerator(generator);
    checkOpen();
    double low = TorchInit.truncNormalBound(mean, std, a);
    double high = TorchInit.truncNormalBound(mean, std, b);
    TorchInit.checkUniformBounds(low, high);
    if (count < TORCH_MIN_PARALLEL_ELEMENTS || parts.length == 1) {
      TorchInit.truncNormal(out, offset, count, mean, std, a, b, generator);
      return;
    }
    truncScale = (float) (std * TorchInit.SQRT_2);
    truncMean = (float) mean;
    truncLow = (float) a;
    truncHigh = (float) b;
    drawInParallel(
        Kind.TORCH_TRUNC_NORMAL, out, offset, count, (float) low, (float) high, generator);
  }

  private void drawInParallel(
      Kind kind,
      float[] out,
      int offset,
      int count,
      float from,
      float to,
      TorchGenerator generator) {
    if (torch == null) {
      torch = new TorchWorkspace(parts.length);
    }
    generator.engine().windowInto(torch.start);
    this.kind = kind;
    fused = generator.capability() == TorchCapability.AVX2;
    array = out;
    arrayOffset = offset;
    chunks = null;
    a = from;
    b = to;
    int used = runParts(count, TORCH_BLOCK, TORCH_MIN_PARALLEL_ELEMENTS);
    generator.engine().copyFrom(torch.engines[used - 1]); // the last part ends where one run would
  }

  private static void checkGenerator(TorchGenerator generator) {
    if (generator == null) {
      throw new IllegalArgumentException(
          "generator is null; pass the TorchGenerator to draw from, e.g. new TorchGenerator(seed)");
    }
  }

  /**
   * Stops the worker threads (idempotent), after a fill in progress on another thread has finished.
   * Later fills throw; an executor is not shut down.
   */
  @Override
  public synchronized void close() {
    closed = true;
    for (Thread worker : workers) {
      LockSupport.unpark(worker);
    }
  }

  private void run(
      KerasDistribution distribution,
      float[] out,
      int offset,
      int count,
      long first,
      long seed0,
      long seed1,
      float a,
      float b) {
    KerasRandom.checkRange(out, offset, count, first);
    checkOpen();
    this.array = out;
    this.arrayOffset = offset;
    this.chunks = null;
    start(distribution, first, seed0, seed1, a, b, count);
  }

  private void run(
      KerasDistribution distribution,
      FloatChunks out,
      long first,
      long seed0,
      long seed1,
      float a,
      float b) {
    KerasRandom.checkRange(out, first);
    checkOpen();
    this.array = null;
    this.chunks = out;
    start(distribution, first, seed0, seed1, a, b, out.length());
  }

  /**
   * Checks that this initializer can still fill tensors, as every fill does first; generated code
   * calls it before changing anything. Allocates nothing.
   *
   * @throws IllegalArgumentException if this initializer is closed
   */
  public void checkOpen() {
    if (closed) {
      throw new IllegalArgumentException(
          "this ParallelInitializer is closed; create a new one to fill more tensors");
    }
  }

  private void start(
      KerasDistribution distribution,
      long first,
      long seed0,
      long seed1,
      float a,
      float b,
      long length) {
    this.kind = Kind.KERAS;
    this.distribution = distribution;
    this.first = first;
    this.key = Philox.streamKey(seed0, seed1);
    this.counterHi = Philox.streamCounterHigh(seed0, seed1);
    this.a = a;
    this.b = b;
    runParts(length, PART_ALIGNMENT, MIN_PARALLEL_ELEMENTS);
  }

  /**
   * Splits {@code [0, length)} into parts (boundaries at multiples of {@code alignment}, each part
   * at least {@code minParallel / 2} long), runs them and waits; returns the number of parts.
   */
  private int runParts(long length, long alignment, long minParallel) {
    int used =
        length < minParallel
            ? 1
            : (int) Math.min(parts.length, Math.max(1, length / (minParallel / 2)));
    long step = (length / used) & -alignment;
    for (int i = 0; i < used; i++) {
      parts[i].from = step * i;
      parts[i].to = i == used - 1 ? length : step * (i + 1);
    }
    failure = null;
    waiter = Thread.currentThread();
    pending.set(used - 1);
    for (int i = 1; i < used; i++) {
      dispatch(i);
    }
    parts[0].run();
    while (pending.get() != -1) { // part 0 counted itself down too
      LockSupport.park(this);
    }
    this.array = null; // do not keep the caller's tensor reachable
    this.chunks = null;
    Throwable error = failure;
    if (error != null) {
      failure = null;
      throw new IllegalStateException("a worker failed while filling its part", error);
    }
    return used;
  }

  // Only the dispatching thread writes generation; the volatile write publishes, no RMW race.
  @SuppressWarnings("NonAtomicVolatileUpdate")
  private void dispatch(int i) {
    Part part = parts[i];
    if (executor == null) {
      part.generation++; // volatile write: publishes the job to the worker
      LockSupport.unpark(workers[i - 1]);
      return;
    }
    try {
      executor.execute(part);
    } catch (RejectedExecutionException e) {
      part.run();
    }
  }

  private void fillPart(int index, long from, long to) {
    switch (kind) {
      case KERAS -> {
        if (chunks != null) {
          distribution.fill(chunks, from, to, first, key, counterHi, a, b);
        } else {
          distribution.fill(
              requireNonNull(array),
              arrayOffset + (int) from,
              (int) (to - from),
              first + from,
              key,
              counterHi,
              a,
              b);
        }
      }
      case TORCH_UNIFORM ->
          TorchInit.uniformWords(
              requireNonNull(array),
              arrayOffset + (int) from,
              (int) (to - from),
              a,
              b,
              jump(index, from),
              fused);
      case TORCH_TRUNC_NORMAL ->
          TorchInit.truncNormalWords(
              requireNonNull(array),
              arrayOffset + (int) from,
              (int) (to - from),
              a,
              b,
              jump(index, from),
              fused,
              truncScale,
              truncMean,
              truncLow,
              truncHigh,
              requireNonNull(torch).truncScratch[index],
              requireNonNull(torch).truncLanes[index]);
      default ->
          // TORCH_NORMAL: the draws, then the blocks of 16 among them
          TorchInit.normalWords(
              requireNonNull(array),
              arrayOffset + (int) from,
              (int) (to - from),
              normalBlocks - (int) from,
              a,
              b,
              jump(index, from),
              fused);
    }
  }

  /** Part {@code index}'s own engine, at the generator's position + {@code from}. */
  private Mt19937 jump(int index, long from) {
    TorchWorkspace torch = requireNonNull(this.torch);
    int[] window = torch.windows[index];
    System.arraycopy(torch.start, 0, window, 0, Mt19937Jump.N);
    torch.ladder.advance(window, from, torch.scratch[index], torch.sums[index]);
    Mt19937 engine = torch.engines[index];
    engine.loadWindow(window);
    return engine;
  }

  /** What the parts of the current call compute. */
  private enum Kind {
    KERAS,
    TORCH_UNIFORM,
    TORCH_TRUNC_NORMAL,
    TORCH_NORMAL
  }

  /**
   * Per-part MT19937 engines and jump workspaces for PyTorch fills, created by the first one (the
   * jump ladder takes about 0.3 s to build, once per initializer).
   */
  private static final class TorchWorkspace {
    final Mt19937Jump.Ladder ladder = new Mt19937Jump.Ladder();
    final int[] start = new int[Mt19937Jump.N];
    final Mt19937[] engines;
    final int[][] windows;
    final int[][] scratch;
    final int[][] sums;
    final float[][] truncScratch;
    final int[][] truncLanes;

    TorchWorkspace(int parts) {
      truncScratch = new float[parts][TorchInit.TRUNC_CHUNK];
      truncLanes = new int[parts][TorchInit.TRUNC_LANES];
      engines = new Mt19937[parts];
      windows = new int[parts][Mt19937Jump.N];
      scratch = new int[parts][Mt19937Jump.N];
      sums = new int[parts][Mt19937Jump.N];
      for (int i = 0; i < parts; i++) {
        engines[i] = new Mt19937();
      }
    }
  }

  /** One part of the current tensor; run by a worker thread or an executor. */
  private final class Part implements Runnable {
    final int index;
    long from;
    long to;
    volatile int generation;

    Part(int index) {
      this.index = index;
    }

    @Override
    public void run() {
      try {
        fillPart(index, from, to);
      } catch (Throwable t) { // reported to the caller, who is waiting for this part
        failure = t;
      } finally {
        if (pending.decrementAndGet() == -1) { // the last of all parts, the caller's included
          LockSupport.unpark(waiter);
        }
      }
    }

    /** A worker thread's life: wait for a new generation, run it, until closed. */
    void loop() {
      int seen = 0;
      while (true) {
        int current = generation;
        if (current != seen) { // a published part runs even if close() follows it
          seen = current;
          run();
        } else if (closed) {
          return;
        } else {
          LockSupport.park(this);
        }
      }
    }
  }
}
