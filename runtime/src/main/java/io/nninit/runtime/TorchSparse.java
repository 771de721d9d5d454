package io.nninit.runtime;

/**
 * {@code torch.nn.init.sparse_(tensor, sparsity, std)} with its workspace, for a {@code rows x
 * cols} matrix: {@code normal_(0, std)} on the whole matrix, then for every column a {@code
 * randperm(rows)} (CPU algorithm: for {@code i < rows-1} swap {@code i} with {@code i + random() %
 * (rows-i)}) whose first {@code ceil(sparsity*rows)} indices are set to zero (Python slice
 * semantics: a negative count keeps that many indices off the end). Bit-exact against PyTorch under
 * {@link TorchCapability#AVX2}. Allocate once per shape; {@link #fill} then allocates nothing. Not
 * thread-safe.
 */
public final class TorchSparse {
  private final int rows;
  private final int cols;
  private final int[] permutation;

  /**
   * @throws IllegalArgumentException if a dimension is negative or the matrix has more than 2^31-1
   *     elements
   */
  public TorchSparse(int rows, int cols) {
    if (rows < 0 || cols < 0 || (long) rows * cols > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "sparse_: dimensions must be >= 0 with at most 2^31-1 elements, were "
              + rows
              + " x "
              + cols);
    }
    this.rows = rows;
    this.cols = cols;
    this.permutation = new int[rows];
  }

  /** Number of rows. */
  public int rows() {
    return rows;
  }

  /** Number of columns. */
  public int cols() {
    return cols;
  }

  /**
   * How many entries per column {@code sparse_} zeroes: Python's {@code
   * row_indices[:ceil(s*rows)]}.
   */
  public static int zerosPerColumn(int rows, double sparsity) {
    double n = Math.ceil(sparsity * rows);
    if (n >= rows) {
      return rows;
    }
    if (n >= 0) {
      return (int) n;
    }
    return (int) Math.max(0, rows + n);
  }

  /**
   * Fills {@code rows*cols} elements of {@code out} from {@code offset}, row-major.
   *
   * @throws IllegalArgumentException if the matrix does not fit in {@code out} from {@code offset},
   *     {@code std < 0}, or an argument is not finite
   */
  public void fill(float[] out, int offset, double sparsity, double std, TorchGenerator generator) {
    int count = rows * cols;
    TorchInit.checkRange(out, offset, count);
    if (!Double.isFinite(sparsity)) {
      throw new IllegalArgumentException("sparse_: sparsity must be finite, was " + sparsity);
    }
    TorchInit.checkNormal(0.0, std);
    int zeros = zerosPerColumn(rows, sparsity);
    TorchInit.normalUnchecked(out, offset, count, 0.0, std, generator);
    for (int c = 0; c < cols; c++) {
      for (int i = 0; i < rows; i++) {
        permutation[i] = i;
      }
      for (int i = 0; i < rows - 1; i++) {
        int z = (int) (generator.random() % (rows - i));
        int swap = permutation[i];
        permutation[i] = permutation[i + z];
        permutation[i + z] = swap;
      }
      for (int k = 0; k < zeros; k++) {
        out[offset + permutation[k] * cols + c] = 0f;
      }
    }
  }
}
