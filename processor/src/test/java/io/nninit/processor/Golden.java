package io.nninit.processor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files under {@code src/test/resources/golden/}. With {@code -Dgolden.update=true} the
 * tests rewrite them from the actual output; review the diff like code.
 */
final class Golden {
  private Golden() {}

  private static final Path DIR = Path.of("src", "test", "resources", "golden");

  static boolean updating() {
    return Boolean.getBoolean("golden.update");
  }

  /** The golden text of {@code name}, after rewriting it with {@code actual} when updating. */
  static String text(String name, String actual) throws IOException {
    Path file = DIR.resolve(name + ".java");
    if (updating()) {
      Files.createDirectories(DIR);
      Files.writeString(file, actual, StandardCharsets.UTF_8);
    }
    return Files.readString(file, StandardCharsets.UTF_8);
  }
}
