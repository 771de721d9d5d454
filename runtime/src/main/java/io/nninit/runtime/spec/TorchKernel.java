package io.nninit.runtime.spec;

import io.nninit.runtime.Fill;
import io.nninit.runtime.Moments;
import io.nninit.runtime.TorchGenerator;
import io.nninit.runtime.TorchInit;
import io.nninit.runtime.TorchOrthogonal;
import io.nninit.runtime.TorchSparse;
import java.util.List;

/**
 * What a resolved PyTorch initializer does, with every constant already computed in double
 * precision in Python's order: one of the runtime kernels in {@link TorchInit}, {@link
 * TorchOrthogonal} or {@link TorchSparse}. Generated code calls those kernels directly with these
 * constants as literals; {@link #fill} calls them for the {@code sample} command.
 */
public sealed interface TorchKernel
    permits TorchKernel.Uniform,
        TorchKernel.Normal,
        TorchKernel.TruncNormal,
        TorchKernel.Constant,
        TorchKernel.Eye,
        TorchKernel.Dirac,
        TorchKernel.Orthogonal,
        TorchKernel.Sparse {

  /**
   * Fills {@code count} elements of {@code out} from {@code offset}, for the {@code sample} command
   * and tests. It may allocate ({@link Orthogonal} and {@link Sparse} create their workspace,
   * {@link Dirac} its shape array, on every call); generated code calls the runtime kernels
   * directly with workspaces it allocated once.
   *
   * @throws IllegalArgumentException if the weight does not fit in {@code out} from {@code offset}
   */
  void fill(float[] out, int offset, int count, TorchGenerator generator);

  /**
   * The distribution's name for summaries: {@code uniform}, {@code normal}, {@code constant}, ...
   */
  String distribution();

  /**
   * The mean and standard deviation of the values this kernel writes, as a distribution (the
   * expectation over seeds, per element averaged over the tensor); see {@link Moments}.
   */
  Moments expected();

  /** {@link TorchInit#uniform}{@code (out, offset, count, from, to, generator)}. */
  record Uniform(double from, double to) implements TorchKernel {
    @Override
    public void fill(float[] out, int offset, int count, TorchGenerator generator) {
      TorchInit.uniform(out, offset, count, from, to, generator);
    }

    @Override
    public String distribution() {
      return "uniform";
    }

    /** Mean {@code (from + to)/2}, standard deviation {@code (to − from)/√12}. */
    @Override
    public Moments expected() {
      return new Moments(0, (from + to) / 2, (to - from) / Math.sqrt(12));
    }
  }

  /** {@link TorchInit#normal}{@code (out, offset, count, mean, std, generator)}. */
  record Normal(double mean, double std) implements TorchKernel {
    @Override
    public void fill(float[] out, int offset, int count, TorchGenerator generator) {
      TorchInit.normal(out, offset, count, mean, std, generator);
    }

    @Override
    public String distribution() {
      return "normal";
    }

    @Override
    public Moments expected() {
      return new Moments(0, mean, std);
    }
  }

  /** {@link TorchInit#truncNormal}{@code (out, offset, count, mean, std, a, b, generator)}. */
  record TruncNormal(double mean, double std, double a, double b) implements TorchKernel {
    @Override
    public void fill(float[] out, int offset, int count, TorchGenerator generator) {
      TorchInit.truncNormal(out, offset, count, mean, std, a, b, generator);
    }

    @Override
    public String distribution() {
      return "truncated_normal";
    }

    @Override
    public Moments expected() {
      return Moments.truncatedNormal(mean, std, a, b);
    }
  }

  /**
   * {@link Fill#constant}{@code (out, offset, count, value)}: {@code constant_}, {@code ones_},
   * {@code zeros_}. {@code value} is already the float PyTorch stores.
   */
  record Constant(float value) implements TorchKernel {
    @Override
    public void fill(float[] out, int offset, int count, TorchGenerator generator) {
      Fill.constant(out, offset, count, value);
    }

    @Override
    public String distribution() {
      return "constant";
    }

    @Override
    public Moments expected() {
      return new Moments(0, value, 0);
    }
  }

  /** {@link TorchInit#eye}{@code (out, offset, rows, cols)}. */
  record Eye(int rows, int cols) implements TorchKernel {
    @Override
    public void fill(float[] out, int offset, int count, TorchGenerator generator) {
      TorchInit.eye(out, offset, rows, cols);
    }

    @Override
    public String distribution() {
      return "eye";
    }

    /** {@code min(rows, cols)} ones among {@code rows·cols} values. */
    @Override
    public Moments expected() {
      return ones(Math.min(rows, cols), (double) rows * cols);
    }
  }

  /** {@link TorchInit#dirac}{@code (out, offset, shape, groups)}. */
  record Dirac(List<Integer> shape, int groups) implements TorchKernel {
    /** Copies {@code shape}. */
    public Dirac {
      shape = List.copyOf(shape);
    }

    @Override
    public void fill(float[] out, int offset, int count, TorchGenerator generator) {
      TorchInit.dirac(out, offset, shape.stream().mapToInt(Integer::intValue).toArray(), groups);
    }

    @Override
    public String distribution() {
      return "dirac";
    }

    /** {@code groups·min(out/groups, in)} ones among all values. */
    @Override
    public Moments expected() {
      double total = 1;
      for (int d : shape) {
        total *= d;
      }
      return ones((double) groups * Math.min(shape.get(0) / groups, shape.get(1)), total);
    }
  }

  /** {@code new TorchOrthogonal(rows, cols).fill(out, offset, gain, generator)}. */
  record Orthogonal(int rows, int cols, double gain) implements TorchKernel {
    @Override
    public void fill(float[] out, int offset, int count, TorchGenerator generator) {
      new TorchOrthogonal(rows, cols).fill(out, offset, gain, generator);
    }

    @Override
    public String distribution() {
      return "orthogonal";
    }

    /**
     * Mean 0; an orthogonal {@code rows x cols} matrix has {@code min(rows, cols)} unit rows or
     * columns, so {@code E[x²] = gain²·min/(rows·cols) = gain²/max(rows, cols)}.
     */
    @Override
    public Moments expected() {
      return new Moments(0, 0, Math.abs(gain) / Math.sqrt(Math.max(rows, cols)));
    }
  }

  /** {@code new TorchSparse(rows, cols).fill(out, offset, sparsity, std, generator)}. */
  record Sparse(int rows, int cols, double sparsity, double std) implements TorchKernel {
    @Override
    public void fill(float[] out, int offset, int count, TorchGenerator generator) {
      new TorchSparse(rows, cols).fill(out, offset, sparsity, std, generator);
    }

    @Override
    public String distribution() {
      return "sparse";
    }

    /** Normal(0, std) values with {@code ceil(sparsity·rows)} zeros per column. */
    @Override
    public Moments expected() {
      double kept = rows - TorchSparse.zerosPerColumn(rows, sparsity);
      return new Moments(0, 0, std * Math.sqrt(kept / rows));
    }
  }

  /** Moments of a tensor of {@code total} values of which {@code ones} are 1 and the rest 0. */
  private static Moments ones(double ones, double total) {
    double mean = ones / total;
    return new Moments(0, mean, Math.sqrt(mean - mean * mean));
  }
}
