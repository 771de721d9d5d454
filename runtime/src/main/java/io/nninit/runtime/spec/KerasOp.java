package io.nninit.runtime.spec;

/**
 * What a Keras initializer does to one weight once its shape is known: the TF op and the float32
 * constants that go into its arithmetic. The constants are exactly the ones Keras/TF use, so a
 * generated call or {@link KerasFillPlan#fill} with them reproduces Keras bit for bit (orthogonal:
 * within the QR tolerance documented on {@code KerasOrthogonal}).
 */
public sealed interface KerasOp
    permits KerasOp.Uniform,
        KerasOp.Normal,
        KerasOp.TruncatedNormal,
        KerasOp.Constant,
        KerasOp.Identity,
        KerasOp.Orthogonal {

  /**
   * {@code stateless_uniform * range + minval} in float32: {@code minval = (float) minval}, {@code
   * maxval = (float) maxval} and {@code range = maxval - minval} rounded to float32.
   */
  record Uniform(float minval, float maxval, float range) implements KerasOp {}

  /** {@code stateless_normal * stddev + mean} in float32. */
  record Normal(float mean, float stddev) implements KerasOp {}

  /** {@code stateless_truncated_normal * stddev + mean} in float32 (cut at ±2, not rescaled). */
  record TruncatedNormal(float mean, float stddev) implements KerasOp {}

  /** Every element {@code value} (zeros, ones, constant). */
  record Constant(float value) implements KerasOp {}

  /** {@code gain} on the main diagonal of a {@code rows x cols} matrix, zeros elsewhere. */
  record Identity(int rows, int cols, float gain) implements KerasOp {}

  /**
   * An orthogonal {@code rows x cols} matrix ({@code rows = prod(shape[:-1])}, {@code cols =
   * shape[-1]}) times {@code gain}.
   */
  record Orthogonal(int rows, int cols, float gain) implements KerasOp {}
}
