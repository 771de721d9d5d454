package io.nninit.processor;

import com.palantir.javapoet.CodeBlock;

/** Java literals for generated code; the only place that turns numbers into source text. */
final class Literals {
  private Literals() {}

  /** A float literal with every bit kept: {@code 0.30941063f}, {@code Float.NaN}, ... */
  static CodeBlock ofFloat(float f) {
    if (Float.isNaN(f)) {
      return CodeBlock.of("$T.NaN", Float.class);
    }
    if (Float.isInfinite(f)) {
      return CodeBlock.of(f > 0 ? "$T.POSITIVE_INFINITY" : "$T.NEGATIVE_INFINITY", Float.class);
    }
    // Float.toString gives the shortest decimal that parses back to the same float.
    return CodeBlock.of("$L", Float.toString(f) + "f");
  }

  /** A long literal: {@code 123L}. */
  static CodeBlock ofLong(long v) {
    return v == Long.MIN_VALUE
        ? CodeBlock.of("$T.MIN_VALUE", Long.class)
        : CodeBlock.of("$L", Long.toString(v) + "L");
  }

  /**
   * A double literal with every bit kept, in its shortest form: a float32 constant widened stays a
   * float literal ({@code 0.30941063f}, as the initialization code spells it), other values are
   * Java's shortest decimal ({@code 0.0}, {@code 0.2721655269759087}); NaN is {@code Double.NaN}.
   */
  static CodeBlock ofDouble(double d) {
    if (Double.isNaN(d)) {
      return CodeBlock.of("$T.NaN", Double.class);
    }
    if (Double.isInfinite(d)) {
      return CodeBlock.of(d > 0 ? "$T.POSITIVE_INFINITY" : "$T.NEGATIVE_INFINITY", Double.class);
    }
    // Double.toString gives the shortest decimal that parses back to the same double.
    String text = Double.toString(d);
    String asFloat = Float.toString((float) d) + "f";
    return CodeBlock.of(
        "$L", (double) (float) d == d && asFloat.length() < text.length() ? asFloat : text);
  }

  /** An int literal. */
  static CodeBlock ofInt(int v) {
    return CodeBlock.of("$L", Integer.toString(v));
  }
}
