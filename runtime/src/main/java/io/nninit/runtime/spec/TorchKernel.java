package io.nninit.runtime.spec;

import io.nninit.runtime.Fill;
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
   * and tests. It may allocate ({@link Orthogonal} and {@link Sparse} create their workspace, {@link
   * Dirac} its shape array, on every call); generated code calls the runtime kernels directly with
   * workspaces it allocated once.
   *
   * @throws IllegalArgumentException if the weight does not fit in {@code out} from {@code offset}
   */
  void fill(float[] out, int offset, int count, TorchGenerator generator);

  /** {@link TorchInit#uniform}{@code (out, offset, count, from, to, generator)}. */
  record Uniform(double from, double to) implements TorchKernel {
    @Override
    public void fill(float[] out, int offset, int count, TorchGenerator generator) {
      TorchInit.uniform(out, offset, count, from, to, generator);
    }
  }

  /** {@link TorchInit#normal}{@code (out, offset, count, mean, std, generator)}. */
  record Normal(double mean, double std) implements TorchKernel {
    @Override
    public void fill(float[] out, int offset, int count, TorchGenerator generator) {
      TorchInit.normal(out, offset, count, mean, std, generator);
    }
  }

  /** {@link TorchInit#truncNormal}{@code (out, offset, count, mean, std, a, b, generator)}. */
  record TruncNormal(double mean, double std, double a, double b) implements TorchKernel {
    @Override
    public void fill(float[] out, int offset, int count, TorchGenerator generator) {
      TorchInit.truncNormal(out, offset, count, mean, std, a, b, generator);
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
  }

  /** {@link TorchInit#eye}{@code (out, offset, rows, cols)}. */
  record Eye(int rows, int cols) implements TorchKernel {
    @Override
    public void fill(float[] out, int offset, int count, TorchGenerator generator) {
      TorchInit.eye(out, offset, rows, cols);
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
  }

  /** {@code new TorchOrthogonal(rows, cols).fill(out, offset, gain, generator)}. */
  record Orthogonal(int rows, int cols, double gain) implements TorchKernel {
    @Override
    public void fill(float[] out, int offset, int count, TorchGenerator generator) {
      new TorchOrthogonal(rows, cols).fill(out, offset, gain, generator);
    }
  }

  /** {@code new TorchSparse(rows, cols).fill(out, offset, sparsity, std, generator)}. */
  record Sparse(int rows, int cols, double sparsity, double std) implements TorchKernel {
    @Override
    public void fill(float[] out, int offset, int count, TorchGenerator generator) {
      new TorchSparse(rows, cols).fill(out, offset, sparsity, std, generator);
    }
  }
}
