package io.nninit.runtime;

/**
 * Any slice of what PyTorch's {@code uniform_} or {@code normal_} would write into a whole tensor,
 * computed alone: for a tensor partitioned into shards (see {@link Shard}), worker {@code k} fills
 * its shard from the generator's state at the start of the whole tensor, with no communication, and
 * the concatenation of all shards equals {@link TorchInit#uniform} / {@link TorchInit#normal} on
 * the whole tensor bit for bit. The generator is read, never advanced (advance it past the whole
 * tensor with one {@link TorchInit} or {@link ParallelInitializer} call, or by the tensor's draw
 * count, where the stream must continue).
 *
 * <p>PyTorch's stream is sequential: a slice starts with a jump of a copy of the MT19937 state
 * ({@link Mt19937Jump}, a few milliseconds). The constructor builds the jump tables (about 0.3 s);
 * each instance owns its workspaces, is not thread-safe (one per worker) and allocates nothing per
 * call.
 */
public final class TorchSlicer {
  private static final int BLOCK = 16;

  private final Mt19937Jump.Ladder ladder = new Mt19937Jump.Ladder();
  private final int[] window = new int[Mt19937Jump.N];
  private final int[] scratch = new int[Mt19937Jump.N];
  private final int[] sum = new int[Mt19937Jump.N];
  private final Mt19937 engine = new Mt19937();
  private final float[] block = new float[BLOCK];

  /** Builds the jump tables. */
  public TorchSlicer() {}

  /**
   * Elements {@code [first, first + count)} of {@code uniform_(from, to)} on a tensor whose fill
   * starts at {@code generator}'s current position, written to {@code out[offset..)}.
   *
   * @throws IllegalArgumentException as {@link TorchInit#uniform}, or if {@code first} is negative
   *     or the slice reaches 2^42 elements, or {@code generator} is null
   */
  public void uniform(
      float[] out,
      int offset,
      int count,
      long first,
      double from,
      double to,
      TorchGenerator generator) {
    TorchInit.checkRange(out, offset, count);
    TorchInit.checkUniformBounds(from, to);
    checkSlice(first, count, generator);
    jumpTo(generator, first);
    TorchInit.uniformWords(
        out,
        offset,
        count,
        (float) from,
        (float) to,
        engine,
        generator.capability() == TorchCapability.AVX2);
  }

  /**
   * Elements {@code [first, first + count)} of {@code normal_(mean, std)} on a tensor of {@code
   * total >= 16} elements whose fill starts at {@code generator}'s current position: each block of
   * 16 from its own draws, and the last 16 elements, when {@code total} is not a multiple of 16,
   * from the 16 draws after the tensor's (PyTorch redraws them).
   *
   * @throws IllegalArgumentException as {@link TorchInit#normal}, or if {@code total < 16} (PyTorch
   *     then uses a generator-cached double path that cannot be sliced), the slice is not within
   *     {@code [0, total)}, {@code total} reaches 2^42, or {@code generator} is null
   */
  public void normal(
      float[] out,
      int offset,
      int count,
      long first,
      long total,
      double mean,
      double std,
      TorchGenerator generator) {
    TorchInit.checkRange(out, offset, count);
    TorchInit.checkNormal(mean, std);
    checkSlice(first, count, generator);
    if (total < BLOCK || first + count > total || total >= 1L << 42) {
      throw new IllegalArgumentException(
          "slice ["
              + first
              + ", "
              + (first + count)
              + ") of a normal_ tensor of "
              + total
              + " elements; need 16 <= total < 2^42 and first + count <= total");
    }
    boolean fused = generator.capability() == TorchCapability.AVX2;
    float meanF = (float) mean;
    float stdF = (float) std;
    long end = first + count;
    long tailStart = total % BLOCK == 0 ? total : total - BLOCK; // from here the redrawn block
    long regularEnd = Math.min(end, tailStart);
    if (first < regularEnd) {
      long blockStart = first - first % BLOCK;
      jumpTo(generator, blockStart);
      for (long b = blockStart; b < regularEnd; b += BLOCK) {
        TorchInit.uniformWords(block, 0, BLOCK, 0f, 1f, engine, fused);
        TorchInit.boxMuller(block, 0, BLOCK, meanF, stdF, fused);
        copy(b, first, regularEnd, out, offset, first);
      }
    }
    if (end > tailStart) {
      jumpTo(generator, total);
      TorchInit.uniformWords(block, 0, BLOCK, 0f, 1f, engine, fused);
      TorchInit.boxMuller(block, 0, BLOCK, meanF, stdF, fused);
      copy(tailStart, Math.max(first, tailStart), end, out, offset, first);
    }
  }

  /**
   * Copies the tensor elements {@code [from, to)} held by {@link #block} (which holds elements from
   * {@code blockStart}) to {@code out[offset + e - first]}.
   */
  private void copy(long blockStart, long from, long to, float[] out, int offset, long first) {
    long lo = Math.max(blockStart, from);
    long hi = Math.min(blockStart + BLOCK, to);
    for (long e = lo; e < hi; e++) {
      out[offset + (int) (e - first)] = block[(int) (e - blockStart)];
    }
  }

  private void jumpTo(TorchGenerator generator, long position) {
    generator.engine().windowInto(window);
    ladder.advance(window, position, scratch, sum);
    engine.loadWindow(window);
  }

  private static void checkSlice(long first, int count, TorchGenerator generator) {
    if (generator == null) {
      throw new IllegalArgumentException(
          "generator is null; pass the TorchGenerator positioned at the start of the tensor");
    }
    if (first < 0 || first + count + BLOCK >= 1L << 42) {
      throw new IllegalArgumentException(
          "slice [" + first + ", +" + count + ") is outside [0, 2^42); start at an element >= 0");
    }
  }
}
