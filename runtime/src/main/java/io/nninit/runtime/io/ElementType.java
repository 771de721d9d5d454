package io.nninit.runtime.io;

/** The element types nninit stores: float32 weights and PyTorch's int64 batch counter. */
enum ElementType {
  /** float32: every weight. */
  F32(4, "F32", "f4"),
  /** int64: {@code num_batches_tracked}. */
  I64(8, "I64", "i8");

  private final int bytes;
  private final String safetensorsName;
  private final String npyCode;

  ElementType(int bytes, String safetensorsName, String npyCode) {
    this.bytes = bytes;
    this.safetensorsName = safetensorsName;
    this.npyCode = npyCode;
  }

  /** Bytes per element. */
  int bytes() {
    return bytes;
  }

  /** The dtype string in a safetensors header. */
  String safetensorsName() {
    return safetensorsName;
  }

  /** The little-endian numpy descr ({@code <f4}, {@code <i8}) that we write. */
  String npyDescr() {
    return "<" + npyCode;
  }

  /** The descr without its byte-order character, as in {@code f4}. */
  String npyCode() {
    return npyCode;
  }
}
