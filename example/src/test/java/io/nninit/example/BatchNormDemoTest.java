package io.nninit.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The main job's batch-norm demonstration. */
class BatchNormDemoTest {
  @Test
  void trainingNormalizesAndTheMovingStatisticsMove() {
    StringWriter text = new StringWriter();
    new BatchNormDemo(new PrintWriter(text)).run();
    List<String> lines = text.toString().lines().toList();
    assertEquals(8, lines.size(), text.toString());
    for (int model = 0; model < 2; model++) {
      int at = 4 * model;
      assertTrue(lines.get(at).startsWith("Batch norm: "), lines.get(at));
      // gamma 1, beta 0: the training output has mean 0 and std 1 (up to epsilon)
      assertTrue(
          lines
              .get(at + 1)
              .matches("  training: +y with mean -?0\\.0000, std (0\\.9999|1\\.0000);.*"),
          lines.get(at + 1));
      // from 0 and 1 toward the channel's batch mean (about 0.5) and variance (about 4):
      // Keras keeps 0.99 of the old value, PyTorch 0.9
      assertTrue(
          lines
              .get(at + 1)
              .matches(
                  model == 0
                      ? ".*mean\\[0] 0\\.00\\d\\d, moving variance\\[0] 1\\.0\\d+"
                      : ".*mean\\[0] 0\\.0\\d\\d\\d, moving variance\\[0] 1\\.[1-5]\\d+"),
          lines.get(at + 1));
      assertTrue(lines.get(at + 3).startsWith("  folded into conv1: kernel "), lines.get(at + 3));
    }
  }

  @Test
  void theMainJobRunsIt() {
    StringWriter out = new StringWriter();
    assertEquals(
        0, Main.run(new String[0], new PrintWriter(out), new PrintWriter(new StringWriter())));
    assertTrue(out.toString().contains("Batch norm: SmallCnn.bn1"), out.toString());
    assertTrue(out.toString().contains("Batch norm: TorchCnn.bn1"), out.toString());
  }
}
