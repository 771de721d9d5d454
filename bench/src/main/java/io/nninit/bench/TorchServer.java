package io.nninit.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * PyTorch's baseline script running as a server ({@code bench_torch_bn.py --serve}): the harness
 * asks it for a block of timed calls of one measurement between its own blocks, so both sides run
 * in the same phases of the machine. The process blocks on its stdin while we measure, and we block
 * on its stdout while it does. A server that does not answer within {@link #TIMEOUT} is killed, and
 * the harness stops with an error instead of hanging.
 */
final class TorchServer implements AutoCloseable {
  private static final String PYTHON = "/usr/bin/python3";

  /** How long one answer may take, plus {@link #PER_REP} per timed call asked for. */
  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  private static final Duration PER_REP = Duration.ofSeconds(1);

  private final Process process;
  private final BufferedReader in;
  private final Writer out;
  private final Thread watchdog;
  private volatile boolean waiting;
  private volatile long deadline;

  private TorchServer(Process process) {
    this.process = process;
    this.in =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    this.out = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    this.watchdog = new Thread(this::watch, "torch-server-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
  }

  /** Starts the script with one thread and waits until it has set up and warmed every operation. */
  static TorchServer start(String script) throws IOException {
    if (!Files.isRegularFile(Path.of(script))) {
      throw new IllegalArgumentException(
          "PyTorch baseline script " + script + " not found; pass --torch-script PATH");
    }
    if (!Files.isExecutable(Path.of(PYTHON))) {
      throw new IllegalStateException(
          PYTHON
              + " not found: the PyTorch baseline runs with Debian's python3 and python3-torch"
              + " (apt-get install -y python3-torch), or run with --no-torch");
    }
    Process p =
        new ProcessBuilder(PYTHON, script, "--serve", "1")
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    TorchServer server = new TorchServer(p);
    String ready;
    try {
      ready = server.awaitLine(TIMEOUT);
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
    if (ready == null || !ready.startsWith("ready ")) {
      server.close();
      throw new IllegalStateException(
          "PyTorch baseline "
              + script
              + " did not start (it printed "
              + (ready == null ? "nothing" : "\"" + ready + "\"")
              + "; its error output is above); run with --no-torch or install python3-torch"
              + " (apt-get install -y python3-torch)");
    }
    return server;
  }

  /** Two untimed and {@code reps} timed calls of the measurement {@code name}, in seconds. */
  List<Double> measure(String name, int reps) throws IOException {
    out.write(name + " " + reps + "\n");
    out.flush();
    String line = awaitLine(TIMEOUT.plus(PER_REP.multipliedBy(reps)));
    if (line == null) {
      throw new IllegalStateException(
          "PyTorch baseline exited (or was stopped for not answering in time) while measuring "
              + name);
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

  /** The server's next line, or null once it has exited (or been killed for taking too long). */
  private String awaitLine(Duration limit) throws IOException {
    deadline = System.nanoTime() + limit.toNanos();
    waiting = true;
    try {
      return in.readLine();
    } finally {
      waiting = false;
    }
  }

  /**
   * Kills the server when an answer is overdue, which ends the blocked read. It wakes twice a
   * second on the pinned CPU, for a few microseconds.
   */
  private void watch() {
    while (process.isAlive()) {
      if (waiting && System.nanoTime() - deadline > 0) {
        process.destroyForcibly();
        return;
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        return;
      }
    }
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
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    watchdog.interrupt();
    in.close();
  }
}
