package io.nninit.runtime.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {
  private static Object parse(String text) throws WeightsFormatException {
    return Json.parse(text.getBytes(StandardCharsets.UTF_8), "test");
  }

  @Test
  void parsesObjectsArraysStringsNumbersAndLiteralsInOrder() throws WeightsFormatException {
    Object v =
        parse(
            " {\"b\": [1, -2.5e3, true, false, null], \"a\": \"x\\\"\\\\\\/\\b\\f\\n"
                + "\\r"
                + "\\t\\u00e9\\ud83d\\ude00\"} ");
    Map<?, ?> map = (Map<?, ?>) v;
    assertEquals(List.of("b", "a"), List.copyOf(map.keySet()));
    List<?> list = (List<?>) map.get("b");
    assertEquals(new Json.NumberLiteral("1"), list.get(0));
    assertEquals(new Json.NumberLiteral("-2.5e3"), list.get(1));
    assertEquals(true, list.get(2));
    assertEquals(false, list.get(3));
    assertSame(Json.NULL, list.get(4));
    assertEquals("x\"\\/\b\f\n\r\t\u00e9\ud83d\ude00", map.get("a"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"a\":1,\"a\":2}|duplicate key \"a\"",
        "{\"a\":1e999}|is not finite",
        "{\"a\":-1e400}|is not finite",
        "{\"a\":01}|expected ',' or '}'",
        "{\"a\":NaN}|unexpected character 'N'",
        "{\"a\":Infinity}|unexpected character 'I'",
        "{\"a\":1.}|invalid number",
        "{\"a\":.5}|unexpected character '.'",
        "{\"a\":\"\\x\"}|invalid escape",
        "{\"a\":\"\\u12\"}|invalid \\u escape",
        "{\"a\":1}x|unexpected text after the JSON value",
        "{\"a\":1|expected ',' or '}'",
        "{'a':1}|expected a string key",
        "[1,]|unexpected character ']'",
        "|unexpected end of JSON",
        "{\"a\":tru}|invalid literal"
      })
  void rejectsInvalidJsonWithThePlace(String text, String problem) {
    WeightsFormatException e =
        assertThrows(WeightsFormatException.class, () -> parse(text == null ? "" : text));
    assertTrue(e.getMessage().startsWith("test is not valid JSON at character "), e.getMessage());
    assertTrue(e.getMessage().contains(problem), e.getMessage());
  }

  @Test
  void rejectsControlCharactersInvalidUtf8AndDeepNesting() {
    assertThrows(WeightsFormatException.class, () -> parse("\"a\u0001\""));
    WeightsFormatException utf8 =
        assertThrows(
            WeightsFormatException.class,
            () -> Json.parse(new byte[] {'"', (byte) 0xc3, '"'}, "test"));
    assertTrue(utf8.getMessage().contains("not valid UTF-8"), utf8.getMessage());
    WeightsFormatException deep =
        assertThrows(WeightsFormatException.class, () -> parse("[".repeat(100_000)));
    assertTrue(deep.getMessage().contains("nested deeper than 32"), deep.getMessage());
  }

  @ParameterizedTest
  @CsvSource({
    "0,0",
    "7,7",
    "9223372036854775807,9223372036854775807",
    "9223372036854775808,-1",
    "99999999999999999999,-1",
    "-0,-1",
    "-3,-1",
    "1e3,-1",
    "1.0,-1",
    "10E0,-1"
  })
  void nonNegativeLongAcceptsOnlyPlainIntegers(String literal, long expected) {
    assertEquals(expected, Json.nonNegativeLong(new Json.NumberLiteral(literal)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"plain", "quote\"back\\slash", "tab\tnew\nline\u0001", "é ü 😀"})
  void writtenStringsReadBack(String s) throws WeightsFormatException {
    Map<String, String> map = new LinkedHashMap<>();
    map.put(s, s + "!");
    map.put("second", "");
    assertEquals(map, parse(Json.stringMap(map)));
  }
}
