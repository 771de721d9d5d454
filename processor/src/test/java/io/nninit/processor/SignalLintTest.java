package io.nninit.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The lint's numbers, threshold option and suppression. Expected factors are worked by hand from
 * the initializers' variances (he_normal 2/fan_in, glorot_uniform 2/(fan_in + fan_out)) and the
 * activation gains (relu: E[max(z, 0)^2] = 1/2 for z ~ N(0, 1)).
 */
class SignalLintTest {
  private static JavaFileObject net(String header, String body) {
    return Sources.model("Net", header + "\nclass Net {\n" + body + "\n}\n");
  }

  @Test
  void twelveReluConvolutionsWithHeNormalStayNearOne() throws Exception {
    // he_normal: Var = 2 / fan_in (truncated normal with the stddev corrected), so fan * Var = 2
    // and 2 * 1/2 = 1 per layer.
    Compilation compilation = Sources.strict(net("", MisuseCasesTest.twelveConvs("he_normal")));
    assertThat(compilation).succeededWithoutWarnings();
    String source = GeneratedSourceTest.generated(compilation, "test.Net_Layers");
    assertTrue(source.contains("run conv1 to conv12: 1 (2^0.0)"), source);
  }

  @Test
  void twelveGlorotReluConvolutionsShrinkByTwoToTheTwelve() throws Exception {
    // glorot_uniform on (3, 3, 16, 16): Var = 2 / (144 + 144) = 1/144, fan 144: 1 per layer
    // before the activation, 1/2 after relu; twelve layers: 2^-12 = 0.000244.
    Compilation compilation =
        javac()
            .withProcessors(new ModelProcessor())
            .compile(net("", MisuseCasesTest.twelveConvs("")));
    assertThat(compilation).succeeded();
    assertThat(compilation).hadWarningCount(1);
    assertThat(compilation).hadWarningContaining("factor of 0.000244 (2^-12.0)");
    String source = GeneratedSourceTest.generated(compilation, "test.Net_Layers");
    assertTrue(source.contains("conv1: 144 * 0.00694 * 0.5 (relu) = 0.5"), source);
  }

  @Test
  void suppressedPerModel() {
    Compilation compilation =
        Sources.strict(
            net(
                "@SuppressWarnings({\"nninit.signal\", \"nninit.symmetry\"})",
                MisuseCasesTest.twelveConvs("")
                    + """
                      @Layer(type = LayerType.DENSE, units = 4, kernelInitializer = "ones")
                      DenseWeights fc;
                    """));
    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void symmetryStillReportedWhenOnlySignalIsSuppressed() {
    Compilation compilation =
        javac()
            .withProcessors(new ModelProcessor())
            .compile(
                net(
                    "@SuppressWarnings(\"nninit.signal\")",
                    MisuseCasesTest.twelveConvs("")
                        + """
                          @Layer(type = LayerType.DENSE, units = 4, kernelInitializer = "ones")
                          DenseWeights fc;
                        """));
    assertThat(compilation).hadWarningCount(1);
    assertThat(compilation).hadWarningContaining("[nninit.symmetry] layer fc");
  }

  @Test
  void thresholdOption() {
    JavaFileObject source = net("", MisuseCasesTest.twelveConvs(""));
    Compilation lenient =
        javac()
            .withProcessors(new ModelProcessor())
            .withOptions("-Xlint:all,-processing", "-Werror", "-Anninit.lint.threshold=5000")
            .compile(source);
    assertThat(lenient).succeededWithoutWarnings(); // 2^12 = 4096 < 5000
    Compilation strict =
        javac()
            .withProcessors(new ModelProcessor())
            .withOptions("-Anninit.lint.threshold=4000")
            .compile(source);
    assertThat(strict).hadWarningContaining("beyond the threshold 4000");
  }

  @Test
  void badThresholdOptionIsAWarningAndTheDefaultApplies() {
    Compilation compilation =
        javac()
            .withProcessors(new ModelProcessor())
            .withOptions("-Anninit.lint.threshold=ten")
            .compile(net("", MisuseCasesTest.twelveConvs("")));
    assertThat(compilation)
        .hadWarningContaining(
            "[nninit.signal] option nninit.lint.threshold must be a number > 1, was \"ten\"");
    assertThat(compilation).hadWarningContaining("beyond the threshold 10");
    assertEquals(2, compilation.warnings().size());
  }

  @Test
  void batchNormalizationResetsTheRun() {
    StringBuilder body = new StringBuilder();
    for (int i = 1; i <= 4; i++) {
      body.append(
              "  @Layer(type = LayerType.DENSE, inputChannels = 64, units = 64, activation ="
                  + " \"relu\")\n  DenseWeights fc")
          .append(i)
          .append(";\n  @Layer(type = LayerType.BATCH_NORMALIZATION)\n  BatchNormWeights bn")
          .append(i)
          .append(";\n");
    }
    // glorot_uniform 64 -> 64: fan * Var = 64 * 2/128 = 1, relu 1/2: each run is 0.5
    Compilation compilation = Sources.strict(net("", body.toString()));
    assertThat(compilation).succeededWithoutWarnings();
  }
}
