package io.nninit.runtime;

/**
 * The elements of one shard of a row-major tensor partitioned along its first axis: {@code count}
 * elements starting at element {@code first} of the whole tensor. A worker that owns the shard
 * fills its own array with a slice call, e.g. {@code KerasRandom.uniform(mine, 0, (int)
 * shard.count(), shard.first(), seed0, seed1, minval, range)}, and the concatenation of all shards
 * equals the whole tensor bit for bit, with no communication between workers.
 *
 * @param first the shard's first element in the whole tensor
 * @param count the shard's number of elements
 */
public record Shard(long first, long count) {
  /**
   * Checks the fields.
   *
   * @throws IllegalArgumentException if {@code first} or {@code count} is negative
   */
  public Shard {
    if (first < 0 || count < 0) {
      throw new IllegalArgumentException(
          "shard ["
              + first
              + ", +"
              + count
              + ") has a negative bound; need first >= 0, count >= 0");
    }
  }

  /**
   * Shard {@code index} of {@code shards} nearly equal shards of a tensor with {@code rows} rows
   * along its first axis and {@code rowLength} elements per row (the product of the other
   * dimensions), split as {@code numpy.array_split} does: the first {@code rows % shards} shards
   * get one row more than the others.
   *
   * @throws IllegalArgumentException if {@code rows} or {@code rowLength} is negative, {@code
   *     shards} is not positive, {@code index} is not in {@code [0, shards)}, or the tensor has
   *     more than {@code Long.MAX_VALUE} elements
   */
  public static Shard ofFirstAxis(long rows, long rowLength, int shards, int index) {
    if (rows < 0 || rowLength < 0) {
      throw new IllegalArgumentException(
          "tensor of " + rows + " rows of " + rowLength + " elements; need both >= 0");
    }
    if (shards <= 0 || index < 0 || index >= shards) {
      throw new IllegalArgumentException(
          "shard " + index + " of " + shards + "; need shards >= 1 and 0 <= index < shards");
    }
    if (rowLength != 0 && rows > Long.MAX_VALUE / rowLength) {
      throw new IllegalArgumentException(
          rows + " rows of " + rowLength + " elements exceed Long.MAX_VALUE elements");
    }
    long base = rows / shards;
    long extra = rows % shards;
    long firstRow = index * base + Math.min(index, extra);
    long shardRows = base + (index < extra ? 1 : 0);
    return new Shard(firstRow * rowLength, shardRows * rowLength);
  }

  /**
   * Rows {@code [firstRow, firstRow + rowCount)} of a tensor with {@code rowLength} elements per
   * row, for partitions chosen by the caller.
   *
   * @throws IllegalArgumentException if an argument is negative or the range overflows a long
   */
  public static Shard ofRows(long firstRow, long rowCount, long rowLength) {
    if (firstRow < 0 || rowCount < 0 || rowLength < 0) {
      throw new IllegalArgumentException(
          "rows ["
              + firstRow
              + ", +"
              + rowCount
              + ") of "
              + rowLength
              + " elements; need all three >= 0");
    }
    if (rowCount > Long.MAX_VALUE - firstRow
        || (rowLength != 0 && firstRow + rowCount > Long.MAX_VALUE / rowLength)) {
      throw new IllegalArgumentException(
          "rows ["
              + firstRow
              + ", +"
              + rowCount
              + ") of "
              + rowLength
              + " elements overflow a long");
    }
    return new Shard(firstRow * rowLength, rowCount * rowLength);
  }
}
