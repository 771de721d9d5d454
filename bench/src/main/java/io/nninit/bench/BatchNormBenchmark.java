package io.nninit.bench;

import static java.util.Objects.requireNonNull;

import io.nninit.runtime.BatchNorm;
import io.nninit.runtime.BatchNormWeights;
import io.nninit.runtime.ChannelLayout;
import io.nninit.runtime.KerasMovingUpdate;
import io.nninit.runtime.NninitVersion;
import io.nninit.runtime.Parameter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Batch-norm forward throughput on (32, 64, 56, 56), one thread, against {@code System.arraycopy}
 * of the same bytes and against PyTorch 1.13 CPU (one thread) measured in the same run: every
 * operation runs {@code reps} times in a row (as PyTorch's timeit loop does) before and again after
 * the PyTorch baseline script, each phase after waiting for the machine to go idle, and every ratio
 * is a ratio of medians. Run with {@code bench/run.sh}.
 */
public final class BatchNormBenchmark {
  private static final int BATCH = 32;
  private static final int CHANNELS = 64;
  private static final int SPATIAL = 56 * 56;
  private static final int N = BATCH * CHANNELS * SPATIAL;

  private BatchNormBenchmark() {}

  /** One timed operation and the PyTorch measurement it is compared with. */
  private record Op(String name, String torchName, Runnable body) {}

  public static void main(String[] args) throws IOException, InterruptedException {
    String script = "bench/bench_torch_bn.py";
    boolean torch = true;
    int reps = 15;
    String only = "";
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--torch-script" -> script = args[++i];
        case "--no-torch" -> torch = false;
        case "--reps" -> reps = Integer.parseInt(args[++i]);
        case "--only" -> only = args[++i];
        default ->
            throw new IllegalArgumentException(
                "unknown argument "
                    + args[i]
                    + "; use --no-torch, --reps N, --only NAME_PART, --torch-script PATH");
      }
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
        "# shape (32, 64, 56, 56) = %d float32, %s, %d reps per phase, load %s%n",
        N, System.getProperty("java.vm.version"), reps, loadAverage());
    System.out.println("# kernels: " + NninitVersion.kernels());
    Map<String, List<Double>> samples = new LinkedHashMap<>();
    for (Op op : ops) {
      samples.put(op.name(), new ArrayList<>());
    }
    for (int warm = 0; warm < 8; warm++) {
      for (Op op : ops) {
        op.body().run();
      }
    }
    int n = reps;
    phase("nninit, before PyTorch", () -> measure(ops, samples, n));
    Map<String, Double> torchMedians = new LinkedHashMap<>();
    if (torch) {
      String path = script;
      phase("PyTorch baseline", () -> torchMedians.putAll(runTorch(path, n)));
      phase("nninit, after PyTorch", () -> measure(ops, samples, n));
    }
    double copy = median(requireNonNull(samples.get(ops.get(0).name())));
    for (Op op : ops) {
      double t = median(requireNonNull(samples.get(op.name())));
      Double reference = torchMedians.get(op.torchName());
      String versus =
          reference == null
              ? ""
              : String.format(
                  "  vs %-26s %5.2fx (torch %7.2f ms)",
                  op.torchName(), reference / t, reference * 1e3);
      System.out.printf(
          "%-40s median %7.2f ms  %6.2f Gelem/s  vs copy %5.2fx%s%n",
          op.name(), t * 1e3, N / t / 1e9, copy / t, versus);
    }
    for (Map.Entry<String, Double> e : torchMedians.entrySet()) {
      System.out.printf(
          "%-40s median %7.2f ms  %6.2f Gelem/s%n",
          "PyTorch " + e.getKey(), e.getValue() * 1e3, N / e.getValue() / 1e9);
    }
    System.out.println("# checksum " + y[12345] + " " + weights.movingMean()[0]);
  }

  /** A block of measurements. */
  private interface Phase {
    void run() throws IOException, InterruptedException;
  }

  private static void phase(String name, Phase body) throws IOException, InterruptedException {
    double before = LoadMeter.waitIdle(60, 0.15);
    LoadMeter meter = new LoadMeter();
    body.run();
    System.out.printf(
        "# %s: other processes used %.2f CPUs before, %.2f during%n",
        name, before, meter.foreignCpus());
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

  /**
   * Each operation {@code reps} times in a row after two warm-up calls, as PyTorch's timeit does.
   */
  private static void measure(List<Op> ops, Map<String, List<Double>> samples, int reps) {
    for (Op op : ops) {
      op.body().run();
      op.body().run();
      for (int r = 0; r < reps; r++) {
        long t0 = System.nanoTime();
        op.body().run();
        requireNonNull(samples.get(op.name())).add((System.nanoTime() - t0) / 1e9);
      }
    }
  }

  private static Map<String, Double> runTorch(String script, int reps)
      throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder("/usr/bin/python3", script, Integer.toString(reps), "1")
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    Map<String, Double> medians = new LinkedHashMap<>();
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        String[] f = line.trim().split("\\s+", -1);
        if (f.length >= 2) {
          medians.put(f[0], Double.parseDouble(f[1]));
        }
      }
    }
    if (p.waitFor() != 0) {
      throw new IllegalStateException(
          "PyTorch baseline "
              + script
              + " failed; run with --no-torch"
              + " or install python3-torch (apt-get install -y python3-torch)");
    }
    return medians;
  }

  private static double median(List<Double> values) {
    double[] a = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(a);
    return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
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
