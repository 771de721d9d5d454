package io.nninit.example;

/** The few JSON forms the commands print: strings, float32 values, arrays. */
final class Json {
  private Json() {}

  /** A JSON string literal for {@code text}, escaped per RFC 8259. */
  static String string(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  /**
   * A float32 value as Java's {@link Float#toString(float)} writes it (the shortest decimal that
   * reads back to the same float), and the non-finite values as the strings {@code "NaN"}, {@code
   * "Infinity"} and {@code "-Infinity"}, which JSON has no numbers for.
   */
  static String number(float value) {
    return Float.isFinite(value) ? Float.toString(value) : string(Float.toString(value));
  }

  /** {@code [a, b, c]}. */
  static String array(int[] values) {
    StringBuilder out = new StringBuilder("[");
    for (int i = 0; i < values.length; i++) {
      out.append(i == 0 ? "" : ", ").append(values[i]);
    }
    return out.append(']').toString();
  }

  /** {@code [a, b, c]} with each value as {@link #number(float)} writes it. */
  static String array(float[] values) {
    StringBuilder out = new StringBuilder(values.length * 12 + 2).append('[');
    for (int i = 0; i < values.length; i++) {
      out.append(i == 0 ? "" : ", ").append(number(values[i]));
    }
    return out.append(']').toString();
  }
}
