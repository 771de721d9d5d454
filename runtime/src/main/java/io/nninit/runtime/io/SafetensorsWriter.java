package io.nninit.runtime.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Writes a safetensors file: the header lists the tensors in model order with contiguous offsets
 * and is padded with spaces so the data starts 8-byte aligned; then each tensor's bytes are
 * streamed from its array.
 */
final class SafetensorsWriter {
  private SafetensorsWriter() {}

  static void write(
      List<ModelTensor> tensors, Map<String, String> metadata, WritableByteChannel out)
      throws IOException {
    byte[] header = header(tensors, metadata);
    TensorData data = new TensorData();
    ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    length.putLong(header.length).flip();
    while (length.hasRemaining()) {
      out.write(length);
    }
    data.writeBytes(header, out);
    for (ModelTensor t : tensors) {
      if (t instanceof ModelTensor.Weight w) {
        data.writeFloats(w.parameter().data(), out);
      } else {
        data.writeLong(((ModelTensor.Counter) t).layer().numBatchesTracked(), out);
      }
    }
  }

  static byte[] header(List<ModelTensor> tensors, Map<String, String> metadata) {
    StringBuilder sb = new StringBuilder("{");
    if (!metadata.isEmpty()) {
      sb.append("\"__metadata__\":").append(Json.stringMap(metadata));
    }
    long offset = 0;
    for (ModelTensor t : tensors) {
      if (sb.length() > 1) {
        sb.append(',');
      }
      Json.appendString(sb, t.name());
      sb.append(":{\"dtype\":\"").append(t.type().safetensorsName()).append("\",\"shape\":[");
      int[] shape = t.shape();
      for (int i = 0; i < shape.length; i++) {
        sb.append(i == 0 ? "" : ",").append(shape[i]);
      }
      long end = offset + t.byteSize();
      sb.append("],\"data_offsets\":[").append(offset).append(',').append(end).append("]}");
      offset = end;
    }
    sb.append('}');
    int unpadded = sb.toString().getBytes(StandardCharsets.UTF_8).length;
    sb.append(" ".repeat((8 - unpadded % 8) % 8));
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }
}
