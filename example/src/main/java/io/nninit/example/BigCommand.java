package io.nninit.example;

import io.nninit.annotation.KerasFlavor;
import io.nninit.runtime.FloatChunks;
import io.nninit.runtime.KerasRandom;
import io.nninit.runtime.Moments;
import io.nninit.runtime.NninitVersion;
import io.nninit.runtime.ParallelInitializer;
import io.nninit.runtime.spec.KerasFillPlan;
import io.nninit.runtime.spec.KerasInitializer;
import io.nninit.runtime.spec.KerasInitializers;
import io.nninit.runtime.spec.KerasOp;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code big}: initializes a model of a billion parameters or more — a stack of square DENSE layers
 * whose kernels are held as {@link FloatChunks} (several arrays per tensor, as a model too large
 * for one Java array would be) — on every core, with the Keras stream's bits whatever the thread
 * count, showing a progress bar and the throughput reached.
 */
@Command(
    name = "big",
    mixinStandardHelpOptions = true,
    description = {
      "Initializes a stack of square DENSE kernels of at least --parameters weights in all (default",
      "1e9, about 4 GB: run java with -Xmx6g or more), split into chunks, on --threads threads."
    })
final class BigCommand implements Callable<Integer> {
  /** Values filled per step between two progress-bar updates. */
  private static final int STEP = 1 << 24;

  @Spec private CommandSpec spec;

  @Option(
      names = "--parameters",
      paramLabel = "N",
      description = "Total weights (default 1000000000).")
  private long parameters = 1_000_000_000L;

  @Option(
      names = "--width",
      paramLabel = "W",
      description = "Units per layer: kernels are W x W (default 8192).")
  private int width = 8192;

  @Option(
      names = "--threads",
      paramLabel = "T",
      description = "Threads (default: every available processor).")
  private int threads = Runtime.getRuntime().availableProcessors();

  @Option(
      names = "--initializer",
      paramLabel = "SPEC",
      description =
          "A Keras uniform, normal or truncated-normal initializer (default glorot_uniform).")
  private String initializer = "glorot_uniform";

  @Option(
      names = "--seed",
      paramLabel = "SEED",
      description = "The initializers' seed (default 1).")
  private long seed = 1;

  @Option(
      names = "--chunk",
      paramLabel = "C",
      description = "Elements per array of a chunked tensor (default 2^26).")
  private int chunk = 1 << 26;

  @Override
  public Integer call() {
    if (parameters <= 0 || width <= 0 || chunk <= 0) {
      throw new UsageException("--parameters, --width and --chunk must be positive");
    }
    long perLayer = (long) width * width;
    long layerCount = Math.max(1, (parameters + perLayer - 1) / perLayer);
    double bytes = 4.0 * perLayer * layerCount;
    long heap = Runtime.getRuntime().maxMemory();
    if (bytes > heap - (heap >> 4)) {
      throw new UsageException(
          String.format(
              Locale.ROOT,
              "%.0f weights need %.1f GB but the heap is %.1f GB; run java -Xmx%.0fg -jar ... big",
              bytes / 4,
              bytes / 1e9,
              heap / 1e9,
              Math.ceil(bytes * 1.25 / (1 << 30))));
    }
    int layers = (int) layerCount;
    KerasInitializer init = KerasInitializers.resolve(initializer);
    KerasFillPlan plan = init.bind(width, width);
    if (!(plan.op() instanceof KerasOp.Uniform
        || plan.op() instanceof KerasOp.Normal
        || plan.op() instanceof KerasOp.TruncatedNormal)) {
      throw new UsageException(
          "big takes a uniform, normal or truncated-normal initializer; "
              + initializer
              + " is "
              + plan.op().distribution());
    }
    long total = perLayer * layers;
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        Locale.ROOT,
        "big: %d DENSE layers of %d x %d = %,d parameters, %s (%s), %d threads, chunks of %,d%n",
        layers,
        width,
        width,
        total,
        initializer,
        plan.derivation(),
        threads,
        chunk);
    out.flush();
    FloatChunks[] kernels = new FloatChunks[layers];
    for (int i = 0; i < layers; i++) {
      kernels[i] = FloatChunks.allocate(perLayer, chunk);
    }
    ProgressBar bar = new ProgressBar(spec.commandLine().getErr(), total);
    long start = System.nanoTime();
    try (ParallelInitializer parallel = new ParallelInitializer(threads)) {
      for (int i = 0; i < layers; i++) {
        // Keras gives every unseeded layer its own seed; here layer i takes seed + i.
        long seed0 = KerasRandom.seedPairFirst(seed + i, KerasFlavor.KERAS3);
        fill(parallel, kernels[i], plan.op(), seed0, bar, (long) i * perLayer);
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    bar.finish();
    Moments m = Moments.of(kernels[layers - 1].chunk(0));
    out.printf(
        Locale.ROOT,
        "initialized %,d parameters in %.2f s: %.0f M parameters/s on %d threads (kernels: %s)%n",
        total,
        seconds,
        total / seconds / 1e6,
        threads,
        NninitVersion.kernels());
    out.printf(
        Locale.ROOT,
        "last layer, first chunk: mean %.3g (theory %.3g), std %.4g (theory %.4g)%n",
        m.mean(),
        plan.op().expectedMean(),
        m.std(),
        plan.op().expectedStd());
    out.flush();
    return 0;
  }

  /**
   * Fills one chunked tensor in steps of at most {@link #STEP} values that never cross an array
   * boundary, advancing the bar after each. Element {@code first} of the tensor's stream goes to
   * element {@code first} of the tensor, so the values do not depend on the chunking.
   */
  private static void fill(
      ParallelInitializer parallel,
      FloatChunks tensor,
      KerasOp op,
      long seed0,
      ProgressBar bar,
      long done) {
    long first = 0;
    while (first < tensor.length()) {
      float[] array = tensor.chunk((int) (first / tensor.chunkLength()));
      int offset = (int) (first % tensor.chunkLength());
      int count = (int) Math.min(Math.min(STEP, tensor.length() - first), array.length - offset);
      if (op instanceof KerasOp.Uniform u) {
        parallel.kerasUniform(array, offset, count, first, seed0, 0L, u.minval(), u.range());
      } else if (op instanceof KerasOp.Normal n) {
        parallel.kerasNormal(array, offset, count, first, seed0, 0L, n.mean(), n.stddev());
      } else if (op instanceof KerasOp.TruncatedNormal t) {
        parallel.kerasTruncatedNormal(array, offset, count, first, seed0, 0L, t.mean(), t.stddev());
      }
      first += count;
      bar.update(done + first);
    }
  }
}
