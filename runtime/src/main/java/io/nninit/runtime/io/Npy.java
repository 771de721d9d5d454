package io.nninit.runtime.io;

import static java.util.Objects.requireNonNull;

import io.nninit.runtime.Parameter;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One array as a NumPy {@code .npy} file. Writes format 1.0, {@code <f4}, C order, byte for byte
 * what {@code np.save(file, array.astype('<f4'))} writes (NumPy 1.24 layout: 64-byte aligned
 * header). Reads versions 1.0, 2.0 and 3.0 of {@code <f4} or {@code >f4} data in C or Fortran
 * order. Values are bit-exact in both directions, NaN payloads included.
 */
public final class Npy {
  private Npy() {}

  /**
   * Writes a float array of the given shape (row-major).
   *
   * @throws IllegalArgumentException if a dimension is negative or the shape's element count is not
   *     {@code data.length}
   */
  public static void write(Path file, float[] data, int... shape) throws IOException {
    Objects.requireNonNull(data, "data");
    long elements = 1;
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
      }
      elements *= d;
    }
    if (elements != data.length) {
      throw new IllegalArgumentException(
          "shape "
              + Arrays.toString(shape)
              + " has "
              + elements
              + " elements but data has "
              + data.length
              + "; pass the array's real shape");
    }
    byte[] header = NpyHeader.format(ElementType.F32, shape);
    AtomicFile.write(
        file,
        ch -> {
          TensorData out = new TensorData();
          out.writeBytes(header, ch);
          out.writeFloats(data, ch);
        });
  }

  /** Writes a parameter's values with its shape. */
  public static void write(Path file, Parameter parameter) throws IOException {
    write(file, parameter.data(), parameter.shape());
  }

  /**
   * Reads a float32 array into a new parameter named after the file (without {@code .npy}).
   *
   * @throws WeightsFormatException if the file is not an npy file of float32 values, is truncated
   *     or has bytes after the data, or holds more elements than a Java array can
   */
  public static Parameter read(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      NpyHeader header = header(file, ch);
      long[] dims = header.shape();
      int[] shape = new int[dims.length];
      long elements = 1;
      for (int i = 0; i < dims.length; i++) {
        elements *= dims[i]; // bounded: header() checked elements * 4 against the file size
        shape[i] = (int) dims[i];
        if (dims[i] > Integer.MAX_VALUE || elements > Integer.MAX_VALUE - 8) {
          throw new WeightsFormatException(
              file
                  + ": shape "
                  + Arrays.toString(dims)
                  + " has too many elements for one Java array",
              null);
        }
      }
      String name = String.valueOf(file.getFileName());
      Parameter p =
          new Parameter(name.endsWith(".npy") ? name.substring(0, name.length() - 4) : name, shape);
      readData(ch, header, p);
      return p;
    }
  }

  /**
   * Reads a float32 array into an existing parameter, whose shape it must have.
   *
   * @throws WeightsFormatException as {@link #read(Path)}, or if the shape differs; the parameter
   *     is then unchanged
   */
  public static void read(Path file, Parameter into) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      NpyHeader header = header(file, ch);
      if (!Problems.sameShape(into.shape(), header.shape())) {
        throw new WeightsFormatException(
            file
                + ": shape "
                + Arrays.toString(header.shape())
                + " but "
                + into.name()
                + " has shape "
                + Arrays.toString(into.shape()),
            null);
      }
      readData(ch, header, into);
    }
  }

  /** Reads and checks the header; leaves the channel at the data. */
  private static NpyHeader header(Path file, FileChannel ch) throws IOException {
    long size = ch.size();
    NpyHeader header;
    try {
      header = NpyHeader.read(ch, size, null);
    } catch (WeightsFormatException e) {
      throw new WeightsFormatException(file + ": " + e.getMessage(), null, e);
    }
    NpyDtype dtype = NpyDtype.of(header.descr());
    if (dtype == null || dtype.type() != ElementType.F32) {
      throw new WeightsFormatException(
          file
              + ": dtype '"
              + Json.abbreviate(header.descr())
              + "' is not float32 ('<f4'); save array.astype('<f4')",
          null);
    }
    long elements = header.elements();
    long dataBytes = size - header.headerBytes();
    if (elements < 0 || elements > Long.MAX_VALUE / 4 || elements * 4 != dataBytes) {
      throw new WeightsFormatException(
          file
              + ": shape "
              + Arrays.toString(header.shape())
              + " needs "
              + (elements < 0 || elements > Long.MAX_VALUE / 4 ? "more than 2^63" : elements * 4)
              + " bytes of data but the file has "
              + dataBytes
              + " after the header"
              + (elements >= 0 && elements * 4 > dataBytes ? " (truncated?)" : ""),
          null);
    }
    return header;
  }

  private static void readData(FileChannel ch, NpyHeader header, Parameter into)
      throws IOException {
    NpyDtype dtype = requireNonNull(NpyDtype.of(header.descr())); // checked by header()
    int @Nullable [] fortranShape = header.fortranOrder() && into.rank() > 1 ? into.shape() : null;
    new TensorData().readFloats(ch, dtype.order(), fortranShape, into.data(), into.name());
  }
}
