package io.nninit.runtime.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes an npz archive the way {@code np.savez} does: one uncompressed ({@code ZIP_STORED}) entry
 * {@code <name>.npy} per tensor. Stored entries need their CRC before their data, so each tensor is
 * streamed twice: once into the checksum, once into the archive. Entries carry a fixed 1980
 * timestamp, so the same weights give the same bytes.
 */
final class NpzWriter {
  /** A zip comment holds at most this many bytes. */
  static final int MAX_COMMENT_BYTES = 0xffff;

  private static final LocalDateTime EPOCH = LocalDateTime.of(1980, 1, 1, 0, 0);

  private NpzWriter() {}

  /**
   * The zip comment holding {@code metadata}.
   *
   * @throws IllegalArgumentException if it does not fit in a zip comment
   */
  static String comment(Map<String, String> metadata) {
    String comment = metadata.isEmpty() ? "" : Json.stringMap(metadata);
    int bytes = comment.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_COMMENT_BYTES) {
      throw new IllegalArgumentException(
          "the metadata takes "
              + bytes
              + " bytes but an npz (zip) comment holds at most "
              + MAX_COMMENT_BYTES
              + "; shorten the initializer descriptions or save as .safetensors");
    }
    return comment;
  }

  static void write(List<ModelTensor> tensors, String comment, OutputStream out)
      throws IOException {
    TensorData data = new TensorData();
    ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
    for (ModelTensor t : tensors) {
      byte[] header = NpyHeader.format(t.type(), t.shape());
      StreamChannels.Out checksum = new StreamChannels.Out(null);
      data.writeBytes(header, checksum);
      writeData(t, data, checksum);

      ZipEntry entry = new ZipEntry(t.name() + ".npy");
      entry.setMethod(ZipEntry.STORED);
      entry.setSize(header.length + t.byteSize());
      entry.setCompressedSize(header.length + t.byteSize());
      entry.setCrc(checksum.crc());
      entry.setTimeLocal(EPOCH);
      zip.putNextEntry(entry);
      StreamChannels.Out channel = new StreamChannels.Out(zip);
      data.writeBytes(header, channel);
      writeData(t, data, channel);
      zip.closeEntry(); // checks size and CRC against the entry
    }
    if (!comment.isEmpty()) {
      zip.setComment(comment);
    }
    zip.finish();
  }

  private static void writeData(ModelTensor t, TensorData data, StreamChannels.Out out)
      throws IOException {
    if (t instanceof ModelTensor.Weight w) {
      data.writeFloats(w.parameter().data(), out);
    } else {
      data.writeLong(((ModelTensor.Counter) t).layer().numBatchesTracked(), out);
    }
  }
}
