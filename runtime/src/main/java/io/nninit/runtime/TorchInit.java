package io.nninit.runtime;

import java.util.Arrays;

/**
 * PyTorch 1.13's CPU float32 initialization kernels: {@code torch.Tensor.uniform_}, {@code
 * normal_}, {@code torch.nn.init.trunc_normal_}, {@code eye_}, {@code dirac_} and {@code
 * constant_}. The derived initializers map onto them: {@code kaiming_uniform_}, {@code
 * xavier_uniform_} and the module default ({@code Linear}, {@code ConvNd}) are {@link #uniform}
 * with a bound computed in double, {@code kaiming_normal_} and {@code xavier_normal_} are {@link
 * #normal}; {@link TorchOrthogonal} and {@link TorchSparse} hold the workspaces of {@code
 * orthogonal_} and {@code sparse_}.
 *
 * <p>Every method fills {@code count} elements of {@code out} from {@code offset} in C (row-major)
 * order, draws exactly as many words from the {@link TorchGenerator} as PyTorch draws, allocates
 * nothing, and checks its arguments before it draws or writes anything.
 *
 * <p><b>Precision</b> (against PyTorch 1.13 CPU on the same seed): with {@link
 * TorchCapability#AVX2}, {@code uniform}, {@code normal}, {@code eye}, {@code dirac} and {@code
 * constant} are bit-exact; {@code truncNormal} is not (about 96 % of values are), see there. With
 * {@link TorchCapability#DEFAULT}, {@code uniform} and {@code normal} on fewer than 16 elements are
 * bit-exact and {@code normal} on 16 or more elements is within {@code 1e-6 * std} absolute.
 */
public final class TorchInit {
  private static final float TWO_POW_MINUS_24 = 0x1p-24f;
  private static final float TWO_PI_F = (float) (2.0 * Math.PI);
  private static final int VECTOR_BLOCK = 16;
  private static final int HALF_BLOCK = 8;
  static final double SQRT_2 = Math.sqrt(2.0);

  /** trunc_normal_'s fused passes run chunk by chunk, so that they stay in L1. */
  static final int TRUNC_CHUNK = 1024;

  /** The size of trunc_normal_'s second workspace, the vector kernel's gather indices. */
  static final int TRUNC_LANES = 16;

  private static final int NORMAL_CHUNK =
      2048; // a multiple of 16 // trunc_normal_'s fused passes stay in L1

  private TorchInit() {}

  /**
   * {@code tensor.uniform_(from, to)} on a float32 tensor: per element one 32-bit word {@code v},
   * {@code x = (v & 0xFFFFFF) * 2^-24} and {@code fma(x, (float) to - (float) from, (float) from)}
   * (no fusion under {@link TorchCapability#DEFAULT}).
   *
   * @throws IllegalArgumentException if the range is out of bounds of {@code out}, or {@code from >
   *     to}, or either bound is not finite (PyTorch raises for these too)
   */
  public static void uniform(
      float[] out, int offset, int count, double from, double to, TorchGenerator generator) {
    checkRange(out, offset, count);
    checkUniformBounds(from, to);
    uniformUnchecked(out, offset, count, (float) from, (float) to, generator);
  }

  private static void uniformUnchecked(
      float[] out, int offset, int count, float from, float to, TorchGenerator generator) {
    uniformWords(
        out,
        offset,
        count,
        from,
        to,
        generator.engine(),
        generator.capability() == TorchCapability.AVX2);
  }

  /**
   * The draws of {@code uniform_} from {@code engine}: {@code count} words into {@code
   * out[offset..)}, fused as the AVX2 kernel if {@code fused}. {@link ParallelInitializer} runs it
   * on slices of the stream.
   */
  static void uniformWords(
      float[] out, int offset, int count, float from, float to, Mt19937 engine, boolean fused) {
    float range = to - from;
    int[] words = engine.words();
    int end = offset + count;
    // per run of words between two twists: one loop without the per-word check of nextInt()
    for (int i = offset; i < end; ) {
      int n = Math.min(end - i, engine.available());
      int shift = engine.position() - i;
      int runEnd = i + n;
      if (fused) {
        for (int k = i; k < runEnd; k++) {
          float x = (Mt19937.temper(words[k + shift]) & 0xFFFFFF) * TWO_POW_MINUS_24;
          out[k] = Math.fma(x, range, from);
        }
      } else {
        for (int k = i; k < runEnd; k++) {
          float x = (Mt19937.temper(words[k + shift]) & 0xFFFFFF) * TWO_POW_MINUS_24;
          out[k] = x * range + from;
        }
      }
      engine.skip(n);
      i = runEnd;
    }
  }

  /**
   * {@code tensor.normal_(mean, std)} on a contiguous float32 tensor of {@code count} elements.
   * With 16 or more elements: {@code count} uniforms (plus 16 more when {@code count} is not a
   * multiple of 16, which overwrite the last 16 values), then float Box–Muller on blocks of 16 with
   * PyTorch's vectorized {@code log}/{@code sincos}; the generator's cached normal is neither used
   * nor cleared. With fewer: per element a double Box–Muller value (the generator's cached one
   * first), {@code (float) (z * std + mean)}.
   *
   * <p>Bit-exact for {@link TorchCapability#AVX2}: the vectorized {@code log}/{@code sincos} model
   * is checked on all 2^24 arguments each can receive (see {@code TorchVectorMathTest}), the double
   * path and the cache on PyTorch's own outputs. For {@link TorchCapability#DEFAULT} and 16 or more
   * elements, PyTorch uses glibc's {@code logf/sinf/cosf} which are replaced here by correctly
   * rounded ones: values are within {@code 1e-6 * std} absolute of PyTorch's (about 1.4 % of them
   * differ at all; the largest difference seen on the oracle is {@code 2.2e-7 * std}).
   *
   * @throws IllegalArgumentException if the range is out of bounds of {@code out}, or {@code std <
   *     0}, or {@code mean} or {@code std} is not finite
   */
  public static void normal(
      float[] out, int offset, int count, double mean, double std, TorchGenerator generator) {
    checkRange(out, offset, count);
    checkNormal(mean, std);
    normalUnchecked(out, offset, count, mean, std, generator);
  }

  static void normalUnchecked(
      float[] out, int offset, int count, double mean, double std, TorchGenerator generator) {
    if (count < VECTOR_BLOCK) {
      int end = offset + count;
      for (int i = offset; i < end; i++) {
        out[i] = (float) (generator.nextNormal() * std + mean);
      }
      return;
    }
    float meanF = (float) mean;
    float stdF = (float) std;
    boolean avx2 = generator.capability() == TorchCapability.AVX2;
    normalWords(
        out, offset, count, count - count % VECTOR_BLOCK, meanF, stdF, generator.engine(), avx2);
    if (count % VECTOR_BLOCK != 0) {
      int tail = offset + count - VECTOR_BLOCK;
      uniformUnchecked(out, tail, VECTOR_BLOCK, 0f, 1f, generator);
      boxMuller(out, tail, tail + VECTOR_BLOCK, meanF, stdF, avx2);
    }
  }

  /**
   * The first two steps of {@code normal_} on 16 or more elements, for the draws {@code [offset,
   * offset + count)} of a tensor whose blocks of 16 end at {@code offset + blocks} ({@code blocks}
   * a multiple of 16; draws beyond it are drawn but left uniform): the uniforms from {@code
   * engine}, then the Box–Muller blocks, chunk by chunk so that both passes stay in the L1 cache
   * (blocks are independent, so the values are those of two whole passes). {@link
   * ParallelInitializer} runs it on slices of the stream.
   */
  static void normalWords(
      float[] out,
      int offset,
      int count,
      int blocks,
      float mean,
      float std,
      Mt19937 engine,
      boolean avx2) {
    int end = offset + count;
    int blocksEnd = offset + Math.min(blocks, count);
    for (int chunk = offset; chunk < end; chunk += NORMAL_CHUNK) {
      int chunkEnd = Math.min(end, chunk + NORMAL_CHUNK);
      uniformWords(out, chunk, chunkEnd - chunk, 0f, 1f, engine, avx2);
      boxMuller(out, chunk, Math.min(chunkEnd, blocksEnd), mean, std, avx2);
    }
  }

  /**
   * Box–Muller on the blocks of 16 in {@code [from, end)}: in each block, uniforms {@code j < 8}
   * give the radius and {@code j >= 8} the angle. Two passes (radius into the first half in place,
   * then the angles) keep each loop body small, so that the CPU overlaps iterations.
   */
  static void boxMuller(float[] d, int from, int end, float mean, float std, boolean avx2) {
    if (avx2) {
      // the Vector API kernel, where it runs, does all whole blocks; the loops below do the rest
      int start =
          VectorKernels.available()
              ? from + VectorKernels.boxMullerBlocks(d, from, end, mean, std)
              : from;
      for (int i = start; i < end; i += VECTOR_BLOCK) {
        for (int j = i; j < i + HALF_BLOCK; j++) {
          d[j] = (float) Math.sqrt(-2f * TorchVectorMath.log(1f - d[j]));
        }
      }
      for (int i = start; i < end; i += VECTOR_BLOCK) {
        for (int j = i; j < i + HALF_BLOCK; j++) {
          float radius = d[j];
          long sinCos = TorchVectorMath.sinCos(TWO_PI_F * d[j + HALF_BLOCK]);
          d[j] = Math.fma(radius * TorchVectorMath.cosOf(sinCos), std, mean);
          d[j + HALF_BLOCK] = Math.fma(radius * TorchVectorMath.sinOf(sinCos), std, mean);
        }
      }
    } else {
      for (int i = from; i < end; i += VECTOR_BLOCK) {
        for (int j = i; j < i + HALF_BLOCK; j++) {
          float radius = (float) Math.sqrt(-2f * (float) StrictMath.log(1f - d[j]));
          float theta = (float) (2.0 * Math.PI * d[j + HALF_BLOCK]);
          // the correctly rounded float sin/cos, as (float) StrictMath.f(theta) on all 2^24 angles
          int sector = BoxMullerMath.sector(theta);
          double offset = BoxMullerMath.offset(theta, sector);
          double sinOffset = BoxMullerMath.sinOffset(offset);
          double cosOffsetMinusOne = BoxMullerMath.cosOffsetMinusOne(offset);
          float cos = (float) BoxMullerMath.cos(sector, sinOffset, cosOffsetMinusOne);
          float sin = (float) BoxMullerMath.sin(sector, sinOffset, cosOffsetMinusOne);
          d[j] = radius * cos * std + mean;
          d[j + HALF_BLOCK] = radius * sin * std + mean;
        }
      }
    }
  }

  /**
   * {@code torch.nn.init.trunc_normal_(tensor, mean, std, a, b)}: {@code uniform_(2l-1, 2u-1)} with
   * {@code l, u} the normal CDF at {@code a, b} (computed in double in Python's order), then {@code
   * erfinv}, {@code * (float) (std*sqrt(2))}, {@code + (float) mean} and a clamp to {@code [(float)
   * a, (float) b]}, all in float; the generator draws exactly as PyTorch's.
   *
   * <p>Not bit-exact: PyTorch's {@code erfinv} calls glibc's {@code erff}, which is not correctly
   * rounded, and a 1-ulp difference there moves the result by about {@code 2^-23 * std *
   * exp(z^2/2)}, {@code z = (value - mean) / std}. On every PyTorch oracle case (truncation within
   * 2 standard deviations) about 96 % of values are bit-equal and all are within 4 ulp (tested);
   * further out in the tails the difference in ulp grows as that formula says.
   *
   * @throws IllegalArgumentException if the range is out of bounds of {@code out}, or {@code std}
   *     is not positive, or {@code a > b}, or an argument is not finite
   */
  public static void truncNormal(
      float[] out,
      int offset,
      int count,
      double mean,
      double std,
      double a,
      double b,
      TorchGenerator generator) {
    checkRange(out, offset, count);
    checkTruncNormal(mean, std, a, b);
    double low = truncNormalBound(mean, std, a);
    double high = truncNormalBound(mean, std, b);
    checkUniformBounds(low, high);
    boolean fused = generator.capability() == TorchCapability.AVX2;
    truncNormalWords(
        out,
        offset,
        count,
        (float) low,
        (float) high,
        generator.engine(),
        fused,
        (float) (std * SQRT_2),
        (float) mean,
        (float) a,
        (float) b,
        generator.truncNormalScratch(),
        generator.truncNormalLanes());
  }

  /**
   * The draws and float passes of {@code trunc_normal_} from {@code engine} on {@code out[offset,
   * offset + count)}: PyTorch's five passes (uniform, erfinv, mul, add, clamp) fused, chunk by
   * chunk, with the same float operations per element in the same order, hence the same values;
   * {@code scratch} holds {@link #TRUNC_CHUNK} floats and {@code lanes} {@link #TRUNC_LANES} ints.
   * Where the Vector API kernel runs, it does the float passes of the whole vectors in each chunk
   * in place (the same values) and the loops here the rest. {@link ParallelInitializer} runs it on
   * slices of the stream.
   */
  static void truncNormalWords(
      float[] out,
      int offset,
      int count,
      float from,
      float to,
      Mt19937 engine,
      boolean fused,
      float scale,
      float mean,
      float low,
      float high,
      float[] scratch,
      int[] lanes) {
    int end = offset + count;
    for (int chunk = offset; chunk < end; chunk += TRUNC_CHUNK) {
      int n = Math.min(end - chunk, TRUNC_CHUNK);
      uniformWords(out, chunk, n, from, to, engine, fused);
      int done =
          VectorKernels.available()
              ? VectorKernels.truncNormalTransform(
                  out, chunk, n, scale, mean, low, high, fused, scratch, lanes)
              : 0;
      TorchErf.erfinv(out, chunk + done, n - done, scratch, fused);
      for (int j = 0; j < n - done; j++) {
        float x = scratch[j] * scale + mean;
        out[chunk + done + j] = Math.min(Math.max(x, low), high);
      }
    }
  }

  /**
   * The bound of {@code trunc_normal_}'s {@code uniform_} draw for the truncation point {@code a}:
   * {@code 2 * normalCdf((a - mean) / std) - 1}, in Python's order.
   */
  static double truncNormalBound(double mean, double std, double a) {
    return 2 * normalCdf((a - mean) / std) - 1;
  }

  /** Python's {@code (1. + math.erf(x / math.sqrt(2.))) / 2.}. */
  static double normalCdf(double x) {
    return (1.0 + TorchErf.erf(x / SQRT_2)) / 2.0;
  }

  /**
   * {@code torch.nn.init.eye_} on a {@code rows x cols} matrix: 1 on the main diagonal, 0
   * elsewhere.
   *
   * @throws IllegalArgumentException if a dimension is negative or the matrix does not fit in
   *     {@code out} from {@code offset}
   */
  public static void eye(float[] out, int offset, int rows, int cols) {
    if (rows < 0 || cols < 0) {
      throw new IllegalArgumentException(
          "eye_: dimensions must be >= 0, were " + rows + " x " + cols);
    }
    checkRange(out, offset, Math.multiplyExact(rows, cols));
    Fill.identity(out, offset, rows, cols, 1f);
  }

  /**
   * {@code torch.nn.init.dirac_(tensor, groups)} on a weight of shape {@code (out, in, k...)} with
   * 1 to 3 spatial dimensions: zeros, and for every group {@code g} and {@code d < min(out/groups,
   * in)} a 1 at {@code [g*out/groups + d, d, k0/2, ...]}.
   *
   * @throws IllegalArgumentException with PyTorch's meaning: if {@code shape} does not have 3, 4 or
   *     5 dimensions, or {@code groups < 1}, or {@code shape[0]} is not divisible by {@code
   *     groups}; also if the tensor does not fit in {@code out} from {@code offset}
   */
  public static void dirac(float[] out, int offset, int[] shape, int groups) {
    if (shape.length < 3 || shape.length > 5) {
      throw new IllegalArgumentException(
          "dirac_: only tensors with 3, 4, or 5 dimensions are supported, got "
              + shape.length
              + " dimensions; use it on a Conv1d/2d/3d weight (out, in, k...)");
    }
    if (groups < 1) {
      throw new IllegalArgumentException("dirac_: groups must be >= 1, was " + groups);
    }
    if (shape[0] % groups != 0) {
      throw new IllegalArgumentException(
          "dirac_: dim 0 must be divisible by groups: "
              + shape[0]
              + " output channels, groups="
              + groups
              + "; use a groups value that divides "
              + shape[0]);
    }
    int count = checkedCount(shape, "dirac_");
    checkRange(out, offset, count);
    Fill.constant(out, offset, count, 0f);
    int outPerGroup = shape[0] / groups;
    int minDim = Math.min(outPerGroup, shape[1]);
    int spatialSize = 1;
    int centre = 0;
    for (int axis = 2; axis < shape.length; axis++) {
      spatialSize *= shape[axis];
      centre = centre * shape[axis] + shape[axis] / 2;
    }
    int inStride = spatialSize;
    int outStride = shape[1] * spatialSize;
    for (int g = 0; g < groups; g++) {
      for (int d = 0; d < minDim; d++) {
        out[offset + (g * outPerGroup + d) * outStride + d * inStride + centre] = 1f;
      }
    }
  }

  static int checkedCount(int[] shape, String function) {
    long count = 1;
    for (int dim : shape) {
      if (dim < 0) {
        throw new IllegalArgumentException(
            function + ": negative dimension " + dim + " in shape " + Arrays.toString(shape));
      }
      count *= dim;
      if (count > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            function + ": shape " + Arrays.toString(shape) + " has more than 2^31-1 elements");
      }
    }
    return (int) count;
  }

  static void checkRange(float[] out, int offset, int count) {
    if (out == null) {
      throw new IllegalArgumentException("out must not be null");
    }
    if (offset < 0 || count < 0 || offset > out.length - count) {
      throw new IllegalArgumentException(
          "cannot fill "
              + count
              + " elements from offset "
              + offset
              + " of an array of length "
              + out.length
              + "; pass 0 <= offset and offset + count <= out.length");
    }
  }

  static void checkUniformBounds(double from, double to) {
    if (!Double.isFinite(from) || !Double.isFinite(to)) {
      throw new IllegalArgumentException(
          "uniform_: from and to must be finite, were " + from + " and " + to);
    }
    if (!(from <= to)) {
      throw new IllegalArgumentException(
          "uniform_ expects to return a [from, to) range, but found from="
              + from
              + " > to="
              + to
              + "; swap the bounds");
    }
    if (!Float.isFinite((float) to - (float) from)) {
      throw new IllegalArgumentException(
          "uniform_ expects to-from <= 3.4028234663852886e+38 (float max), but found to="
              + to
              + " and from="
              + from);
    }
  }

  static void checkNormal(double mean, double std) {
    if (!Double.isFinite(mean) || !Double.isFinite(std)) {
      throw new IllegalArgumentException(
          "normal_: mean and std must be finite, were " + mean + " and " + std);
    }
    if (!(std >= 0)) {
      throw new IllegalArgumentException(
          "normal expects std >= 0.0, but found std " + std + "; pass a non-negative std");
    }
  }

  static void checkTruncNormal(double mean, double std, double a, double b) {
    if (!Double.isFinite(mean)
        || !Double.isFinite(std)
        || !Double.isFinite(a)
        || !Double.isFinite(b)) {
      throw new IllegalArgumentException(
          "trunc_normal_: mean, std, a and b must be finite, were "
              + mean
              + ", "
              + std
              + ", "
              + a
              + ", "
              + b);
    }
    if (!(std > 0)) {
      throw new IllegalArgumentException(
          "trunc_normal_: std must be > 0 (PyTorch divides by it), was " + std);
    }
    if (!(a <= b)) {
      throw new IllegalArgumentException(
          "trunc_normal_: a must be <= b, were a=" + a + ", b=" + b + "; swap the bounds");
    }
  }
}
