package io.nninit.example;

import io.nninit.annotation.KerasFlavor;
import io.nninit.runtime.TorchGenerator;
import io.nninit.runtime.io.Npy;
import io.nninit.runtime.spec.KerasFillPlan;
import io.nninit.runtime.spec.KerasInitializer;
import io.nninit.runtime.spec.KerasInitializers;
import io.nninit.runtime.spec.TorchInitializer;
import io.nninit.runtime.spec.TorchInitializers;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sample}: prints what one initializer produces for one shape and seed, as one JSON object
 * {@code {"initializer": ..., "shape": [...], "seed": ..., "values": [...]}}.
 */
@Command(
    name = "sample",
    mixinStandardHelpOptions = true,
    description = {
      "Prints the values an initializer produces, as one JSON object with the values flat and",
      "row-major, each written as Java's Float.toString of the float32 value."
    })
final class SampleCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(
      names = "--initializer",
      required = true,
      paramLabel = "SPEC",
      description =
          "An initializer as @Layer takes it, e.g. he_normal, \"glorot_uniform(seed=7)\".")
  private String initializer = "";

  @Option(
      names = "--shape",
      required = true,
      paramLabel = "D1,D2,...",
      description = "The weight shape in the convention's layout, e.g. 3,3,64,128.")
  private String shape = "";

  @Option(
      names = "--seed",
      paramLabel = "SEED",
      description = {
        "Keras: the initializer's own seed= (any 64-bit integer, handled as the flavor handles it).",
        "PyTorch: the torch.manual_seed value. Without a seed anywhere one is drawn and printed."
      })
  private @Nullable Long seed;

  @Option(
      names = "--flavor",
      paramLabel = "keras3|tf_keras2",
      description = "How Keras turns the seed into a seed pair (default: keras3).")
  private @Nullable String flavor;

  @Option(
      names = "--convention",
      paramLabel = "keras|pytorch",
      description = "Whose initializer names and random stream to use (default: keras).")
  private String convention = "keras";

  @Option(
      names = "--out",
      paramLabel = "FILE.npy",
      description =
          "Also write the values to FILE.npy (NumPy format 1.0, <f4, C order, the shape above).")
  private @Nullable Path outFile;

  @Override
  public Integer call() {
    int[] dims = Shapes.parse(shape);
    Sample sample =
        switch (convention.toLowerCase(Locale.ROOT)) {
          case "keras" -> keras(dims);
          case "pytorch", "torch" -> pytorch(dims);
          default ->
              throw new UsageException(
                  "--convention must be keras or pytorch, was '" + convention + "'");
        };
    if (outFile != null) {
      write(outFile, sample.values(), dims);
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println(
        "{\"initializer\": "
            + Json.string(initializer)
            + ", \"shape\": "
            + Json.array(dims)
            + ", \"seed\": "
            + (sample.seed().isPresent() ? Long.toString(sample.seed().getAsLong()) : "null")
            + ", \"values\": "
            + Json.array(sample.values())
            + "}");
    out.flush();
    return 0;
  }

  private static void write(Path file, float[] values, int[] dims) {
    if (!file.getFileName().toString().endsWith(".npy")) {
      throw new UsageException(
          "--out writes NumPy .npy files; name it with .npy, was '" + file + "'");
    }
    try {
      Npy.write(file, values, dims);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + IoMessages.describe(e), e);
    }
  }

  private Sample keras(int[] dims) {
    KerasFlavor kerasFlavor = flavor == null ? KerasFlavor.KERAS3 : Flavors.parse(flavor);
    KerasInitializer init = KerasInitializers.resolve(initializer);
    KerasFillPlan plan = init.bind(dims);
    OptionalLong own = init.seed();
    if (own.isPresent() && seed != null) {
      throw new UsageException(
          "the seed is given twice: --seed "
              + seed
              + " and seed="
              + own.getAsLong()
              + " in --initializer; keep one of them");
    }
    OptionalLong used;
    if (!init.isRandom()) {
      used = seed == null ? OptionalLong.empty() : OptionalLong.of(seed);
    } else if (own.isPresent()) {
      used = own;
    } else {
      // Keras' own make_default_seed() draws random.randint(1, 10**9).
      used =
          OptionalLong.of(
              seed != null ? seed : ThreadLocalRandom.current().nextLong(1, 1_000_000_001L));
    }
    float[] values = new float[plan.count()];
    plan.fill(values, 0, kerasFlavor, used.orElse(0L));
    return new Sample(used, values);
  }

  private Sample pytorch(int[] dims) {
    if (flavor != null) {
      throw new UsageException(
          "--flavor applies to the Keras convention only; drop it for pytorch");
    }
    TorchInitializer init = TorchInitializers.resolve(initializer, dims);
    long used = seed != null ? seed : ThreadLocalRandom.current().nextLong(1L << 32);
    float[] values = new float[init.count()];
    init.fill(values, 0, new TorchGenerator(used));
    return new Sample(OptionalLong.of(used), values);
  }

  private record Sample(OptionalLong seed, float[] values) {}
}
