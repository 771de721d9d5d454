package io.nninit.example;

/** Parses shapes written on the command line as {@code 3,3,64}. */
final class Shapes {
  private Shapes() {}

  /**
   * @throws UsageException unless {@code text} is a comma-separated list of non-negative integers
   */
  static int[] parse(String text) {
    String[] parts = text.split(",", -1);
    int[] dims = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i].strip();
      try {
        dims[i] = Integer.parseInt(part);
      } catch (NumberFormatException e) {
        throw new UsageException(
            "--shape must be comma-separated non-negative integers such as 3,3,64; '"
                + part
                + "' in '"
                + text
                + "' is not one");
      }
      if (dims[i] < 0) {
        throw new UsageException(
            "--shape must be comma-separated non-negative integers such as 3,3,64; got " + dims[i]);
      }
    }
    return dims;
  }
}
