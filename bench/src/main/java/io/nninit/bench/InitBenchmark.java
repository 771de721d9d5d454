package io.nninit.bench;

import static java.util.Objects.requireNonNull;

import io.nninit.runtime.KerasOrthogonal;
import io.nninit.runtime.KerasRandom;
import io.nninit.runtime.NninitVersion;
import io.nninit.runtime.ParallelInitializer;
import io.nninit.runtime.TorchGenerator;
import io.nninit.runtime.TorchOrthogonal;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Initializer throughput on a 4096x4096 float32 kernel (16M elements) with 1 and 2 threads, against
 * {@code Arrays.fill} of the same bytes and against PyTorch 1.13 CPU measured in the same run: our
 * operations are timed, then PyTorch's baseline script runs (with the same thread count), then ours
 * again; every figure is a median over both of our phases and every ratio is a ratio of medians.
 * Run with {@code bench/init_run.sh}.
 *
 * <p>The Keras kernels are Keras-exact (bit for bit TF's streams): glorot/he uniform are one
 * uniform fill with the initializer's limit, he normal is a truncated normal with Keras' stddev;
 * PyTorch's kaiming_* are the natural competitors (same role, PyTorch's own streams). The
 * torch-exact lines are our bit-exact PyTorch kernels ({@code TorchInit}, through {@code
 * ParallelInitializer.torchUniform/torchNormal}, which jump the MT19937 stream per thread). The
 * orthogonal lines (1024 x 1024, the size) compare the time of one orthogonal fill, ours on
 * the calling thread, with PyTorch's {@code orthogonal_} (whose QR may use the threads it is
 * given).
 */
public final class InitBenchmark {
  private static final int N = 4096 * 4096;
  private static final long SEED = 1337;

  /** Rows and columns of the orthogonal lines' square matrix (the 1024 x 1024). */
  private static final int ORTHOGONAL = 1024;

  private InitBenchmark() {}

  /**
   * One timed operation, the PyTorch measurement it is compared with, and how many elements it
   * writes (N, except for the orthogonal lines).
   */
  private record Op(String name, @Nullable String torchName, int elements, Body body) {
    Op(String name, @Nullable String torchName, Body body) {
      this(name, torchName, N, body);
    }
  }

  /** A fill of {@code out} using {@code parallel} (which may run on one thread). */
  private interface Body {
    void run(ParallelInitializer parallel, float[] out);
  }

  public static void main(String[] args) throws IOException, InterruptedException {
    String script = "bench/bench_torch_init.py";
    boolean torch = true;
    int reps = 7;
    int[] threadCounts = {1, 2};
    String only = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--torch-script" -> script = args[++i];
        case "--no-torch" -> torch = false;
        case "--reps" -> reps = Integer.parseInt(args[++i]);
        case "--only" -> only = args[++i];
        case "--threads" ->
            threadCounts =
                Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
        default ->
            throw new IllegalArgumentException(
                "unknown argument "
                    + args[i]
                    + "; use --no-torch, --reps N, --threads 1,2,"
                    + " --only SUBSTRING, --torch-script PATH");
      }
    }
    int fanIn = 4096;
    int fanOut = 4096;
    float glorotLimit = (float) Math.sqrt(6.0 / (fanIn + fanOut));
    float heLimit = (float) Math.sqrt(6.0 / fanIn);
    float heStddev = (float) (Math.sqrt(2.0 / fanIn) / 0.87962566103423978);
    double kaimingBound = Math.sqrt(2.0) * Math.sqrt(3.0 / fanIn); // gain(relu) * sqrt(3 / fan_in)
    double kaimingStd = Math.sqrt(2.0) / Math.sqrt(fanIn);
    TorchGenerator generator = new TorchGenerator(SEED);
    KerasOrthogonal kerasOrthogonal = new KerasOrthogonal(ORTHOGONAL, ORTHOGONAL);
    TorchOrthogonal torchOrthogonal = new TorchOrthogonal(ORTHOGONAL, ORTHOGONAL);
    List<Op> allOps =
        List.of(
            new Op("Arrays.fill (same bytes)", null, (p, out) -> Arrays.fill(out, 0.5f)),
            new Op(
                "keras uniform(-1,1)",
                "torch_uniform",
                (p, out) -> p.kerasUniform(out, 0, N, 0, SEED, 0, -1f, 2f)),
            new Op(
                "keras glorot_uniform",
                "torch_xavier_uniform",
                (p, out) -> p.kerasUniform(out, 0, N, 0, SEED, 0, -glorotLimit, 2 * glorotLimit)),
            new Op(
                "keras he_uniform",
                "torch_kaiming_uniform",
                (p, out) -> p.kerasUniform(out, 0, N, 0, SEED, 0, -heLimit, 2 * heLimit)),
            new Op(
                "keras random_normal",
                "torch_normal",
                (p, out) -> p.kerasNormal(out, 0, N, 0, SEED, 0, 0f, 1f)),
            new Op(
                "keras he_normal (truncated)",
                "torch_kaiming_normal",
                (p, out) -> p.kerasTruncatedNormal(out, 0, N, 0, SEED, 0, 0f, heStddev)),
            new Op(
                "keras truncated_normal(0.02)",
                "torch_trunc_normal",
                (p, out) -> p.kerasTruncatedNormal(out, 0, N, 0, SEED, 0, 0f, 0.02f)),
            new Op(
                "torch-exact kaiming_uniform_",
                "torch_kaiming_uniform",
                (p, out) -> p.torchUniform(out, 0, N, -kaimingBound, kaimingBound, generator)),
            new Op(
                "torch-exact kaiming_normal_",
                "torch_kaiming_normal",
                (p, out) -> p.torchNormal(out, 0, N, 0.0, kaimingStd, generator)),
            new Op(
                "torch-exact trunc_normal_(0.02)",
                "torch_trunc_normal",
                (p, out) -> p.torchTruncNormal(out, 0, N, 0.0, 0.02, -2.0, 2.0, generator)),
            new Op(
                "keras orthogonal 1024x1024",
                "torch_orthogonal",
                ORTHOGONAL * ORTHOGONAL,
                (p, out) -> kerasOrthogonal.fill(out, 0, SEED, 0, 1f)),
            new Op(
                "torch-exact orthogonal_ 1024x1024",
                "torch_orthogonal",
                ORTHOGONAL * ORTHOGONAL,
                (p, out) -> torchOrthogonal.fill(out, 0, 1.0, generator)));
    List<Op> ops = new ArrayList<>();
    for (Op op : allOps) { // the Arrays.fill reference always runs
      if (only == null || ops.isEmpty() || op.name().contains(only)) {
        ops.add(op);
      }
    }
    float[] out = new float[N];
    checkExactness(out);
    System.out.printf(
        "# 4096x4096 float32, %s, %d reps per phase, load %s%n",
        System.getProperty("java.vm.version"), reps, loadAverage());
    System.out.println("# kernels: " + NninitVersion.kernels());
    for (int threads : threadCounts) {
      try (ParallelInitializer parallel = new ParallelInitializer(threads)) {
        Map<String, List<Double>> samples = new LinkedHashMap<>();
        measure(ops, parallel, out, reps, samples); // also the warm-up of later phases
        Map<String, Double> torchMedians = torch ? runTorch(script, reps, threads) : Map.of();
        measure(ops, parallel, out, reps, samples);
        report(ops, samples, torchMedians, threads);
      }
    }
  }

  /** The parallel fills equal the single-threaded KerasRandom call (a cheap guard, not a test). */
  private static void checkExactness(float[] out) {
    float[] single = new float[1 << 20];
    KerasRandom.truncatedNormal(single, 0, single.length, SEED, 0, 0f, 1f);
    try (ParallelInitializer parallel = new ParallelInitializer(2)) {
      parallel.kerasTruncatedNormal(out, 0, single.length, 0, SEED, 0, 0f, 1f);
    }
    if (!Arrays.equals(single, Arrays.copyOf(out, single.length))) {
      throw new IllegalStateException("parallel fill differs from the single-threaded one");
    }
  }

  private static void measure(
      List<Op> ops,
      ParallelInitializer parallel,
      float[] out,
      int reps,
      Map<String, List<Double>> samples) {
    for (Op op : ops) {
      for (int i = 0; i < 2; i++) {
        op.body().run(parallel, out);
      }
      List<Double> times = samples.computeIfAbsent(op.name(), k -> new ArrayList<>());
      for (int i = 0; i < reps; i++) {
        long t0 = System.nanoTime();
        op.body().run(parallel, out);
        times.add((System.nanoTime() - t0) / 1e9);
      }
    }
  }

  private static void report(
      List<Op> ops,
      Map<String, List<Double>> samples,
      Map<String, Double> torchMedians,
      int threads) {
    double fill = median(requireNonNull(samples.get(ops.get(0).name())));
    for (Op op : ops) {
      double t = median(requireNonNull(samples.get(op.name())));
      String vsTorch = "";
      Double torchT = op.torchName() == null ? null : torchMedians.get(op.torchName());
      if (torchT != null) {
        vsTorch =
            String.format(
                "  vs %s %7.1f M/s (%.2f ms): %5.2fx",
                op.torchName(), op.elements() / torchT / 1e6, torchT * 1e3, torchT / t);
      }
      // Arrays.fill writes N elements: a ratio only for the operations that write as many
      String vsFill = op.elements() == N ? String.format("%6.3fx", fill / t) : "     - ";
      System.out.printf(
          "thr=%d %-33s median %8.2f ms %8.1f M/s  vs Arrays.fill %s%s%n",
          threads, op.name(), t * 1e3, op.elements() / t / 1e6, vsFill, vsTorch);
    }
  }

  private static Map<String, Double> runTorch(String script, int reps, int threads)
      throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(
                "/usr/bin/python3", script, Integer.toString(reps), Integer.toString(threads))
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    Map<String, Double> medians = new LinkedHashMap<>();
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        String[] f = line.trim().split("\\s+", -1);
        if (f.length >= 2) {
          medians.put(f[0], Double.parseDouble(f[1]));
        }
      }
    }
    if (p.waitFor() != 0) {
      throw new IllegalStateException(
          "the PyTorch baseline "
              + script
              + " failed; run with --no-torch"
              + " or install python3-torch (apt-get install -y python3-torch)");
    }
    return medians;
  }

  private static double median(List<Double> values) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  private static String loadAverage() {
    return String.format(
        "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }
}
