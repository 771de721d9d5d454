package io.nninit.processor;

import java.util.Locale;

/** Names of generated members, derived from layer and weight names. */
final class Names {
  private Names() {}

  /** {@code conv1} -> {@code initConv1}. */
  static String initMethod(String layer) {
    return "init" + capitalize(layer);
  }

  /** {@code conv1}, {@code moving_mean} -> {@code conv1MovingMean}. */
  static String weightField(String layer, String kerasWeight) {
    StringBuilder b = new StringBuilder(layer);
    for (String part : kerasWeight.split("_", -1)) {
      b.append(capitalize(part));
    }
    return b.toString();
  }

  static String capitalize(String s) {
    return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
  }
}
