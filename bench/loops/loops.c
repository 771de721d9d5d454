/*
 * The channels-first batch-norm scale/shift pass in the shape of PyTorch 1.13's CPU kernel
 * (batch_norm_cpu_contiguous_impl, as its disassembly in Debian's libtorch_cpu.so shows it): per
 * (batch, channel) plane, one unaligned 256-bit load, one FMA with the plane's broadcast scale and
 * shift, one unaligned 256-bit store per iteration, no unrolling. Written with AVX2 intrinsics so
 * the shape does not depend on the compiler's vectoriser. Used by LoopShapes.java.
 */
#include <immintrin.h>
#include <stddef.h>

void torch_shaped_affine(const float *x, float *y, int batch, int channels, int spatial,
                         const float *scale, const float *shift) {
  for (int n = 0; n < batch; n++) {
    for (int c = 0; c < channels; c++) {
      size_t p = ((size_t)n * channels + c) * spatial;
      __m256 a = _mm256_set1_ps(scale[c]), b = _mm256_set1_ps(shift[c]);
      int i = 0;
      for (; i + 8 <= spatial; i += 8) {
        _mm256_storeu_ps(y + p + i, _mm256_fmadd_ps(_mm256_loadu_ps(x + p + i), a, b));
      }
      for (; i < spatial; i++) {
        y[p + i] = __builtin_fmaf(x[p + i], scale[c], shift[c]);
      }
    }
  }
}
