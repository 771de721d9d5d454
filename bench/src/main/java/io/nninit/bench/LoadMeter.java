package io.nninit.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPUs used by other processes while we measure (from /proc/stat minus our own CPU time), as
 * bench_torch.py does: the machine is shared, so a figure taken under load is marked.
 */
final class LoadMeter {
  private static final double HZ = 100.0;
  private final long busy0;
  private final long self0;
  private final long wall0;

  LoadMeter() {
    busy0 = busyJiffies();
    self0 = selfNanos();
    wall0 = System.nanoTime();
  }

  /** Average number of CPUs other processes kept busy since construction. */
  double foreignCpus() {
    return foreignCpus(0);
  }

  /**
   * Average number of CPUs kept busy since construction by processes other than this one and a
   * child that used {@code childNanos} of CPU time in the meantime.
   */
  double foreignCpus(long childNanos) {
    double wall = Math.max(1e-3, (System.nanoTime() - wall0) / 1e9);
    double busy = (busyJiffies() - busy0) / HZ;
    double self = (selfNanos() - self0 + childNanos) / 1e9;
    return Math.max(0.0, (busy - self) / wall);
  }

  /**
   * Waits (at most {@code maxSeconds}) until others use less than {@code threshold} CPUs for 1 s.
   */
  static double waitIdle(double maxSeconds, double threshold) throws InterruptedException {
    long end = System.nanoTime() + (long) (maxSeconds * 1e9);
    while (true) {
      LoadMeter m = new LoadMeter();
      Thread.sleep(1000);
      double f = m.foreignCpus();
      if (f < threshold || System.nanoTime() > end) {
        return f;
      }
    }
  }

  private static long selfNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static long busyJiffies() {
    try {
      String line = Files.readAllLines(Path.of("/proc/stat"), StandardCharsets.UTF_8).get(0);
      String[] f = line.trim().split("\\s+", -1);
      long total = 0;
      for (int i = 1; i <= 8 && i < f.length; i++) {
        total += Long.parseLong(f[i]);
      }
      long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
      return total - idle;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }
}
