package io.nninit.runtime.spec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Parses initializer strings into {@link Call} trees. The grammar is a subset of Python call
 * syntax:
 *
 * <pre>
 * spec     := name [ '(' [ argument { ',' argument } [ ',' ] ] ')' ]
 * name     := identifier { '.' identifier }
 * argument := identifier '=' value | value
 * value    := [ '+' | '-' ] number | string | 'True' | 'False' | 'None' | name '(' ... ')'
 * number   := int (no leading zeros) | float ('2.0', '1e-3', '.5', '5.', '1E+2')
 * string   := '...' | "..."   (escapes \\ \' \" \n \t)
 * </pre>
 *
 * Whitespace is allowed between tokens. Positional arguments must precede keyword arguments and a
 * keyword may appear once, as in Python. Errors are {@link SpecException}s with the codes {@link
 * SpecException#EMPTY}, {@link SpecException#SYNTAX}, {@link
 * SpecException#POSITIONAL_AFTER_KEYWORD}, {@link SpecException#DUPLICATE_ARGUMENT} or {@link
 * SpecException#INT_RANGE} and the offset of the offending character. Stateless and thread-safe.
 */
public final class SpecParser {
  private final String text;
  private int pos;

  private SpecParser(String text) {
    this.text = text;
  }

  /**
   * Parses a whole initializer string.
   *
   * @throws SpecException if {@code text} is blank or not of the form above
   */
  public static Call parse(String text) {
    if (text.isBlank()) {
      throw new SpecException(
          SpecException.EMPTY,
          "the initializer string is empty; write a name such as 'glorot_uniform' or leave the"
              + " attribute out for the default",
          0);
    }
    SpecParser p = new SpecParser(text);
    p.skipSpaces();
    Call call = p.call(false);
    p.skipSpaces();
    if (p.pos < text.length()) {
      throw p.error(
          "unexpected '"
              + text.charAt(p.pos)
              + "' after "
              + call.source()
              + "; nothing may follow"
              + " the closing parenthesis");
    }
    return call;
  }

  private Call call(boolean requireParentheses) {
    int start = pos;
    String name = name();
    skipSpaces();
    if (!peek('(')) {
      if (requireParentheses) {
        throw new SpecException(
            SpecException.SYNTAX,
            "'"
                + name
                + "' is not a value; quote strings ('"
                + name
                + "'), or call a function"
                + " with parentheses ("
                + name
                + "(...))",
            start);
      }
      return new Call(name, List.of(), false, start);
    }
    pos++;
    List<Argument> arguments = new ArrayList<>();
    Set<String> keywords = new HashSet<>();
    skipSpaces();
    while (!peek(')')) {
      Argument a = argument();
      if (a.isKeyword()) {
        if (!keywords.add(a.keyword().orElseThrow())) {
          throw new SpecException(
              SpecException.DUPLICATE_ARGUMENT,
              "argument '"
                  + a.keyword().orElseThrow()
                  + "' is given twice in "
                  + name
                  + "(...); keep one",
              a.offset());
        }
      } else if (!keywords.isEmpty()) {
        throw new SpecException(
            SpecException.POSITIONAL_AFTER_KEYWORD,
            "positional argument "
                + a.source()
                + " follows a keyword argument; name it ("
                + "kw="
                + a.source()
                + ") or move it before the keyword arguments",
            a.offset());
      }
      arguments.add(a);
      skipSpaces();
      if (peek(',')) {
        pos++;
        skipSpaces();
      } else if (!peek(')')) {
        throw pos >= text.length()
            ? error("missing ')' to close " + name + "(")
            : error(
                "expected ',' or ')' in the arguments of "
                    + name
                    + "(...), found '"
                    + text.charAt(pos)
                    + "'");
      }
    }
    pos++;
    return new Call(name, arguments, true, start);
  }

  private String name() {
    StringBuilder b = new StringBuilder(identifier("a name such as 'glorot_uniform'"));
    while (peek('.')) {
      pos++;
      b.append('.').append(identifier("an identifier after '.'"));
    }
    return b.toString();
  }

  private String identifier(String expected) {
    int start = pos;
    if (pos >= text.length()
        || !Character.isJavaIdentifierStart(text.charAt(pos))
        || text.charAt(pos) == '$') {
      throw pos >= text.length()
          ? error("expected " + expected + " at the end of the string")
          : error("expected " + expected + ", found '" + text.charAt(pos) + "'");
    }
    pos++;
    while (pos < text.length()
        && Character.isJavaIdentifierPart(text.charAt(pos))
        && text.charAt(pos) != '$') {
      pos++;
    }
    return text.substring(start, pos);
  }

  private Argument argument() {
    int start = pos;
    if (pos < text.length() && Character.isJavaIdentifierStart(text.charAt(pos))) {
      int save = pos;
      String id = identifier("an argument");
      skipSpaces();
      if (peek('=') && !(pos + 1 < text.length() && text.charAt(pos + 1) == '=')) {
        if (id.equals("True") || id.equals("False") || id.equals("None")) {
          throw new SpecException(
              SpecException.SYNTAX, "'" + id + "' cannot be an argument name", start);
        }
        pos++;
        skipSpaces();
        return Argument.keyword(id, value(), start);
      }
      if (pos < text.length() && "(,).".indexOf(text.charAt(pos)) < 0) {
        throw error(
            "expected '=' after the argument name '"
                + id
                + "', found '"
                + text.charAt(pos)
                + "'; write "
                + id
                + "=value");
      }
      pos = save;
    }
    return Argument.positional(value());
  }

  private SpecValue value() {
    if (pos >= text.length()) {
      throw error("expected a value at the end of the string");
    }
    int start = pos;
    char c = text.charAt(pos);
    if (c == '+' || c == '-') {
      pos++;
      skipSpaces();
      if (pos < text.length() && (isDigit(text.charAt(pos)) || text.charAt(pos) == '.')) {
        return number(start, c == '-');
      }
      throw error("expected a number after '" + c + "'");
    }
    if (isDigit(c) || c == '.') {
      return number(start, false);
    }
    if (c == '\'' || c == '"') {
      return string();
    }
    if (Character.isJavaIdentifierStart(c) && c != '$') {
      int save = pos;
      String id = identifier("a value");
      return switch (id) {
        case "True" -> new SpecValue.BoolValue(true, start);
        case "False" -> new SpecValue.BoolValue(false, start);
        case "None" -> new SpecValue.NoneValue(start);
        default -> {
          pos = save;
          yield call(true);
        }
      };
    }
    throw error(
        "expected a value (a number, a quoted string, True, False, None or a call), found '"
            + c
            + "'");
  }

  private SpecValue number(int start, boolean negative) {
    int digitsStart = pos;
    int intDigits = digits();
    boolean isFloat = false;
    if (peek('.')) {
      pos++;
      isFloat = true;
      int fraction = digits();
      if (intDigits == 0 && fraction == 0) {
        throw new SpecException(
            SpecException.SYNTAX, "'.' is not a number; write 0.5 or .5", digitsStart);
      }
    }
    if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
      pos++;
      isFloat = true;
      if (peek('+') || peek('-')) {
        pos++;
      }
      if (digits() == 0) {
        throw error("expected digits in the exponent of a number, as in 1e-3");
      }
    }
    if (pos < text.length() && Character.isJavaIdentifierPart(text.charAt(pos))) {
      throw error(
          "unexpected '"
              + text.charAt(pos)
              + "' in a number; write decimal numbers such as"
              + " 7, 0.5 or 1e-3");
    }
    String literal = text.substring(digitsStart, pos);
    String signed = (negative ? "-" : "") + literal;
    if (isFloat) {
      return new SpecValue.FloatValue(Double.parseDouble(signed), signed, start);
    }
    if (literal.length() > 1
        && literal.charAt(0) == '0'
        && !literal.chars().allMatch(ch -> ch == '0')) {
      throw new SpecException(
          SpecException.SYNTAX,
          "leading zeros in '"
              + literal
              + "' are not allowed (Python rejects them too); write "
              + literal.replaceFirst("^0+", ""),
          digitsStart);
    }
    try {
      return new SpecValue.IntValue(Long.parseLong(signed), start);
    } catch (NumberFormatException e) {
      throw new SpecException(
          SpecException.INT_RANGE, "integer " + signed + " does not fit in 64 bits", start);
    }
  }

  private int digits() {
    int start = pos;
    while (pos < text.length() && isDigit(text.charAt(pos))) {
      pos++;
    }
    return pos - start;
  }

  private SpecValue string() {
    int start = pos;
    char quote = text.charAt(pos++);
    StringBuilder b = new StringBuilder();
    while (true) {
      if (pos >= text.length()) {
        throw new SpecException(
            SpecException.SYNTAX, "unterminated string; close it with " + quote, start);
      }
      char c = text.charAt(pos++);
      if (c == quote) {
        return new SpecValue.StringValue(b.toString(), start);
      }
      if (c == '\\') {
        if (pos >= text.length()) {
          throw new SpecException(
              SpecException.SYNTAX, "unterminated string; close it with " + quote, start);
        }
        char e = text.charAt(pos++);
        switch (e) {
          case '\\', '\'', '"' -> b.append(e);
          case 'n' -> b.append('\n');
          case 't' -> b.append('\t');
          default ->
              throw new SpecException(
                  SpecException.SYNTAX,
                  "unsupported escape \\"
                      + e
                      + " in a string; only \\\\ \\' \\\" \\n \\t are known",
                  pos - 2);
        }
      } else {
        b.append(c);
      }
    }
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private boolean peek(char c) {
    return pos < text.length() && text.charAt(pos) == c;
  }

  private void skipSpaces() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  private SpecException error(String detail) {
    return new SpecException(SpecException.SYNTAX, detail, pos);
  }
}
