package io.nninit.runtime.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The header of a {@code .npy} array (NumPy's {@code numpy/lib/format.py}): the magic {@code
 * \x93NUMPY}, a version byte pair, the header length (uint16 for 1.0, uint32 for 2.0 and 3.0) and a
 * Python dict literal {@code {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }} padded
 * with spaces and a newline so the data starts at a multiple of 64 bytes.
 *
 * @param descr the dtype string, e.g. {@code <f4}
 * @param fortranOrder whether the data is column-major
 * @param shape the dimensions, each checked to be {@code >= 0}
 * @param headerBytes the length of the whole header including magic and padding: the data's offset
 */
record NpyHeader(String descr, boolean fortranOrder, long[] shape, long headerBytes) {
  /** Longest header we read; NumPy itself refuses more than 10000 bytes by default. */
  static final int MAX_HEADER_BYTES = 1 << 16;

  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final int ALIGN = 64;

  /** NumPy leaves room for the first axis to grow to this many digits without moving the data. */
  private static final int GROWTH_AXIS_DIGITS = 21;

  /** Number of elements; -1 if it overflows a long. */
  long elements() {
    long n = 1;
    for (long d : shape) {
      if (d != 0 && n > Long.MAX_VALUE / d) {
        return -1;
      }
      n *= d;
    }
    return n;
  }

  /**
   * The bytes of a version 1.0 header for little-endian C-order data, exactly as NumPy's {@code
   * np.save} writes them (keys sorted, room for the first axis to grow, padding to 64 bytes).
   */
  static byte[] format(ElementType type, int[] shape) {
    StringBuilder dict = new StringBuilder("{'descr': '");
    dict.append(type.npyDescr()).append("', 'fortran_order': False, 'shape': (");
    for (int i = 0; i < shape.length; i++) {
      if (i > 0) {
        dict.append(", ");
      }
      dict.append(shape[i]);
    }
    if (shape.length == 1) {
      dict.append(',');
    }
    dict.append("), }");
    if (shape.length > 0) {
      dict.append(" ".repeat(GROWTH_AXIS_DIGITS - Integer.toString(shape[0]).length()));
    }
    int textLength = dict.length() + 1; // with the final newline
    int padding = ALIGN - ((MAGIC.length + 2 + 2 + textLength) % ALIGN);
    dict.append(" ".repeat(padding)).append('\n');
    byte[] text = dict.toString().getBytes(StandardCharsets.ISO_8859_1);
    ByteBuffer out = ByteBuffer.allocate(MAGIC.length + 4 + text.length);
    out.order(ByteOrder.LITTLE_ENDIAN);
    out.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) text.length).put(text);
    return out.array();
  }

  /**
   * Reads and checks a header.
   *
   * @param available bytes available from the channel's position (the file or zip entry size)
   * @param tensor the tensor the header belongs to, for messages; null for a lone {@code .npy}
   */
  static NpyHeader read(ReadableByteChannel in, long available, @Nullable String tensor)
      throws IOException {
    String where = tensor == null ? "npy header" : "tensor " + tensor + ": npy header";
    if (available < MAGIC.length + 4) {
      throw new WeightsFormatException(
          where + ": " + available + " bytes is too short for an npy file", tensor);
    }
    ByteBuffer prefix = ByteBuffer.allocate(MAGIC.length + 4).order(ByteOrder.LITTLE_ENDIAN);
    TensorData.readFully(in, prefix, tensor);
    byte[] magic = Arrays.copyOf(prefix.array(), MAGIC.length);
    if (!Arrays.equals(magic, MAGIC)) {
      throw new WeightsFormatException(where + ": does not start with \\x93NUMPY", tensor);
    }
    int major = prefix.get(6) & 0xff;
    int minor = prefix.get(7) & 0xff;
    if (minor != 0 || major < 1 || major > 3) {
      throw new WeightsFormatException(
          where + ": format version " + major + "." + minor + " is not 1.0, 2.0 or 3.0", tensor);
    }
    long length;
    int lengthBytes;
    if (major == 1) {
      length = prefix.getShort(8) & 0xffff;
      lengthBytes = 2;
    } else {
      if (available < MAGIC.length + 6) {
        throw new WeightsFormatException(where + ": truncated", tensor);
      }
      ByteBuffer rest = ByteBuffer.allocate(2);
      TensorData.readFully(in, rest, tensor);
      length =
          (prefix.getShort(8) & 0xffffL)
              | ((long) (rest.get(0) & 0xff) << 16)
              | ((long) (rest.get(1) & 0xff) << 24);
      lengthBytes = 4;
    }
    long before = MAGIC.length + 2L + lengthBytes;
    if (length > available - before) {
      throw new WeightsFormatException(
          where + ": header length " + length + " runs past the end (" + available + " bytes)",
          tensor);
    }
    if (length > MAX_HEADER_BYTES) {
      throw new WeightsFormatException(
          where + ": header length " + length + " exceeds the " + MAX_HEADER_BYTES + "-byte limit",
          tensor);
    }
    ByteBuffer text = ByteBuffer.allocate((int) length);
    TensorData.readFully(in, text, tensor);
    String dict =
        new String(text.array(), major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    return new DictParser(dict, where, tensor).parse(before + length);
  }

  /** The subset of Python literal syntax NumPy writes in a header. */
  private static final class DictParser {
    private final String s;
    private final String where;
    private final @Nullable String tensor;
    private int pos;

    DictParser(String s, String where, @Nullable String tensor) {
      this.s = s;
      this.where = where;
      this.tensor = tensor;
    }

    NpyHeader parse(long headerBytes) throws WeightsFormatException {
      String descr = null;
      Boolean fortran = null;
      long[] shape = null;
      skipSpace();
      expect('{');
      while (true) {
        skipSpace();
        if (peek() == '}') {
          pos++;
          break;
        }
        String key = string();
        skipSpace();
        expect(':');
        skipSpace();
        switch (key) {
          case "descr" -> {
            if (descr != null) {
              throw error("duplicate key 'descr'");
            }
            if (peek() != '\'' && peek() != '"') {
              throw error(
                  "descr is not a simple dtype string (structured dtypes are not supported)");
            }
            descr = string();
          }
          case "fortran_order" -> {
            if (fortran != null) {
              throw error("duplicate key 'fortran_order'");
            }
            fortran = bool();
          }
          case "shape" -> {
            if (shape != null) {
              throw error("duplicate key 'shape'");
            }
            shape = tuple();
          }
          default -> throw error("unexpected key '" + Json.abbreviate(key) + "'");
        }
        skipSpace();
        if (peek() == ',') {
          pos++;
        } else if (peek() != '}') {
          throw error("expected ',' or '}'");
        }
      }
      skipSpace();
      if (pos != s.length()) {
        throw error("unexpected text after the dict");
      }
      if (descr == null || fortran == null || shape == null) {
        throw error("needs the keys 'descr', 'fortran_order' and 'shape'");
      }
      return new NpyHeader(descr, fortran, shape, headerBytes);
    }

    private String string() throws WeightsFormatException {
      char quote = peek();
      if (quote != '\'' && quote != '"') {
        throw error("expected a string");
      }
      int end = s.indexOf(quote, pos + 1);
      if (end < 0) {
        throw error("unterminated string");
      }
      String value = s.substring(pos + 1, end);
      if (value.indexOf('\\') >= 0) {
        throw error("escapes in strings are not supported");
      }
      pos = end + 1;
      return value;
    }

    private boolean bool() throws WeightsFormatException {
      if (s.startsWith("True", pos)) {
        pos += 4;
        return true;
      }
      if (s.startsWith("False", pos)) {
        pos += 5;
        return false;
      }
      throw error("fortran_order is not True or False");
    }

    private long[] tuple() throws WeightsFormatException {
      expect('(');
      List<Long> dims = new ArrayList<>();
      boolean comma = false;
      while (true) {
        skipSpace();
        if (peek() == ')') {
          pos++;
          break;
        }
        if (!dims.isEmpty() && !comma) {
          throw error("expected ',' between dimensions");
        }
        dims.add(dimension());
        if (dims.size() > 64) {
          throw error("more than 64 dimensions");
        }
        skipSpace();
        comma = peek() == ',';
        if (comma) {
          pos++;
        }
      }
      if (dims.size() == 1 && !comma) {
        throw error("shape (n) is not a tuple; a 1-d shape is written (n,)");
      }
      long[] shape = new long[dims.size()];
      for (int i = 0; i < shape.length; i++) {
        shape[i] = dims.get(i);
      }
      return shape;
    }

    private long dimension() throws WeightsFormatException {
      int start = pos;
      long v = 0;
      while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
        v = v * 10 + (s.charAt(pos) - '0');
        pos++;
        if (pos - start > 18) {
          throw error("dimension too large");
        }
      }
      if (pos == start) {
        throw error("a dimension is not a non-negative integer");
      }
      if (peek() == 'L') { // Python 2 long literal, as old NumPy wrote
        pos++;
      }
      return v;
    }

    private void skipSpace() {
      while (pos < s.length()
          && (s.charAt(pos) == ' '
              || s.charAt(pos) == '\n'
              || s.charAt(pos) == '\t'
              || s.charAt(pos) == '\r')) {
        pos++;
      }
    }

    private char peek() {
      return pos < s.length() ? s.charAt(pos) : '\0';
    }

    private void expect(char c) throws WeightsFormatException {
      if (peek() != c) {
        throw error("expected '" + c + "'");
      }
      pos++;
    }

    private WeightsFormatException error(String problem) {
      return new WeightsFormatException(
          where + " is malformed at character " + pos + ": " + problem, tensor);
    }
  }
}
