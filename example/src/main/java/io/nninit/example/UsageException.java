package io.nninit.example;

/** A mistake in the command line, reported as one line on stderr with exit code 2. */
final class UsageException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }
}
