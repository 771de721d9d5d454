package io.nninit.runtime.io;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Collects everything wrong between a file and a model, so one exception reports all of it (the
 * first few, at least) before any weight changes.
 */
final class Problems {
  private static final int LISTED = 12;

  private final String file;
  private final List<String> messages = new ArrayList<>();
  private @Nullable String firstTensor;

  Problems(String file) {
    this.file = file;
  }

  void add(String tensor, String message) {
    if (messages.isEmpty()) {
      firstTensor = tensor;
    }
    messages.add(message);
  }

  /**
   * Reports expected tensors the file lacks and file tensors the model lacks.
   *
   * @param convention the naming in use, for the hint
   */
  void compareNames(List<ModelTensor> expected, Collection<String> found, String convention) {
    Set<String> wanted = new LinkedHashSet<>();
    for (ModelTensor t : expected) {
      wanted.add(t.name());
      if (!found.contains(t.name())) {
        add(t.name(), "tensor " + t.name() + " is missing from the file");
      }
    }
    for (String name : found) {
      if (!wanted.contains(name)) {
        add(name, "tensor " + name + " is in the file but not in the model");
      }
    }
    if (!messages.isEmpty()) {
      messages.add(
          "(the model's tensors are named by the "
              + convention
              + " convention, e.g. "
              + (expected.isEmpty() ? "none" : expected.get(0).name())
              + ")");
    }
  }

  /** Reports a shape or dtype that differs from the model's. */
  void compare(
      ModelTensor expected, @Nullable ElementType foundType, String foundDtype, long[] foundShape) {
    if (foundType != expected.type()) {
      add(
          expected.name(),
          "tensor "
              + expected.name()
              + " has dtype "
              + foundDtype
              + " but the model stores "
              + describe(expected.type())
              + (expected.type() == ElementType.F32
                  ? " (convert it first, e.g. array.astype('<f4') or tensor.float())"
                  : ""));
    }
    if (!sameShape(expected.shape(), foundShape)) {
      add(
          expected.name(),
          "tensor "
              + expected.name()
              + " has shape "
              + Arrays.toString(foundShape)
              + " but the model expects "
              + Arrays.toString(expected.shape())
              + " (was the file written for another layer configuration or convention?)");
    }
  }

  private static String describe(ElementType type) {
    return type == ElementType.F32 ? "float32 (F32, <f4)" : "int64 (I64, <i8)";
  }

  static boolean sameShape(int[] expected, long[] found) {
    if (expected.length != found.length) {
      return false;
    }
    for (int i = 0; i < expected.length; i++) {
      if (expected[i] != found[i]) {
        return false;
      }
    }
    return true;
  }

  boolean isEmpty() {
    return messages.isEmpty();
  }

  /** Throws one exception listing the problems, if there are any. */
  void throwIfAny() throws WeightsFormatException {
    if (messages.isEmpty()) {
      return;
    }
    StringBuilder sb = new StringBuilder(file).append(": nothing was loaded: ");
    int shown = Math.min(messages.size(), LISTED);
    for (int i = 0; i < shown; i++) {
      sb.append(i == 0 ? "" : "; ").append(messages.get(i));
    }
    if (messages.size() > shown) {
      sb.append("; and ").append(messages.size() - shown).append(" more");
    }
    throw new WeightsFormatException(sb.toString(), firstTensor);
  }
}
