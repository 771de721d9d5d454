package io.nninit.processor;

/** A type the model refers to is not yet generated or not on the classpath; retry next round. */
final class MissingTypeException extends Exception {
  private static final long serialVersionUID = 1L;

  MissingTypeException(String what) {
    super(what, null, false, false);
  }
}
