package io.nninit.runtime.spec;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Binds a {@link Call}'s arguments to a {@link TorchSignature} and evaluates numeric values. */
final class TorchArguments {
  private TorchArguments() {}

  /**
   * Python's argument binding: positional arguments in order, then keywords, then defaults.
   *
   * @return every parameter of the signature, in order, with its value
   * @throws SpecException ({@link SpecException#UNKNOWN_ARGUMENT}) for an unknown keyword, too many
   *     positional arguments, a parameter given twice or a required one missing
   */
  static Map<String, SpecValue> bind(Call call, TorchSignature signature) {
    List<String> names = signature.parameters();
    Map<String, SpecValue> bound = new LinkedHashMap<>();
    List<SpecValue> positional = call.positional();
    if (positional.size() > names.size()) {
      SpecValue extra = positional.get(names.size());
      throw new SpecException(
          SpecException.UNKNOWN_ARGUMENT,
          signature.name()
              + " takes "
              + names.size()
              + " argument(s) after the tensor, got "
              + positional.size()
              + "; its signature is "
              + signature.display(),
          extra.offset());
    }
    for (int i = 0; i < positional.size(); i++) {
      bound.put(names.get(i), positional.get(i));
    }
    for (Argument a : call.arguments()) {
      if (!a.isKeyword()) {
        continue;
      }
      String keyword = a.keyword().orElseThrow();
      if (!names.contains(keyword)) {
        throw new SpecException(
            SpecException.UNKNOWN_ARGUMENT,
            signature.name()
                + " has no argument '"
                + keyword
                + "'; its signature is "
                + signature.display(),
            a.offset());
      }
      if (bound.containsKey(keyword)) {
        throw new SpecException(
            SpecException.UNKNOWN_ARGUMENT,
            signature.name() + " got multiple values for argument '" + keyword + "'",
            a.offset());
      }
      bound.put(keyword, a.value());
    }
    Map<String, SpecValue> ordered = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      SpecValue value = bound.get(name);
      if (value == null) {
        Optional<SpecValue> fallback = signature.defaults().get(i);
        if (fallback.isEmpty()) {
          throw new SpecException(
              SpecException.UNKNOWN_ARGUMENT,
              signature.name()
                  + " is missing its required argument '"
                  + name
                  + "'; its signature is "
                  + signature.display(),
              call.offset());
        }
        value = fallback.get();
      }
      ordered.put(name, value);
    }
    return ordered;
  }

  /**
   * A numeric value: an int or float literal, {@code calculate_gain(...)} or {@code
   * math.sqrt(...)}.
   *
   * @throws SpecException ({@link SpecException#ARGUMENT_TYPE}) for a string, bool, None or another
   *     call
   */
  static double number(SpecValue value, String parameter) {
    if (value instanceof SpecValue.IntValue i) {
      return i.value();
    }
    if (value instanceof SpecValue.FloatValue f) {
      return f.value();
    }
    if (value instanceof Call c) {
      String name = stripModule(c.name());
      if (name.equals("calculate_gain")) {
        return TorchGain.calculateGain(c);
      }
      if (c.name().equals("math.sqrt")) {
        Map<String, SpecValue> args = bind(c, TorchSignature.SQRT);
        double x = number(requireNonNull(args.get("x")), "x");
        if (x < 0) {
          throw new SpecException(
              SpecException.ARGUMENT_VALUE,
              "math.sqrt: math domain error (" + x + " < 0)",
              c.offset());
        }
        return Math.sqrt(x);
      }
      throw new SpecException(
          SpecException.ARGUMENT_TYPE,
          parameter
              + " must be a number; the only calls allowed inside arguments are calculate_gain(...)"
              + " and math.sqrt(...), found "
              + c.name()
              + "(...)",
          c.offset());
    }
    throw new SpecException(
        SpecException.ARGUMENT_TYPE,
        parameter + " must be a number (int or float), was " + value.source(),
        value.offset());
  }

  /** A string value. */
  static String string(SpecValue value, String parameter) {
    if (value instanceof SpecValue.StringValue s) {
      return s.value();
    }
    throw new SpecException(
        SpecException.ARGUMENT_TYPE,
        parameter + " must be a quoted string, was " + value.source(),
        value.offset());
  }

  /** An int value (Python {@code int}, not {@code bool}). */
  static long integer(SpecValue value, String parameter) {
    if (value instanceof SpecValue.IntValue i) {
      return i.value();
    }
    throw new SpecException(
        SpecException.ARGUMENT_TYPE,
        parameter + " must be an int, was " + value.source(),
        value.offset());
  }

  /** {@code torch.nn.init.x}, {@code nn.init.x}, {@code init.x} → {@code x}. */
  static String stripModule(String name) {
    for (String prefix : List.of("torch.nn.init.", "nn.init.", "init.")) {
      if (name.startsWith(prefix)) {
        return name.substring(prefix.length());
      }
    }
    return name;
  }
}
