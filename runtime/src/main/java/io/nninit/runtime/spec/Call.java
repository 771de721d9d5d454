package io.nninit.runtime.spec;

import java.util.List;
import java.util.Optional;

/**
 * A parsed initializer string {@code name(arg, ..., kw=value, ...)}, immutable. A bare {@code name}
 * and {@code name()} both parse to a call without arguments; {@link #hasParentheses()} tells them
 * apart. Positional arguments come first (the parser rejects one after a keyword argument, as
 * Python does) and keyword names are unique. A call may also appear as a value inside another call,
 * e.g. {@code xavier_uniform_(gain=calculate_gain('tanh'))}.
 *
 * @param name the callee, an identifier, possibly dotted ({@code a.b.c})
 * @param arguments the arguments in source order
 * @param hasParentheses whether the string had {@code (...)} after the name
 * @param offset where the name starts in the string
 */
public record Call(String name, List<Argument> arguments, boolean hasParentheses, int offset)
    implements SpecValue {

  /** Copies {@code arguments} into an immutable list. */
  public Call {
    arguments = List.copyOf(arguments);
  }

  /** Parses {@code text}; same as {@link SpecParser#parse(String)}. */
  public static Call parse(String text) {
    return SpecParser.parse(text);
  }

  /** The positional arguments, in order. */
  public List<SpecValue> positional() {
    return arguments.stream().filter(a -> !a.isKeyword()).map(Argument::value).toList();
  }

  /** The keyword argument named {@code keyword}, if present. */
  public Optional<Argument> keyword(String keyword) {
    for (Argument a : arguments) {
      if (a.keyword().filter(keyword::equals).isPresent()) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  /**
   * The call in a canonical form: no spaces except after commas, strings in single quotes, a bare
   * name stays bare ({@code he_normal}, {@code he_normal(seed=7)}).
   */
  @Override
  public String source() {
    if (!hasParentheses) {
      return name;
    }
    StringBuilder b = new StringBuilder(name).append('(');
    for (int i = 0; i < arguments.size(); i++) {
      if (i > 0) {
        b.append(", ");
      }
      b.append(arguments.get(i).source());
    }
    return b.append(')').toString();
  }

  @Override
  public String toString() {
    return source();
  }
}
