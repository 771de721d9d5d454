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
   * The distribution's name for summaries: {@code uniform}, {@code normal}, {@code
   * truncated_normal}, {@code constant}, {@code identity} or {@code orthogonal}.
   */
  String distribution();

  /**
   * The theoretical mean of one element, from the op's float32 constants. For a random op it is the
   * mean of the continuous distribution; for {@code identity} and {@code orthogonal} it is the
   * average over the tensor's elements (its expectation for orthogonal). {@code identity} and
   * {@code orthogonal} give NaN for a matrix without elements.
   */
  double expectedMean();

  /**
   * The theoretical standard deviation of one element (population: {@code sqrt(E[x^2] - E[x]^2)}),
   * from the op's float32 constants; see {@link #expectedMean()}. A large generated tensor's
   * measured standard deviation converges to it.
   */
  double expectedStd();

  /**
   * {@code stateless_uniform * range + minval} in float32: {@code minval = (float) minval}, {@code
   * maxval = (float) maxval} and {@code range = maxval - minval} rounded to float32.
   */
  record Uniform(float minval, float maxval, float range) implements KerasOp {
    /** {@code uniform}. */
    @Override
    public String distribution() {
      return "uniform";
    }

    /**
     * {@code (a + b)/2} with {@code a = minval}, {@code b = minval + range}: the values are {@code
     * minval + u*range} with {@code u} uniform on {@code [0, 1)}, so {@code b} is {@code maxval} up
     * to the float32 rounding of {@code range}.
     */
    @Override
    public double expectedMean() {
      return minval + range / 2.0;
    }

    /** {@code (b - a)/sqrt(12) = range/sqrt(12)}. */
    @Override
    public double expectedStd() {
      return Math.abs(range) / Math.sqrt(12.0);
    }
  }

  /** {@code stateless_normal * stddev + mean} in float32. */
  record Normal(float mean, float stddev) implements KerasOp {
    /** {@code normal}. */
    @Override
    public String distribution() {
      return "normal";
    }

    /** {@code mean}. */
    @Override
    public double expectedMean() {
      return mean;
    }

    /** {@code stddev}. */
    @Override
    public double expectedStd() {
      return Math.abs(stddev);
    }
  }

  /** {@code stateless_truncated_normal * stddev + mean} in float32 (cut at ±2, not rescaled). */
  record TruncatedNormal(float mean, float stddev) implements KerasOp {
    /**
     * The standard deviation of a standard normal cut at ±2 and not rescaled: {@code sqrt(1 -
     * 4*phi(2)/(Phi(2) - Phi(-2)))}, with {@code phi}, {@code Phi} the standard normal density and
     * distribution function (Keras divides by it to turn a wanted standard deviation into the
     * {@code stddev} argument).
     */
    public static final double CUT_STD = 0.87962566103423978;

    /** {@code truncated_normal}. */
    @Override
    public String distribution() {
      return "truncated_normal";
    }

    /** {@code mean}: the cut at {@code mean ± 2*stddev} is symmetric. */
    @Override
    public double expectedMean() {
      return mean;
    }

    /** {@code stddev * }{@link #CUT_STD}. */
    @Override
    public double expectedStd() {
      return Math.abs(stddev) * CUT_STD;
    }
  }

  /** Every element {@code value} (zeros, ones, constant). */
  record Constant(float value) implements KerasOp {
    /** {@code constant}. */
    @Override
    public String distribution() {
      return "constant";
    }

    /** {@code value}. */
    @Override
    public double expectedMean() {
      return value;
    }

    /** 0: every element is {@code value}. */
    @Override
    public double expectedStd() {
      return 0.0;
    }
  }

  /** {@code gain} on the main diagonal of a {@code rows x cols} matrix, zeros elsewhere. */
  record Identity(int rows, int cols, float gain) implements KerasOp {
    /** {@code identity}. */
    @Override
    public String distribution() {
      return "identity";
    }

    /**
     * {@code gain * min(rows, cols) / (rows*cols)}: {@code min(rows, cols)} elements are {@code
     * gain}, the others 0.
     */
    @Override
    public double expectedMean() {
      return gain * diagonalShare();
    }

    /**
     * {@code sqrt(E[x^2] - E[x]^2)} with {@code E[x^2] = gain^2 * p}, {@code E[x] = gain * p} and
     * {@code p = min(rows, cols)/(rows*cols)}: {@code |gain| * sqrt(p*(1 - p))}.
     */
    @Override
    public double expectedStd() {
      double p = diagonalShare();
      return Math.abs(gain) * Math.sqrt(p * (1.0 - p));
    }

    private double diagonalShare() {
      return Math.min(rows, cols) / ((double) rows * cols);
    }
  }

  /**
   * An orthogonal {@code rows x cols} matrix ({@code rows = prod(shape[:-1])}, {@code cols =
   * shape[-1]}) times {@code gain}.
   */
  record Orthogonal(int rows, int cols, float gain) implements KerasOp {
    /** {@code orthogonal}. */
    @Override
    public String distribution() {
      return "orthogonal";
    }

    /**
     * 0, the expected average: a random orthogonal matrix is as likely as its negation, so one
     * draw's average is only near 0.
     */
    @Override
    public double expectedMean() {
      return rows == 0 || cols == 0 ? Double.NaN : 0.0;
    }

    /**
     * {@code |gain| / sqrt(max(rows, cols))}: the {@code min(rows, cols)} orthonormal rows or
     * columns have squared norm 1 each, so {@code E[x^2] = gain^2 * min/(rows*cols) = gain^2 /
     * max(rows, cols)}, with mean 0.
     */
    @Override
    public double expectedStd() {
      return rows == 0 || cols == 0 ? Double.NaN : Math.abs(gain) / Math.sqrt(Math.max(rows, cols));
    }
  }
}
