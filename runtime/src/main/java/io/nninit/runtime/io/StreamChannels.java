package io.nninit.runtime.io;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.zip.CRC32;
import java.util.zip.ZipException;
import org.jspecify.annotations.Nullable;

/**
 * Byte-channel views of streams that keep a CRC-32 of what passes through (zip entries carry one),
 * without the extra copy of {@link java.nio.channels.Channels}' adapters. Only heap buffers are
 * used with them.
 */
final class StreamChannels {
  private StreamChannels() {}

  /** Writes to an output stream (which it never closes) and checksums what was written. */
  static final class Out implements WritableByteChannel {
    private final @Nullable OutputStream out;
    private final CRC32 crc = new CRC32();

    /**
     * @param out the stream, or null to only compute the checksum
     */
    Out(@Nullable OutputStream out) {
      this.out = out;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      int n = src.remaining();
      if (out != null) {
        out.write(src.array(), src.arrayOffset() + src.position(), n);
      }
      crc.update(src); // advances the position to the limit
      return n;
    }

    long crc() {
      return crc.getValue();
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public void close() {}
  }

  /**
   * Reads a zip entry's stream and checksums what was read. Runtime exceptions from the JDK's zip
   * code on malformed archives become {@link WeightsFormatException}s.
   */
  static final class In implements ReadableByteChannel {
    private final InputStream in;
    private final String tensor;
    private final CRC32 crc = new CRC32();

    In(InputStream in, String tensor) {
      this.in = in;
      this.tensor = tensor;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      int n;
      try {
        n = in.read(dst.array(), dst.arrayOffset() + dst.position(), dst.remaining());
      } catch (ZipException | EOFException | RuntimeException e) {
        // a damaged entry: bad LOC header, invalid deflate data, early end, or the JDK's zip
        // code tripping over hostile fields
        throw corrupt(e);
      }
      if (n > 0) {
        crc.update(dst.array(), dst.arrayOffset() + dst.position(), n);
        dst.position(dst.position() + n);
      }
      return n;
    }

    private WeightsFormatException corrupt(Exception e) {
      return new WeightsFormatException(
          "tensor " + tensor + ": its zip entry is corrupt: " + e.getMessage(), tensor, e);
    }

    long crc() {
      return crc.getValue();
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
