package io.nninit.runtime.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpecParserTest {
  @Test
  void bareNameHasNoParentheses() {
    Call call = SpecParser.parse("he_normal");
    assertEquals(new Call("he_normal", List.of(), false, 0), call);
    assertEquals("he_normal", call.source());
  }

  @Test
  void emptyParentheses() {
    Call call = SpecParser.parse("  GlorotUniform( )  ");
    assertEquals("GlorotUniform", call.name());
    assertTrue(call.hasParentheses());
    assertTrue(call.arguments().isEmpty());
    assertEquals(2, call.offset());
  }

  @Test
  void keywordArgumentsWithEveryLiteralKind() {
    Call call =
        SpecParser.parse(
            "variance_scaling(scale=2.0, mode='fan_out', distribution=\"uniform\", seed=-7,"
                + " x=True, y=None, z=1e-3, w=.5, v=5., u=+3)");
    assertEquals(
        List.of(
            Argument.keyword("scale", new SpecValue.FloatValue(2.0, "2.0", 23), 17),
            Argument.keyword("mode", new SpecValue.StringValue("fan_out", 33), 28),
            Argument.keyword("distribution", new SpecValue.StringValue("uniform", 57), 44),
            Argument.keyword("seed", new SpecValue.IntValue(-7, 73), 68),
            Argument.keyword("x", new SpecValue.BoolValue(true, 79), 77),
            Argument.keyword("y", new SpecValue.NoneValue(87), 85),
            Argument.keyword("z", new SpecValue.FloatValue(1e-3, "1e-3", 95), 93),
            Argument.keyword("w", new SpecValue.FloatValue(0.5, ".5", 103), 101),
            Argument.keyword("v", new SpecValue.FloatValue(5.0, "5.", 109), 107),
            Argument.keyword("u", new SpecValue.IntValue(3, 115), 113)),
        call.arguments());
    assertEquals(
        "variance_scaling(scale=2.0, mode='fan_out', distribution='uniform', seed=-7, x=True,"
            + " y=None, z=1e-3, w=.5, v=5., u=3)",
        call.source());
  }

  @Test
  void nestedCallsAndPositionalArguments() {
    Call call = SpecParser.parse("xavier_uniform_(gain=calculate_gain('leaky_relu', 0.2),)");
    Argument gain = call.keyword("gain").orElseThrow();
    Call inner = (Call) gain.value();
    assertEquals("calculate_gain", inner.name());
    assertEquals(
        List.of(
            new SpecValue.StringValue("leaky_relu", 36), new SpecValue.FloatValue(0.2, "0.2", 50)),
        inner.positional());
    assertEquals(Optional.empty(), call.keyword("seed"));
    assertEquals("xavier_uniform_(gain=calculate_gain('leaky_relu', 0.2))", call.source());
  }

  @Test
  void dottedNamesAndEscapes() {
    Call call = SpecParser.parse("a.b.c('it\\'s', \"q\\\"\")");
    assertEquals("a.b.c", call.name());
    assertEquals(
        List.of(new SpecValue.StringValue("it's", 6), new SpecValue.StringValue("q\"", 15)),
        call.positional());
  }

  @Test
  void largeIntegersKeepAllBits() {
    Call call = SpecParser.parse("f(4294967295, -9223372036854775808)");
    assertEquals(
        List.of(new SpecValue.IntValue(4294967295L, 2), new SpecValue.IntValue(Long.MIN_VALUE, 14)),
        call.positional());
    assertFalse(call.arguments().get(0).isKeyword());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''                      | nn.spec.empty                    | 0",
        "'   '                   | nn.spec.empty                    | 0",
        "he_normal(             | nn.spec.syntax                   | 10",
        "he_normal(seed=7       | nn.spec.syntax                   | 16",
        "he_normal(seed=7))     | nn.spec.syntax                   | 17",
        "he_normal(seed 7)      | nn.spec.syntax                   | 15",
        "he_normal(seed=)       | nn.spec.syntax                   | 15",
        "he_normal(mode=fan_in) | nn.spec.syntax                   | 15",
        "f(x='abc)              | nn.spec.syntax                   | 4",
        "f(x=1e)                | nn.spec.syntax                   | 6",
        "f(x=07)                | nn.spec.syntax                   | 4",
        "f(x=0x10)              | nn.spec.syntax                   | 5",
        "f(x=.)                 | nn.spec.syntax                   | 4",
        "f(x=-)                 | nn.spec.syntax                   | 5",
        "f(x=1, 2)              | nn.spec.positional-after-keyword | 7",
        "f(x=1, x=2)            | nn.spec.duplicate-argument       | 7",
        "f(x=99999999999999999999) | nn.spec.int-range             | 4",
        "f(True=1)              | nn.spec.syntax                   | 2",
        "3f                     | nn.spec.syntax                   | 0",
        "f(x='\\q')             | nn.spec.syntax                   | 5",
        "f g                    | nn.spec.syntax                   | 2",
      })
  void errorsCarryCodeAndOffset(String text, String code, int offset) {
    SpecException e = assertThrows(SpecException.class, () -> SpecParser.parse(text));
    assertEquals(code, e.code(), e.getMessage());
    assertEquals(offset, e.offset(), e.getMessage());
    assertTrue(e.getMessage().startsWith("[" + code + "] "), e.getMessage());
  }

  @Test
  void bareIdentifierValueSuggestsQuotes() {
    SpecException e =
        assertThrows(SpecException.class, () -> SpecParser.parse("he_normal(mode=fan_in)"));
    assertEquals(
        "[nn.spec.syntax] 'fan_in' is not a value; quote strings ('fan_in'), or call a function"
            + " with parentheses (fan_in(...))",
        e.getMessage());
  }
}
