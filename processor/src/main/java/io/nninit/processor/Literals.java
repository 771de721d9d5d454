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

  /** An int literal. */
  static CodeBlock ofInt(int v) {
    return CodeBlock.of("$L", Integer.toString(v));
  }
}
