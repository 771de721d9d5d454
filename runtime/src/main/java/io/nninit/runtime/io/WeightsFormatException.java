package io.nninit.runtime.io;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A weights file that cannot be loaded: not in the format its name says, truncated, inconsistent (a
 * header that points outside the file, overlapping tensors, numbers out of range), or holding
 * tensors that do not match the model (missing or extra names, wrong shape or dtype). Loading
 * throws it after checking the whole file and before changing any weight, so the model keeps its
 * previous values.
 */
public final class WeightsFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  /** The first tensor the problem is about; null when the problem concerns the file as a whole. */
  private final @Nullable String tensor;

  WeightsFormatException(String message, @Nullable String tensor) {
    super(message);
    this.tensor = tensor;
  }

  WeightsFormatException(String message, @Nullable String tensor, Throwable cause) {
    super(message, cause);
    this.tensor = tensor;
  }

  /** The message, never null: every instance is created with one. */
  @Override
  public String getMessage() {
    return requireNonNull(super.getMessage());
  }

  /**
   * The (first) tensor the problem is about, by its name in the file; empty for whole-file
   * problems.
   */
  public Optional<String> tensor() {
    return Optional.ofNullable(tensor);
  }
}
