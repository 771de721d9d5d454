package io.nninit.example;

import java.io.PrintWriter;
import java.util.Locale;

/** A one-line progress bar with the rate so far, redrawn in place with a carriage return. */
final class ProgressBar {
  private static final int WIDTH = 40;
  private final PrintWriter out;
  private final long total;
  private final long start = System.nanoTime();
  private int drawn = -1;

  ProgressBar(PrintWriter out, long total) {
    this.out = out;
    this.total = total;
  }

  /** Shows {@code done} of the total; redraws only when the bar or percentage changes. */
  void update(long done) {
    int percent = (int) (100 * done / total);
    if (percent == drawn) {
      return;
    }
    drawn = percent;
    int filled = (int) ((long) WIDTH * done / total);
    double seconds = Math.max(1e-9, (System.nanoTime() - start) / 1e9);
    out.printf(
        Locale.ROOT,
        "\r[%s%s] %3d%%  %,d / %,d  %.0f M/s",
        "#".repeat(filled),
        " ".repeat(WIDTH - filled),
        percent,
        done,
        total,
        done / seconds / 1e6);
    out.flush();
  }

  /** Ends the bar's line. */
  void finish() {
    out.println();
    out.flush();
  }
}
