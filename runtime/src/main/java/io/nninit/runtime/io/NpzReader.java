package io.nninit.runtime.io;

import static java.util.Objects.requireNonNull;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.jspecify.annotations.Nullable;

/**
 * Reads an npz archive into a model: entries stored ({@code np.savez}) or deflated ({@code
 * np.savez_compressed}), zip64 included. A first pass checks the names, every npy header against
 * the model, every entry's size, and reads every entry to its end to verify its CRC-32, so a
 * damaged archive is rejected before any weight changes; the second pass reads the data into the
 * weights. Nothing is allocated from a size in the archive: the JDK's zip code bounds the central
 * directory by the file size, npy headers are bounded by the entry size and 64 KiB, and the data
 * goes through a fixed chunk into the model's own arrays.
 */
final class NpzReader {
  private NpzReader() {}

  /** What the first pass learned about one tensor. */
  private record Checked(ZipEntry entry, NpyHeader header, NpyDtype dtype, long counter) {}

  /**
   * Loads every tensor; returns the metadata from the zip comment (empty if there is none or it is
   * not a JSON object of strings, as in archives NumPy writes).
   *
   * <p>Reads only files of the default file system ({@link Path#toFile()}).
   */
  static Map<String, String> load(Path file, List<ModelTensor> tensors, String convention)
      throws IOException {
    String where = file.toString();
    ZipFile zip;
    try {
      zip = new ZipFile(file.toFile());
    } catch (ZipException | EOFException | RuntimeException e) {
      // ZipFile throws all three on damaged archives (EOF: an END record cut short)
      throw new WeightsFormatException(
          where + ": not a readable npz (zip) archive: " + e.getMessage(), null, e);
    }
    try (zip) {
      return load(where, zip, tensors, convention);
    } catch (WeightsFormatException e) {
      if (e.getMessage().startsWith(where)) {
        throw e;
      }
      throw new WeightsFormatException(where + ": " + e.getMessage(), e.tensor().orElse(null), e);
    }
  }

  private static Map<String, String> load(
      String where, ZipFile zip, List<ModelTensor> tensors, String convention) throws IOException {
    Map<String, String> metadata = metadata(zip);
    SafetensorsReader.checkMetadataConvention(where, metadata, convention);
    Map<String, ZipEntry> entries = entries(where, zip);
    Problems problems = new Problems(where);
    problems.compareNames(tensors, entries.keySet(), convention);
    problems.throwIfAny();

    TensorData data = new TensorData();
    Checked[] checked = new Checked[tensors.size()];
    for (int i = 0; i < tensors.size(); i++) {
      ModelTensor t = tensors.get(i);
      checked[i] = check(zip, t, requireNonNull(entries.get(t.name())), data, problems);
    }
    problems.throwIfAny();

    for (int i = 0; i < tensors.size(); i++) {
      ModelTensor t = tensors.get(i);
      Checked c = checked[i];
      if (t instanceof ModelTensor.Weight w) {
        try (StreamChannels.In in = open(zip, c.entry(), t.name())) {
          NpyHeader.read(in, c.entry().getSize(), t.name());
          int @Nullable [] fortranShape =
              c.header().fortranOrder() && t.shape().length > 1 ? t.shape() : null;
          data.readFloats(in, c.dtype().order(), fortranShape, w.parameter().data(), t.name());
        }
      } else {
        ((ModelTensor.Counter) t).layer().setNumBatchesTracked(c.counter());
      }
    }
    return metadata;
  }

  /**
   * Checks one tensor's entry: header against the model, sizes, and the CRC over all its bytes.
   *
   * @return what phase two needs, or null if a problem was recorded
   */
  private static @Nullable Checked check(
      ZipFile zip, ModelTensor t, ZipEntry entry, TensorData data, Problems problems)
      throws IOException {
    long size = entry.getSize();
    if (size < 0) {
      problems.add(t.name(), "tensor " + t.name() + ": its zip entry does not record its size");
      return null;
    }
    try (StreamChannels.In in = open(zip, entry, t.name())) {
      return check(t, entry, in, data, problems);
    } catch (WeightsFormatException e) { // a damaged entry: report it with the others
      problems.add(t.name(), e.getMessage());
      return null;
    }
  }

  private static @Nullable Checked check(
      ModelTensor t, ZipEntry entry, StreamChannels.In in, TensorData data, Problems problems)
      throws IOException {
    long size = entry.getSize();
    NpyHeader header = NpyHeader.read(in, size, t.name());
    NpyDtype dtype = NpyDtype.of(header.descr());
    problems.compare(t, dtype == null ? null : dtype.type(), header.descr(), header.shape());
    if (dtype == null
        || dtype.type() != t.type()
        || !Problems.sameShape(t.shape(), header.shape())) {
      return null;
    }
    long expectedSize = header.headerBytes() + t.byteSize();
    if (size != expectedSize) {
      problems.add(
          t.name(),
          "tensor "
              + t.name()
              + ": its zip entry holds "
              + size
              + " bytes but its npy header"
              + " and shape call for "
              + expectedSize);
      return null;
    }
    long counter = 0;
    if (t instanceof ModelTensor.Counter) {
      counter = data.readLong(in, dtype.order(), t.name());
      if (counter < 0) {
        problems.add(t.name(), "tensor " + t.name() + " is negative (" + counter + ")");
        return null;
      }
    } else {
      data.skip(in, t.byteSize(), t.name());
    }
    if (in.read(ByteBuffer.allocate(1)) > 0) {
      problems.add(t.name(), "tensor " + t.name() + ": its zip entry is longer than recorded");
      return null;
    }
    if (in.crc() != entry.getCrc()) {
      problems.add(t.name(), "tensor " + t.name() + ": CRC-32 mismatch, the zip entry is corrupt");
      return null;
    }
    return new Checked(entry, header, dtype, counter);
  }

  private static StreamChannels.In open(ZipFile zip, ZipEntry entry, String tensor)
      throws IOException {
    try {
      return new StreamChannels.In(zip.getInputStream(entry), tensor);
    } catch (ZipException | RuntimeException e) {
      throw new WeightsFormatException(
          "tensor " + tensor + ": cannot open its zip entry: " + e.getMessage(), tensor, e);
    }
  }

  /**
   * Entries by array name ({@code conv1.weight.npy} is {@code conv1.weight}, as numpy names them).
   */
  private static Map<String, ZipEntry> entries(String where, ZipFile zip)
      throws WeightsFormatException {
    Map<String, ZipEntry> entries = new LinkedHashMap<>();
    try {
      Enumeration<? extends ZipEntry> all = zip.entries();
      while (all.hasMoreElements()) {
        ZipEntry e = all.nextElement();
        String name = e.getName();
        String key = name.endsWith(".npy") ? name.substring(0, name.length() - 4) : name;
        if (entries.put(key, e) != null) {
          throw new WeightsFormatException(
              where + ": the archive holds '" + Json.abbreviate(key) + "' twice", key);
        }
      }
    } catch (RuntimeException e) { // the JDK's zip code on a hostile central directory
      throw new WeightsFormatException(
          where + ": malformed zip central directory: " + e.getMessage(), null, e);
    }
    return entries;
  }

  private static Map<String, String> metadata(ZipFile zip) {
    String comment;
    try {
      comment = zip.getComment();
    } catch (RuntimeException e) { // an undecodable comment is not ours: no metadata
      return Map.of();
    }
    if (comment == null || !comment.startsWith("{")) {
      return Map.of();
    }
    Object json;
    try {
      json = Json.parse(comment.getBytes(java.nio.charset.StandardCharsets.UTF_8), "zip comment");
    } catch (WeightsFormatException e) {
      return Map.of();
    }
    if (!(json instanceof Map<?, ?> map)) {
      return Map.of();
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    for (Map.Entry<?, ?> kv : map.entrySet()) {
      if (!(kv.getValue() instanceof String s)) {
        return Map.of();
      }
      metadata.put((String) kv.getKey(), s);
    }
    return Collections.unmodifiableMap(metadata);
  }
}
