package io.nninit.runtime;

/**
 * Which of PyTorch's CPU kernels a {@link TorchGenerator} reproduces. PyTorch 1.13 picks its
 * kernels by CPU capability at run time, and some initializers give different bits under different
 * kernels.
 */
public enum TorchCapability {
  /**
   * x86-64 CPUs with AVX2 and FMA (also AVX-512 CPUs, which run the same random kernels). Every
   * initializer except {@code trunc_normal_} and {@code orthogonal_} is bit-exact; see {@link
   * TorchInit}.
   */
  AVX2,
  /**
   * PyTorch's {@code ATEN_CPU_CAPABILITY=default} kernels (x86-64 CPUs without AVX2): no fused
   * multiply-add, and {@code normal_} on 16 or more elements uses libm's {@code logf/sinf/cosf}.
   * {@code uniform_} and everything built on it, and {@code normal_} on fewer than 16 elements, are
   * bit-exact; {@code normal_} on 16 or more elements is within the tolerance documented in {@link
   * TorchInit#normal}.
   */
  DEFAULT
}
