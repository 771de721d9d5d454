package io.nninit.example;

import io.nninit.runtime.io.WeightsFormat;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The example's runnable jar. Without arguments it initializes the example models and prints a
 * summary per layer, like Keras' {@code model.summary()}; {@code sample} prints what one
 * initializer produces.
 */
@Command(
    name = "nninit-example",
    mixinStandardHelpOptions = true,
    version = "nninit example 0.1.0",
    subcommands = {SampleCommand.class, BigCommand.class},
    description = {
      "Initializes the example models and prints, per layer, the weight shapes, parameter counts,",
      "initializers, fans, the bound or stddev, and the measured mean and standard deviation of the",
      "generated weights beside the theoretical ones."
    })
public final class Main implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(
      names = "--save",
      paramLabel = "DIR",
      description = {
        "Also write each model's weights to DIR as <Model>.npz and <Model>.safetensors",
        "(Keras weight paths or PyTorch state_dict keys, per the model's convention)."
      })
  private @Nullable Path saveDir;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    List<ExampleModels.Example> examples = ExampleModels.all();
    new Summary(out).printAll(examples);
    new BatchNormDemo(out).run();
    if (saveDir != null) {
      save(examples, saveDir, out);
    }
    out.flush();
    return 0;
  }

  private static void save(List<ExampleModels.Example> examples, Path dir, PrintWriter out) {
    try {
      Files.createDirectories(dir);
      for (ExampleModels.Example example : examples) {
        for (WeightsFormat format : WeightsFormat.values()) {
          Path file = dir.resolve(example.name() + format.extension());
          example.saver().save(file);
          out.println("Saved " + file + " (" + Files.size(file) + " bytes)");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot save the weights to " + dir + ": " + IoMessages.describe(e), e);
    }
  }

  /** Runs the command line and exits with its code: 0, or 2 after a one-line error on stderr. */
  public static void main(String[] args) {
    System.exit(
        run(
            args,
            new PrintWriter(System.out, false, StandardCharsets.UTF_8),
            new PrintWriter(System.err, true, StandardCharsets.UTF_8)));
  }

  /** Runs the command line, printing to {@code out} and {@code err}; returns the exit code. */
  static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine commandLine = new CommandLine(new Main());
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setParameterExceptionHandler(
        (e, unused) -> {
          err.println("error: " + e.getMessage());
          err.flush();
          return 2;
        });
    commandLine.setExecutionExceptionHandler(
        (e, unusedCommandLine, unusedParseResult) -> {
          // Every failure is one line and exit code 2, as the sample command promises. Our own
          // exceptions already say what was wrong; anything else is named by its type too.
          boolean ours = e instanceof IllegalArgumentException || e instanceof UncheckedIOException;
          err.println(
              "error: "
                  + (ours ? "" : "unexpected " + e.getClass().getSimpleName() + ": ")
                  + oneLine(e.getMessage()));
          err.flush();
          return 2;
        });
    int code = commandLine.execute(args);
    out.flush();
    return code;
  }

  private static String oneLine(@Nullable String message) {
    return message == null ? "invalid argument" : message.replace('\n', ' ');
  }
}
