package io.nninit.bench;

import static java.util.Objects.requireNonNull;

import io.nninit.runtime.BatchNorm;
import io.nninit.runtime.BatchNormWeights;
import io.nninit.runtime.ChannelLayout;
import io.nninit.runtime.KerasMovingUpdate;
import io.nninit.runtime.NninitVersion;
import io.nninit.runtime.Parameter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Batch-norm forward throughput on (32, 64, 56, 56), one thread, against {@code System.arraycopy}
 * of the same bytes and against PyTorch 1.13 CPU (one thread) measured in the same run.
 *
 * <p>The machine is shared and its memory bandwidth drifts by tens of percent within minutes, so
 * the two sides are interleaved: PyTorch's baseline script runs as a server ({@code
 * bench_torch_bn.py --serve}) and, round after round, each operation runs a block of {@code reps}
 * timed calls here and its PyTorch counterpart runs a block there, ours first in even rounds and
 * theirs first in odd ones (an even {@code --rounds} balances the two) (each block after two
 * untimed calls, as PyTorch's timeit loop had). Every ratio is a ratio of the medians over all
 * rounds; the quartiles of the per-round ratios show how far the rounds agree. Run with {@code
 * bench/run.sh}.
 */
public final class BatchNormBenchmark {
  private static final int BATCH = 32;
  private static final int CHANNELS = 64;
  private static final int SPATIAL = 56 * 56;
  private static final int N = BATCH * CHANNELS * SPATIAL;

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private static final int MAX_WARM_UP_PASSES = 200;

  private BatchNormBenchmark() {}

  /** One timed operation and the PyTorch measurement it is compared with. */
  private record Op(String name, String torchName, Runnable body) {}

  public static void main(String[] args) throws IOException, InterruptedException {
    String script = "bench/bench_torch_bn.py";
    boolean torch = true;
    int reps = 10;
    int rounds = 8;
    String only = "";
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--torch-script" -> script = args[++i];
        case "--no-torch" -> torch = false;
        case "--reps" -> reps = Integer.parseInt(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--only" -> only = args[++i];
        default ->
            throw new IllegalArgumentException(
                "unknown argument "
                    + args[i]
                    + "; use --no-torch, --rounds R, --reps N, --only NAME_PART,"
                    + " --torch-script PATH");
      }
    }
    if (reps < 1 || rounds < 1) {
      throw new IllegalArgumentException(
          "--reps and --rounds must be at least 1, got " + reps + " and " + rounds);
    }
    if (torch && !java.nio.file.Files.isRegularFile(java.nio.file.Path.of(script))) {
      throw new IllegalArgumentException(
          "PyTorch baseline script "
              + script
              + " not found; pass --torch-script PATH, or --no-torch");
    }
    float[] x = new float[N];
    Random random = new Random(0);
    for (int i = 0; i < N; i++) {
      x[i] = (float) random.nextGaussian();
    }
    float[] y = new float[N];
    BatchNormWeights weights = weights(random);
    BatchNorm torchFirst =
        BatchNorm.pytorch("bn", CHANNELS, ChannelLayout.CHANNELS_FIRST, 0.1, 1e-5, 1);
    BatchNorm torchLast =
        BatchNorm.pytorch("bn", CHANNELS, ChannelLayout.CHANNELS_LAST, 0.1, 1e-5, 1);
    BatchNorm kerasLast =
        BatchNorm.keras(
            "bn", CHANNELS, ChannelLayout.CHANNELS_LAST, 0.99, 1e-3, KerasMovingUpdate.KERAS3);
    List<Op> all =
        List.of(
            new Op(
                "System.arraycopy (same bytes)",
                "torch_copy",
                () -> System.arraycopy(x, 0, y, 0, N)),
            new Op(
                "inference NCHW  (pytorch)",
                "torch_eval_NCHW",
                () -> torchFirst.inference(weights, x, y, BATCH, SPATIAL)),
            new Op(
                "inference NHWC  (pytorch)",
                "torch_eval_channels_last",
                () -> torchLast.inference(weights, x, y, BATCH, SPATIAL)),
            new Op(
                "inference NHWC  (keras)",
                "torch_eval_channels_last",
                () -> kerasLast.inference(weights, x, y, BATCH, SPATIAL)),
            new Op(
                "training  NCHW  (pytorch-exact)",
                "torch_train_NCHW",
                () -> torchFirst.training(weights, x, y, BATCH, SPATIAL)),
            new Op(
                "training  NHWC  (pytorch-exact, 1 thr)",
                "torch_train_channels_last",
                () -> torchLast.training(weights, x, y, BATCH, SPATIAL)),
            new Op(
                "training  NHWC  (keras)",
                "torch_train_channels_last",
                () -> kerasLast.training(weights, x, y, BATCH, SPATIAL)));
    List<Op> ops = new ArrayList<>();
    for (Op op : all) {
      if (ops.isEmpty() || op.name().contains(only)) {
        ops.add(op);
      }
    }
    System.out.printf(
        "# shape (32, 64, 56, 56) = %d float32, %s, %d rounds of %d reps, load %s%n",
        N, System.getProperty("java.vm.version"), rounds, reps, loadAverage());
    System.out.println("# kernels: " + NninitVersion.kernels());
    WarmUp warmUp = warmUp(ops);
    System.out.printf(
        "# warm-up: %d passes over the operations%s%n",
        warmUp.passes(),
        warmUp.lastPassBytes() == 0
            ? ""
            : " (the last one still allocated " + warmUp.lastPassBytes() + " bytes)");
    Map<String, List<Double>> ours = new LinkedHashMap<>();
    Map<String, List<Double>> theirs = new LinkedHashMap<>();
    Map<String, List<Double>> roundRatios = new LinkedHashMap<>();
    Map<String, Long> allocated = new LinkedHashMap<>();
    double before = LoadMeter.waitIdle(60, 0.15);
    try (TorchServer server = torch ? TorchServer.start(script) : null) {
      LoadMeter meter = new LoadMeter();
      long childBefore = server == null ? 0 : server.cpuNanos();
      // round -1 is a warm-up round for both sides, not recorded: the first blocks after the
      // warm-up passes and the idle wait ran slower, and some allocated a few hundred bytes once.
      // Every operation gets a PyTorch block of its own, ours first in even rounds.
      for (int round = -1; round < rounds; round++) {
        boolean record = round >= 0;
        boolean theirsFirst = (round & 1) != 0;
        for (Op op : ops) {
          double reference = Double.NaN;
          if (server != null && theirsFirst) {
            reference = torchBlock(server, op, reps, record, theirs);
          }
          Block mine = block(op, reps);
          if (server != null && !theirsFirst) {
            reference = torchBlock(server, op, reps, record, theirs);
          }
          if (record) {
            ours.computeIfAbsent(op.name(), k -> new ArrayList<>()).addAll(mine.times());
            allocated.merge(op.name(), mine.bytes(), Long::sum);
            if (server != null) {
              roundRatios
                  .computeIfAbsent(op.name(), k -> new ArrayList<>())
                  .add(reference / median(mine.times()));
            }
          }
        }
      }
      long child = server == null ? 0 : server.cpuNanos() - childBefore;
      System.out.printf(
          "# other processes used %.2f CPUs before, %.2f during the rounds%n",
          before, meter.foreignCpus(child));
    }
    double copy = median(requireNonNull(ours.get(ops.get(0).name())));
    for (Op op : ops) {
      double t = median(requireNonNull(ours.get(op.name())));
      List<Double> reference = theirs.get(op.name());
      String versus = "";
      if (reference != null) {
        double r = median(reference);
        List<Double> perRound = requireNonNull(roundRatios.get(op.name()));
        versus =
            String.format(
                "  vs %-26s %5.2fx (torch %7.2f ms; rounds %4.2f-%4.2fx)",
                op.torchName(), r / t, r * 1e3, quantile(perRound, 0.25), quantile(perRound, 0.75));
      }
      long bytes = requireNonNull(allocated.get(op.name()));
      String allocation =
          bytes == 0
              ? ""
              : String.format("  ALLOCATED %d B in %d calls", bytes, (long) rounds * reps);
      System.out.printf(
          "%-40s median %7.2f ms  %6.2f Gelem/s  vs copy %5.2fx%s%s%n",
          op.name(), t * 1e3, N / t / 1e9, copy / t, versus, allocation);
    }
    for (Op op : ops) {
      List<Double> times = theirs.get(op.name());
      if (times != null) {
        double t = median(times);
        System.out.printf(
            "%-40s median %7.2f ms  %6.2f Gelem/s  (its blocks beside %s)%n",
            "PyTorch " + op.torchName(), t * 1e3, N / t / 1e9, op.name().trim());
      }
    }
    System.out.println("# checksum " + y[12345] + " " + weights.movingMean()[0]);
  }

  /**
   * Runs every operation at least 20 times, then pass after pass until one pass allocates nothing
   * (at most 200 passes): the small methods around the kernels are compiled late, as each call
   * takes milliseconds, and a call into a method still being compiled allocated a few hundred bytes
   * once.
   */
  private static WarmUp warmUp(List<Op> ops) {
    int pass = 0;
    long bytes = 1;
    while (pass < 20 || (bytes != 0 && pass < MAX_WARM_UP_PASSES)) {
      long before = THREADS.getCurrentThreadAllocatedBytes();
      for (int i = 0; i < ops.size(); i++) { // an iterator would allocate
        ops.get(i).body().run();
      }
      bytes = THREADS.getCurrentThreadAllocatedBytes() - before;
      pass++;
    }
    return new WarmUp(pass, bytes);
  }

  /** How many warm-up passes ran, and what the last one allocated. */
  private record WarmUp(int passes, long lastPassBytes) {}

  /** PyTorch's block for {@code op}: its median (its times recorded when {@code record}). */
  private static double torchBlock(
      TorchServer server, Op op, int reps, boolean record, Map<String, List<Double>> theirs)
      throws IOException {
    List<Double> times = server.measure(op.torchName(), reps);
    if (record) {
      theirs.computeIfAbsent(op.name(), k -> new ArrayList<>()).addAll(times);
    }
    return median(times);
  }

  /** A block's call times in seconds, and the bytes its timed calls allocated. */
  private record Block(List<Double> times, long bytes) {}

  /** Two untimed calls, then {@code reps} timed ones. */
  private static Block block(Op op, int reps) {
    op.body().run();
    op.body().run();
    long[] t = new long[reps + 1];
    long bytes0 = THREADS.getCurrentThreadAllocatedBytes();
    t[0] = System.nanoTime();
    for (int r = 1; r <= reps; r++) {
      op.body().run();
      t[r] = System.nanoTime();
    }
    long bytes = THREADS.getCurrentThreadAllocatedBytes() - bytes0;
    List<Double> times = new ArrayList<>(reps);
    for (int r = 1; r <= reps; r++) {
      times.add((t[r] - t[r - 1]) / 1e9);
    }
    return new Block(times, bytes);
  }

  private static BatchNormWeights weights(Random random) {
    Parameter gamma = new Parameter("gamma", CHANNELS);
    Parameter beta = new Parameter("beta", CHANNELS);
    Parameter mean = new Parameter("moving_mean", CHANNELS);
    Parameter variance = new Parameter("moving_variance", CHANNELS);
    for (int c = 0; c < CHANNELS; c++) {
      gamma.data()[c] = 0.5f + random.nextFloat();
      beta.data()[c] = random.nextFloat() - 0.5f;
      variance.data()[c] = 1f;
    }
    return new BatchNormWeights("bn", gamma, beta, mean, variance);
  }

  private static double median(List<Double> values) {
    double[] a = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(a);
    return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
  }

  /** The {@code q}-quantile of {@code values}: the element at index {@code round(q (n - 1))}. */
  private static double quantile(List<Double> values, double q) {
    double[] a = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(a);
    return a[(int) Math.min(a.length - 1, Math.round(q * (a.length - 1)))];
  }

  private static String loadAverage() {
    try {
      return new String(
              java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc/loadavg")),
              StandardCharsets.UTF_8)
          .trim();
    } catch (IOException e) {
      return "unknown";
    }
  }
}
