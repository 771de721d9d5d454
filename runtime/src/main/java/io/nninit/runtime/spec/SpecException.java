package io.nninit.runtime.spec;

/**
 * A malformed or invalid initializer string. {@link #code()} is a stable tag such as {@code
 * nn.spec.syntax} (tests and tools may match on it), {@link #detail()} the human-readable text
 * without the tag, and {@link #offset()} the 0-based character offset in the string the problem
 * points at (or -1 when it concerns the string as a whole). {@link #getMessage()} is {@code "[code]
 * detail"}.
 */
public final class SpecException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** Syntax: the string is not a call of the form {@code name(arg, kw=value, ...)}. */
  public static final String SYNTAX = "nn.spec.syntax";

  /** The string is empty or blank. */
  public static final String EMPTY = "nn.spec.empty";

  /** A positional argument follows a keyword argument (Python rejects this too). */
  public static final String POSITIONAL_AFTER_KEYWORD = "nn.spec.positional-after-keyword";

  /** The same keyword argument appears twice. */
  public static final String DUPLICATE_ARGUMENT = "nn.spec.duplicate-argument";

  /** An integer literal outside the 64-bit range. */
  public static final String INT_RANGE = "nn.spec.int-range";

  /** The initializer name is not known to the convention. */
  public static final String UNKNOWN_INITIALIZER = "nn.init.unknown";

  /** An argument name the initializer does not take, or too many positional arguments. */
  public static final String UNKNOWN_ARGUMENT = "nn.init.argument";

  /** An argument of the wrong type (a string where a number is expected, ...). */
  public static final String ARGUMENT_TYPE = "nn.init.argument-type";

  /** An argument value outside the set or range the convention accepts. */
  public static final String ARGUMENT_VALUE = "nn.init.argument-value";

  /** The initializer cannot fill a weight of this shape (Keras raises {@code ValueError}). */
  public static final String SHAPE = "nn.init.shape";

  private final String code;
  private final String detail;
  private final int offset;

  /**
   * @param code the stable tag, without brackets
   * @param detail what is wrong and what to write instead
   * @param offset the character offset the problem points at, or -1
   */
  public SpecException(String code, String detail, int offset) {
    super("[" + code + "] " + detail);
    this.code = code;
    this.detail = detail;
    this.offset = offset;
  }

  /** The stable tag, without brackets, e.g. {@code nn.spec.syntax}. */
  public String code() {
    return code;
  }

  /** The message without the tag. */
  public String detail() {
    return detail;
  }

  /** The 0-based offset in the initializer string, or -1 when no single position is to blame. */
  public int offset() {
    return offset;
  }
}
