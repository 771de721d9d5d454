package io.nninit.example;

import io.nninit.annotation.KerasFlavor;
import java.util.Locale;

/** Reads {@code --flavor}. */
final class Flavors {
  private Flavors() {}

  static KerasFlavor parse(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "keras3" -> KerasFlavor.KERAS3;
      case "tf_keras2" -> KerasFlavor.TF_KERAS2;
      default ->
          throw new UsageException("--flavor must be keras3 or tf_keras2, was '" + text + "'");
    };
  }
}
