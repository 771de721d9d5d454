package io.nninit.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * PyTorch's baseline script running as a server ({@code bench_torch_bn.py --serve}): the harness
 * asks it for a block of timed calls of one measurement between its own blocks, so both sides run
 * in the same phases of the machine. The process blocks on its stdin while we measure, and we block
 * on its stdout while it does.
 */
final class TorchServer implements AutoCloseable {
  private final Process process;
  private final BufferedReader in;
  private final Writer out;

  private TorchServer(Process process) {
    this.process = process;
    this.in =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    this.out = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
  }

  /** Starts the script with one thread and waits until it has set up and warmed every operation. */
  static TorchServer start(String script) throws IOException {
    Process p =
        new ProcessBuilder("/usr/bin/python3", script, "--serve", "1")
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    TorchServer server = new TorchServer(p);
    String ready = server.in.readLine();
    if (ready == null || !ready.startsWith("ready ")) {
      server.close();
      throw new IllegalStateException(
          "PyTorch baseline "
              + script
              + " did not start (it printed "
              + (ready == null ? "nothing" : "\"" + ready + "\"")
              + "); run with --no-torch or install python3-torch"
              + " (apt-get install -y python3-torch)");
    }
    return server;
  }

  /** Two untimed and {@code reps} timed calls of the measurement {@code name}, in seconds. */
  List<Double> measure(String name, int reps) throws IOException {
    out.write(name + " " + reps + "\n");
    out.flush();
    String line = in.readLine();
    if (line == null) {
      throw new IllegalStateException("PyTorch baseline exited while measuring " + name);
    }
    String[] f = line.trim().split("\\s+", -1);
    if (!f[0].equals(name) || f.length != reps + 1) {
      throw new IllegalStateException(
          "PyTorch baseline answered \"" + line + "\" to \"" + name + " " + reps + "\"");
    }
    List<Double> times = new ArrayList<>(reps);
    for (int i = 1; i < f.length; i++) {
      times.add(Double.parseDouble(f[i]));
    }
    return times;
  }

  /** CPU time the server process has used so far, in nanoseconds (0 if the OS does not say). */
  long cpuNanos() {
    return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
  }

  @Override
  public void close() throws IOException {
    try {
      out.write("quit\n");
      out.close();
    } catch (IOException e) {
      // already gone: nothing to tell it
    }
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      process.destroy();
      Thread.currentThread().interrupt();
    }
    in.close();
  }
}
