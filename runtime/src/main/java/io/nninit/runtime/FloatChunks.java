package io.nninit.runtime;

/**
 * A float32 tensor of {@code long} length stored as several {@code float[]} chunks, for tensors
 * larger than one Java array (2^31 - 1 elements) or for callers that keep a large tensor in pieces.
 * Every chunk but the last has {@link #chunkLength()} elements; element {@code i} is {@code chunk(i
 * / chunkLength)[i % chunkLength]}.
 *
 * <p>The chunk structure is fixed at construction; the values are the caller's to read and write
 * (the chunks are returned, not copied, so that they can be filled in place and handed to other
 * code). Not synchronized: like a {@code float[]}, concurrent writers must write disjoint ranges.
 */
public final class FloatChunks {
  /** Default chunk length: 2^28 elements (1 GiB), a power of two below the array limit. */
  public static final int DEFAULT_CHUNK_LENGTH = 1 << 28;

  private final float[][] chunks;
  private final int chunkLength;
  private final long length;

  private FloatChunks(float[][] chunks, int chunkLength, long length) {
    this.chunks = chunks;
    this.chunkLength = chunkLength;
    this.length = length;
  }

  /**
   * Allocates a zero-filled tensor of {@code length} elements in chunks of {@link
   * #DEFAULT_CHUNK_LENGTH}.
   *
   * @throws IllegalArgumentException if {@code length} is negative
   */
  public static FloatChunks allocate(long length) {
    return allocate(length, DEFAULT_CHUNK_LENGTH);
  }

  /**
   * Allocates a zero-filled tensor of {@code length} elements in chunks of {@code chunkLength} (the
   * last chunk holds the rest).
   *
   * @throws IllegalArgumentException if {@code length} is negative, {@code chunkLength} is not
   *     positive, or the chunk count exceeds {@code Integer.MAX_VALUE}
   */
  public static FloatChunks allocate(long length, int chunkLength) {
    if (length < 0) {
      throw new IllegalArgumentException(
          "length is " + length + "; a tensor needs length >= 0 elements");
    }
    if (chunkLength <= 0) {
      throw new IllegalArgumentException(
          "chunkLength is " + chunkLength + "; pass a positive chunk length, e.g. 1 << 28");
    }
    long count = (length + chunkLength - 1) / chunkLength;
    if (count > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          length
              + " elements in chunks of "
              + chunkLength
              + " need too many chunks; use longer chunks");
    }
    float[][] chunks = new float[(int) count][];
    for (int c = 0; c < chunks.length; c++) {
      chunks[c] = new float[(int) Math.min(chunkLength, length - (long) c * chunkLength)];
    }
    return new FloatChunks(chunks, chunkLength, length);
  }

  /**
   * Wraps existing arrays (not copied) as one tensor: all but the last must have the same, positive
   * length; the last may be shorter (but not empty).
   *
   * @throws IllegalArgumentException if there is no chunk, a chunk is null, or the lengths are not
   *     as described
   */
  public static FloatChunks wrap(float[]... chunks) {
    if (chunks == null || chunks.length == 0) {
      throw new IllegalArgumentException("no chunks; pass at least one float[]");
    }
    float[][] copy = chunks.clone();
    for (int c = 0; c < copy.length; c++) {
      if (copy[c] == null) {
        throw new IllegalArgumentException("chunk " + c + " is null; pass non-null arrays");
      }
    }
    int chunkLength = copy[0].length;
    for (int c = 0; c < copy.length; c++) {
      int expectedMax = chunkLength;
      boolean last = c == copy.length - 1;
      if (chunkLength == 0
          || (!last && copy[c].length != expectedMax)
          || (last && (copy[c].length == 0 || copy[c].length > expectedMax))) {
        throw new IllegalArgumentException(
            "chunk "
                + c
                + " has length "
                + copy[c].length
                + "; every chunk but the last must have the first chunk's length "
                + chunkLength
                + " (> 0), the last between 1 and that length");
      }
    }
    long length = (long) chunkLength * (copy.length - 1) + copy[copy.length - 1].length;
    return new FloatChunks(copy, chunkLength, length);
  }

  /** Number of elements. */
  public long length() {
    return length;
  }

  /** Length of every chunk but the last. */
  public int chunkLength() {
    return chunkLength;
  }

  /** Number of chunks. */
  public int chunkCount() {
    return chunks.length;
  }

  /** Chunk {@code index} itself (not a copy): elements {@code [index * chunkLength, ...)}. */
  public float[] chunk(int index) {
    return chunks[index];
  }

  /**
   * Element {@code index}.
   *
   * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, length())}
   */
  public float get(long index) {
    checkIndex(index);
    return chunks[(int) (index / chunkLength)][(int) (index % chunkLength)];
  }

  /**
   * Sets element {@code index}.
   *
   * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, length())}
   */
  public void set(long index, float value) {
    checkIndex(index);
    chunks[(int) (index / chunkLength)][(int) (index % chunkLength)] = value;
  }

  private void checkIndex(long index) {
    if (index < 0 || index >= length) {
      throw new IndexOutOfBoundsException(
          "index " + index + " is outside [0, " + length + ") of this FloatChunks");
    }
  }
}
