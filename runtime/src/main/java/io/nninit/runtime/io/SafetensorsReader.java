package io.nninit.runtime.io;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads a safetensors file into a model. The whole header is checked first: its length against the
 * file and a 100 MB limit (the reference implementation's), the JSON, every entry's dtype, shape
 * and offsets (which must tile the data exactly: no gap, no overlap, nothing outside), the names,
 * shapes and dtypes against the model. Only then are the weights overwritten.
 */
final class SafetensorsReader {
  static final long MAX_HEADER_BYTES = 100_000_000L;

  private static final Map<String, Integer> DTYPE_BYTES =
      Map.ofEntries(
          Map.entry("BOOL", 1),
          Map.entry("U8", 1),
          Map.entry("I8", 1),
          Map.entry("F8_E5M2", 1),
          Map.entry("F8_E4M3", 1),
          Map.entry("I16", 2),
          Map.entry("U16", 2),
          Map.entry("F16", 2),
          Map.entry("BF16", 2),
          Map.entry("I32", 4),
          Map.entry("U32", 4),
          Map.entry("F32", 4),
          Map.entry("F64", 8),
          Map.entry("I64", 8),
          Map.entry("U64", 8));

  /** One header entry, checked against the data area. */
  private record Entry(String name, String dtype, long[] shape, long begin, long end) {}

  private SafetensorsReader() {}

  /** Loads every tensor; returns the header's {@code __metadata__} (empty if none). */
  static Map<String, String> load(Path file, List<ModelTensor> tensors, String convention)
      throws IOException {
    String where = file.toString();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < 8) {
        throw new WeightsFormatException(
            where + ": " + size + " bytes; a safetensors file starts with an 8-byte header length",
            null);
      }
      ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readAt(ch, lengthBytes, 0, null);
      long headerLength = lengthBytes.getLong(0);
      if (headerLength < 0 || headerLength > size - 8) {
        throw new WeightsFormatException(
            where
                + ": header length "
                + Long.toUnsignedString(headerLength)
                + " runs past the end of the "
                + size
                + "-byte file (truncated or not a safetensors file)",
            null);
      }
      if (headerLength > MAX_HEADER_BYTES) {
        throw new WeightsFormatException(
            where + ": header length " + headerLength + " exceeds the 100 MB limit", null);
      }
      ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
      readAt(ch, headerBytes, 8, null);
      if (headerLength == 0 || headerBytes.get(0) != '{') {
        throw new WeightsFormatException(where + ": the header does not start with '{'", null);
      }
      Object json = Json.parse(headerBytes.array(), where + ": safetensors header");
      long dataStart = 8 + headerLength;
      long dataLength = size - dataStart;
      Map<String, String> metadata = new LinkedHashMap<>();
      Map<String, Entry> entries = entries(where, json, dataLength, metadata);
      checkMetadataConvention(where, metadata, convention);

      Problems problems = new Problems(where);
      problems.compareNames(tensors, entries.keySet(), convention);
      long[] counters = new long[tensors.size()];
      for (int i = 0; i < tensors.size(); i++) {
        ModelTensor t = tensors.get(i);
        Entry e = entries.get(t.name());
        if (e == null) {
          continue;
        }
        ElementType type =
            e.dtype().equals("F32")
                ? ElementType.F32
                : e.dtype().equals("I64") ? ElementType.I64 : null;
        problems.compare(t, type, e.dtype(), e.shape());
        if (problems.isEmpty() && t instanceof ModelTensor.Counter) {
          ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
          readAt(ch, b, dataStart + e.begin(), t.name());
          counters[i] = b.getLong(0);
          if (counters[i] < 0) {
            problems.add(t.name(), "tensor " + t.name() + " is negative (" + counters[i] + ")");
          }
        }
      }
      problems.throwIfAny();

      TensorData data = new TensorData();
      for (int i = 0; i < tensors.size(); i++) {
        ModelTensor t = tensors.get(i);
        if (t instanceof ModelTensor.Weight w) {
          ch.position(dataStart + requireNonNull(entries.get(t.name())).begin());
          data.readFloats(ch, ByteOrder.LITTLE_ENDIAN, null, w.parameter().data(), t.name());
        } else {
          ((ModelTensor.Counter) t).layer().setNumBatchesTracked(counters[i]);
        }
      }
      return Collections.unmodifiableMap(metadata);
    }
  }

  static void checkMetadataConvention(String where, Map<String, String> metadata, String convention)
      throws WeightsFormatException {
    String saved = metadata.get(WeightsMetadata.CONVENTION);
    if (saved != null && !saved.equals(convention)) {
      throw new WeightsFormatException(
          where
              + ": the file was saved with the "
              + Json.abbreviate(saved)
              + " convention's names and layouts but is being loaded as "
              + convention
              + "; load it into a model of that convention",
          null);
    }
  }

  private static Map<String, Entry> entries(
      String where, Object json, long dataLength, Map<String, String> metadata)
      throws WeightsFormatException {
    if (!(json instanceof Map<?, ?> header)) {
      throw new WeightsFormatException(where + ": the header is not a JSON object", null);
    }
    Map<String, Entry> entries = new LinkedHashMap<>();
    for (Map.Entry<?, ?> kv : header.entrySet()) {
      String name = (String) kv.getKey();
      if (name.equals("__metadata__")) {
        readMetadata(where, kv.getValue(), metadata);
      } else {
        entries.put(name, entry(where, name, kv.getValue(), dataLength));
      }
    }
    List<Entry> byOffset = new ArrayList<>(entries.values());
    byOffset.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
    long expected = 0;
    for (Entry e : byOffset) {
      if (e.begin() != expected) {
        throw new WeightsFormatException(
            where
                + ": tensor "
                + e.name()
                + " starts at data offset "
                + e.begin()
                + " but "
                + (e.begin() < expected
                    ? "the previous tensor ends at "
                    : "the data is unused from ")
                + expected
                + " (tensors must tile the data without overlap or gap)",
            e.name());
      }
      expected = e.end();
    }
    if (expected != dataLength) {
      throw new WeightsFormatException(
          where
              + ": the tensors cover "
              + expected
              + " bytes of data but the file holds "
              + dataLength
              + " after the header (truncated or padded file)",
          null);
    }
    return entries;
  }

  private static void readMetadata(String where, Object value, Map<String, String> metadata)
      throws WeightsFormatException {
    if (!(value instanceof Map<?, ?> map)) {
      throw new WeightsFormatException(where + ": __metadata__ is not a JSON object", null);
    }
    for (Map.Entry<?, ?> kv : map.entrySet()) {
      if (!(kv.getValue() instanceof String s)) {
        throw new WeightsFormatException(
            where
                + ": __metadata__ value of '"
                + Json.abbreviate((String) kv.getKey())
                + "' is not a string",
            null);
      }
      metadata.put((String) kv.getKey(), s);
    }
  }

  private static Entry entry(String where, String name, Object value, long dataLength)
      throws WeightsFormatException {
    String at = where + ": tensor " + Json.abbreviate(name);
    if (!(value instanceof Map<?, ?> info)) {
      throw new WeightsFormatException(at + ": its header entry is not a JSON object", name);
    }
    for (Object key : info.keySet()) {
      if (!key.equals("dtype") && !key.equals("shape") && !key.equals("data_offsets")) {
        throw new WeightsFormatException(
            at + ": unexpected key '" + Json.abbreviate((String) key) + "'", name);
      }
    }
    if (!(info.get("dtype") instanceof String dtype) || !DTYPE_BYTES.containsKey(dtype)) {
      throw new WeightsFormatException(
          at + ": dtype is missing or not one of " + DTYPE_BYTES.keySet(), name);
    }
    if (!(info.get("shape") instanceof List<?> dims) || dims.size() > 64) {
      throw new WeightsFormatException(at + ": shape is missing or not a list of dimensions", name);
    }
    long[] shape = new long[dims.size()];
    long elements = 1;
    for (int i = 0; i < shape.length; i++) {
      shape[i] = Json.nonNegativeLong(dims.get(i));
      if (shape[i] < 0) {
        throw new WeightsFormatException(
            at + ": shape holds a value that is not an integer >= 0", name);
      }
      if (shape[i] != 0 && elements > Long.MAX_VALUE / shape[i]) {
        throw new WeightsFormatException(at + ": shape has too many elements", name);
      }
      elements *= shape[i];
    }
    if (!(info.get("data_offsets") instanceof List<?> offsets) || offsets.size() != 2) {
      throw new WeightsFormatException(at + ": data_offsets is missing or not [begin, end]", name);
    }
    long begin = Json.nonNegativeLong(offsets.get(0));
    long end = Json.nonNegativeLong(offsets.get(1));
    if (begin < 0 || end < 0 || begin > end || end > dataLength) {
      throw new WeightsFormatException(
          at
              + ": data_offsets are not integers with 0 <= begin <= end <= "
              + dataLength
              + " (the data size)",
          name);
    }
    int elementBytes = DTYPE_BYTES.get(dtype);
    if (elements > Long.MAX_VALUE / elementBytes || end - begin != elements * elementBytes) {
      throw new WeightsFormatException(
          at
              + ": data_offsets span "
              + (end - begin)
              + " bytes but dtype and shape need "
              + (elements > Long.MAX_VALUE / elementBytes ? "more" : elements * elementBytes),
          name);
    }
    return new Entry(name, dtype, shape, begin, end);
  }

  private static void readAt(
      FileChannel ch, ByteBuffer buffer, long position, @Nullable String tensor)
      throws IOException {
    long p = position;
    while (buffer.hasRemaining()) {
      int n = ch.read(buffer, p);
      if (n < 0) {
        throw new WeightsFormatException("file ends early (truncated while reading?)", tensor);
      }
      p += n;
    }
  }
}
