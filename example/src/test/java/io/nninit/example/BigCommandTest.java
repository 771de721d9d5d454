package io.nninit.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The {@code big} subcommand on a small model: the same code path, in milliseconds. */
class BigCommandTest {
  private static String[] run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
    return new String[] {Integer.toString(code), out.toString(), err.toString()};
  }

  @Test
  void initializesChunkedLayersOnSeveralThreadsWithAProgressBar() {
    String[] r =
        run(
            "big",
            "--parameters",
            "250000",
            "--width",
            "300",
            "--chunk",
            "7000",
            "--threads",
            "3",
            "--initializer",
            "he_normal");
    assertEquals("0", r[0], r[2]);
    assertTrue(r[1].contains("3 DENSE layers of 300 x 300 = 270,000 parameters"), r[1]);
    assertTrue(r[1].contains("initialized 270,000 parameters in"), r[1]);
    assertTrue(r[1].contains("on 3 threads"), r[1]);
    assertTrue(r[2].contains("100%"), "progress bar on stderr: " + r[2]);
  }

  @Test
  void rejectsInitializersThatAreNotRandomStreams() {
    String[] r = run("big", "--parameters", "100", "--width", "10", "--initializer", "orthogonal");
    assertEquals("2", r[0]);
    assertTrue(
        r[2].startsWith("error: big takes a uniform, normal or truncated-normal initializer"),
        r[2]);
  }

  @Test
  void saysHowMuchHeapAModelNeeds() {
    String[] r = run("big", "--parameters", Long.toString(Long.MAX_VALUE / 8));
    assertEquals("2", r[0]);
    assertTrue(r[2].contains("-Xmx"), r[2]);
  }
}
