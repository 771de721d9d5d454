package io.nninit.runtime.spec;

import java.util.Optional;

/**
 * One argument of a {@link Call}: positional ({@code keyword} empty) or keyword ({@code kw=value}).
 * {@code offset} is where the argument starts: its keyword, or its value when positional.
 */
public record Argument(Optional<String> keyword, SpecValue value, int offset) {
  /** A positional argument. */
  public static Argument positional(SpecValue value) {
    return new Argument(Optional.empty(), value, value.offset());
  }

  /** A keyword argument starting at {@code offset}. */
  public static Argument keyword(String keyword, SpecValue value, int offset) {
    return new Argument(Optional.of(keyword), value, offset);
  }

  /** Whether this is a keyword argument. */
  public boolean isKeyword() {
    return keyword.isPresent();
  }

  /** The argument as written in Python: {@code kw=value} or {@code value}. */
  public String source() {
    return keyword.map(k -> k + "=" + value.source()).orElseGet(value::source);
  }
}
