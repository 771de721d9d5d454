package io.nninit.runtime.spec;

/**
 * A value in an initializer string: a Python literal or a nested {@link Call}. Every value knows
 * the character {@link #offset()} where it starts in the string, for error messages.
 */
public sealed interface SpecValue
    permits SpecValue.IntValue,
        SpecValue.FloatValue,
        SpecValue.StringValue,
        SpecValue.BoolValue,
        SpecValue.NoneValue,
        Call {

  /** The 0-based offset of the value's first character (its sign, if any). */
  int offset();

  /** The value as Python would print it ({@code repr}), e.g. {@code 'fan_in'}, {@code 2.0}. */
  String source();

  /** A Python {@code int} literal, optionally signed, that fits in a {@code long}. */
  record IntValue(long value, int offset) implements SpecValue {
    @Override
    public String source() {
      return Long.toString(value);
    }
  }

  /**
   * A Python {@code float} literal ({@code 2.0}, {@code 1e-3}, {@code .5}, {@code 5.}), optionally
   * signed. {@code value} is the nearest double, as Python's {@code float()} gives; {@code text} is
   * the literal as written.
   */
  record FloatValue(double value, String text, int offset) implements SpecValue {
    @Override
    public String source() {
      return text;
    }
  }

  /** A Python string literal in single or double quotes, with its escapes resolved. */
  record StringValue(String value, int offset) implements SpecValue {
    @Override
    public String source() {
      return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
  }

  /** {@code True} or {@code False}. */
  record BoolValue(boolean value, int offset) implements SpecValue {
    @Override
    public String source() {
      return value ? "True" : "False";
    }
  }

  /** {@code None}. */
  record NoneValue(int offset) implements SpecValue {
    @Override
    public String source() {
      return "None";
    }
  }
}
