package io.nninit.runtime.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import org.jspecify.annotations.Nullable;

/**
 * Moves tensor elements between arrays and byte channels through one reusable chunk buffer, so
 * neither direction ever holds a second copy of a tensor. Floats travel as their raw IEEE bits (NaN
 * payloads included).
 */
final class TensorData {
  static final int CHUNK_BYTES = 1 << 16;

  private final ByteBuffer chunk;

  TensorData() {
    chunk = ByteBuffer.allocate(CHUNK_BYTES);
  }

  /** Writes {@code values} as little-endian float32. */
  void writeFloats(float[] values, WritableByteChannel out) throws IOException {
    chunk.order(ByteOrder.LITTLE_ENDIAN);
    int i = 0;
    while (i < values.length) {
      chunk.clear();
      int n = Math.min(values.length - i, chunk.capacity() / 4);
      chunk.asFloatBuffer().put(values, i, n);
      chunk.limit(n * 4);
      writeFully(chunk, out);
      i += n;
    }
  }

  /** Writes one little-endian int64. */
  void writeLong(long value, WritableByteChannel out) throws IOException {
    chunk.clear();
    chunk.order(ByteOrder.LITTLE_ENDIAN).putLong(value).flip();
    writeFully(chunk, out);
  }

  /** Writes {@code bytes} as they are. */
  void writeBytes(byte[] bytes, WritableByteChannel out) throws IOException {
    writeFully(ByteBuffer.wrap(bytes), out);
  }

  private static void writeFully(ByteBuffer buffer, WritableByteChannel out) throws IOException {
    while (buffer.hasRemaining()) {
      out.write(buffer);
    }
  }

  /**
   * Reads {@code values.length} float32 of the given byte order; when {@code fortranShape} is not
   * null the file holds them in column-major order of that shape and they are stored row-major.
   *
   * @throws WeightsFormatException if the channel ends early
   */
  void readFloats(
      ReadableByteChannel in,
      ByteOrder order,
      int @Nullable [] fortranShape,
      float[] values,
      String tensor)
      throws IOException {
    FortranIndex fortran = fortranShape == null ? null : new FortranIndex(fortranShape);
    int i = 0;
    while (i < values.length) {
      int n = Math.min(values.length - i, chunk.capacity() / 4);
      chunk.clear().limit(n * 4);
      readFully(in, chunk, tensor);
      chunk.flip();
      chunk.order(order);
      if (fortran == null) {
        chunk.asFloatBuffer().get(values, i, n);
      } else {
        for (int k = 0; k < n; k++) {
          values[fortran.next()] = chunk.getFloat();
        }
      }
      i += n;
    }
  }

  /** Reads one int64 of the given byte order. */
  long readLong(ReadableByteChannel in, ByteOrder order, String tensor) throws IOException {
    chunk.clear().limit(8);
    readFully(in, chunk, tensor);
    chunk.flip();
    return chunk.order(order).getLong();
  }

  /** Reads and discards {@code count} bytes (to checksum them on the way). */
  void skip(ReadableByteChannel in, long count, String tensor) throws IOException {
    long left = count;
    while (left > 0) {
      chunk.clear().limit((int) Math.min(left, chunk.capacity()));
      readFully(in, chunk, tensor);
      left -= chunk.position();
    }
  }

  /** Fills {@code buffer} up to its limit. */
  static void readFully(ReadableByteChannel in, ByteBuffer buffer, @Nullable String tensor)
      throws IOException {
    while (buffer.hasRemaining()) {
      if (in.read(buffer) < 0) {
        throw new WeightsFormatException(
            (tensor == null ? "file" : "tensor " + tensor) + ": data ends early (file truncated?)",
            tensor);
      }
    }
  }

  /** Walks the row-major offsets of a shape's elements in column-major order. */
  private static final class FortranIndex {
    private final int[] shape;
    private final long[] strides;
    private final int[] index;
    private long offset;

    FortranIndex(int[] shape) {
      this.shape = shape;
      this.strides = new long[shape.length];
      this.index = new int[shape.length];
      long stride = 1;
      for (int d = shape.length - 1; d >= 0; d--) {
        strides[d] = stride;
        stride *= shape[d];
      }
    }

    /** The row-major offset of the current element, then advances axis 0 fastest. */
    int next() {
      int current = (int) offset;
      for (int d = 0; d < shape.length; d++) {
        if (++index[d] < shape[d]) {
          offset += strides[d];
          break;
        }
        offset -= strides[d] * (shape[d] - 1);
        index[d] = 0;
      }
      return current;
    }
  }
}
