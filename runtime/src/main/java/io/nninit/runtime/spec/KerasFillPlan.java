package io.nninit.runtime.spec;

import io.nninit.annotation.KerasFlavor;
import io.nninit.runtime.Fill;
import io.nninit.runtime.KerasOrthogonal;
import io.nninit.runtime.KerasRandom;

/**
 * A Keras initializer applied to one weight shape: the fans, the op with its float32 constants and
 * a human-readable derivation (used as the comment in generated code). Immutable.
 *
 * <p>{@link #fill} runs it at run time. Results are bit-identical to Keras on the TensorFlow
 * backend (TF 2.18 CPU, Linux/glibc) for every initializer except {@code orthogonal}, whose QR
 * differs from TF's Eigen QR by rounding (within {@code max(1e-5, 4x the LAPACK difference)*gain};
 * see {@link KerasOrthogonal}).
 *
 * @param initializer the resolved initializer
 * @param shape the weight shape (copied in and out)
 * @param fans Keras' {@code compute_fans(shape)}
 * @param count the number of elements
 * @param op what to run, with its float32 constants
 * @param derivation e.g. {@code "he_normal: fan_in = 3*3*3 = 27, fan_out = 3*3*32 = 288, s =
 *     2.0/max(1, fan_in) = 0.07407407407407407, stddev = ... -> truncated_normal: mean = 0.0f,
 *     stddev = ..."}
 */
public record KerasFillPlan(
    KerasInitializer initializer,
    int[] shape,
    Fans fans,
    int count,
    KerasOp op,
    String derivation) {

  /** Copies {@code shape}. */
  public KerasFillPlan {
    shape = shape.clone();
  }

  /**
   * The seed this weight's random stream uses: the initializer's own {@code seed=} if it has one,
   * else {@code defaultSeed} (the value {@code random.randint(1, 10**9)} gave when Keras
   * constructed the initializer). Meaningless for non-random initializers.
   */
  public long effectiveSeed(long defaultSeed) {
    return initializer.seed().orElse(defaultSeed);
  }

  /**
   * Fills {@code count()} elements of {@code out} from {@code offset} as Keras would. Allocates
   * nothing except for {@code orthogonal}, which allocates its QR workspace on each call (generated
   * code keeps one instead).
   *
   * @param flavor which Keras turns the integer seed into a seed pair
   * @param defaultSeed the seed to use when the initializer has no {@code seed=} of its own;
   *     ignored otherwise and for non-random initializers
   * @throws IllegalArgumentException if {@code out} has fewer than {@code offset + count()}
   *     elements (nothing is written)
   */
  public void fill(float[] out, int offset, KerasFlavor flavor, long defaultSeed) {
    if (offset < 0 || out.length - offset < count) {
      throw new IllegalArgumentException(
          "cannot fill "
              + count
              + " values at offset "
              + offset
              + " into an array of "
              + out.length
              + "; pass an array of at least offset + "
              + count
              + " elements");
    }
    long seed0 =
        initializer.isRandom() ? KerasRandom.seedPairFirst(effectiveSeed(defaultSeed), flavor) : 0L;
    if (op instanceof KerasOp.Uniform u) {
      KerasRandom.uniform(out, offset, count, seed0, 0L, u.minval(), u.range());
    } else if (op instanceof KerasOp.Normal n) {
      KerasRandom.normal(out, offset, count, seed0, 0L, n.mean(), n.stddev());
    } else if (op instanceof KerasOp.TruncatedNormal t) {
      KerasRandom.truncatedNormal(out, offset, count, seed0, 0L, t.mean(), t.stddev());
    } else if (op instanceof KerasOp.Constant c) {
      Fill.constant(out, offset, count, c.value());
    } else if (op instanceof KerasOp.Identity i) {
      Fill.identity(out, offset, i.rows(), i.cols(), i.gain());
    } else if (op instanceof KerasOp.Orthogonal o) {
      new KerasOrthogonal(o.rows(), o.cols()).fill(out, offset, seed0, 0L, o.gain());
    }
  }

  /** Copy of the shape. */
  @Override
  public int[] shape() {
    return shape.clone();
  }
}
