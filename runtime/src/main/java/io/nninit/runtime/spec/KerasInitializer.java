package io.nninit.runtime.spec;

import java.util.Arrays;
import java.util.OptionalLong;

/**
 * A resolved Keras initializer, independent of any shape: its class, its arguments with Keras'
 * defaults applied, and its own seed if it has one. Immutable. {@link #bind(int...)} applies it to
 * a weight shape. Obtain one from {@link KerasInitializers#resolve(String)}.
 */
public final class KerasInitializer {
  private final String name;
  private final String className;
  private final KerasFamily family;
  private final String written;
  private final String source;
  private final double scale;
  private final String mode;
  private final String distribution;
  private final double mean;
  private final double stddev;
  private final double minval;
  private final double maxval;
  private final double value;
  private final double gain;
  private final OptionalLong seed;

  private KerasInitializer(Builder b) {
    this.name = b.name;
    this.className = b.className;
    this.family = b.family;
    this.written = b.written;
    this.source = b.source;
    this.scale = b.scale;
    this.mode = b.mode;
    this.distribution = b.distribution;
    this.mean = b.mean;
    this.stddev = b.stddev;
    this.minval = b.minval;
    this.maxval = b.maxval;
    this.value = b.value;
    this.gain = b.gain;
    this.seed = b.seed;
  }

  /** Collects the resolved arguments; package-private, used by {@link KerasInitializers}. */
  static final class Builder {
    final String name;
    final String className;
    final KerasFamily family;
    final String written;
    String source;
    double scale;
    String mode = "";
    String distribution = "";
    double mean;
    double stddev;
    double minval;
    double maxval;
    double value;
    double gain;
    OptionalLong seed = OptionalLong.empty();

    Builder(String name, String className, KerasFamily family, String written) {
      this.name = name;
      this.className = className;
      this.family = family;
      this.written = written;
      this.source = name;
      if (family == KerasFamily.ONES) {
        value = 1.0;
      }
    }

    KerasInitializer build() {
      return new KerasInitializer(this);
    }
  }

  /** The canonical snake_case name: {@code glorot_uniform}, {@code orthogonal}, ... */
  public String name() {
    return name;
  }

  /** The Keras class name: {@code GlorotUniform}, {@code Orthogonal}, ... */
  public String className() {
    return className;
  }

  /** The name as written in the string ({@code HeNormal}, {@code normal}, ...). */
  public String writtenName() {
    return written;
  }

  /**
   * The initializer's class family (a Glorot/He/LeCun preset is {@link
   * KerasFamily#VARIANCE_SCALING}).
   */
  public KerasFamily family() {
    return family;
  }

  /**
   * The call in canonical form: the canonical name and every given argument as a keyword, e.g.
   * {@code he_normal(seed=7)}; a call without arguments is the bare name.
   */
  public String source() {
    return source;
  }

  /** Whether it draws random numbers (a Keras {@code RandomInitializer}). */
  public boolean isRandom() {
    return family.isRandom();
  }

  /**
   * Whether constructing it draws a default seed from Python's {@code random}: random and without a
   * {@code seed=} of its own (or with {@code seed=None}).
   */
  public boolean drawsDefaultSeed() {
    return isRandom() && seed.isEmpty();
  }

  /** Its own {@code seed=} argument, if given as an integer. */
  public OptionalLong seed() {
    return seed;
  }

  /** VarianceScaling (and presets): {@code scale}; 0 for other families. */
  public double scale() {
    return scale;
  }

  /** VarianceScaling: {@code fan_in}, {@code fan_out} or {@code fan_avg}; empty for others. */
  public String mode() {
    return mode;
  }

  /**
   * VarianceScaling: {@code truncated_normal}, {@code untruncated_normal} or {@code uniform}
   * (normalized: lowercased, {@code normal} turned into {@code truncated_normal}); empty for
   * others.
   */
  public String distribution() {
    return distribution;
  }

  /** RandomNormal/TruncatedNormal: {@code mean}. */
  public double mean() {
    return mean;
  }

  /** RandomNormal/TruncatedNormal: {@code stddev}. */
  public double stddev() {
    return stddev;
  }

  /** RandomUniform: {@code minval}. */
  public double minval() {
    return minval;
  }

  /** RandomUniform: {@code maxval}. */
  public double maxval() {
    return maxval;
  }

  /** Zeros (0), Ones (1), Constant: the value. */
  public double value() {
    return value;
  }

  /** Identity/Orthogonal: {@code gain}. */
  public double gain() {
    return gain;
  }

  /**
   * Applies the initializer to a weight of shape {@code shape} (Keras layout, row-major): computes
   * the fans, VarianceScaling's parameters in double exactly in Keras' order, and the float32
   * constants.
   *
   * @throws SpecException with code {@link SpecException#SHAPE} where Keras raises {@code
   *     ValueError}: orthogonal on rank &lt; 2, identity on rank != 2
   * @throws IllegalArgumentException for a negative dimension or more than {@code 2^31-1} elements
   */
  public KerasFillPlan bind(int... shape) {
    int[] s = shape.clone();
    Fans fans = Fans.of(s);
    long count = 1;
    for (int d : s) {
      count *= d;
      if (count > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            "shape " + Arrays.toString(s) + " has more than 2^31-1 elements; split the weight");
      }
    }
    String shapeText = Arrays.toString(s).replace('[', '(').replace(']', ')');
    StringBuilder why = new StringBuilder(source);
    KerasOp op;
    switch (family) {
      case ZEROS, ONES, CONSTANT -> {
        float v = (float) value;
        op = new KerasOp.Constant(v);
        why.append(": ").append(floatLiteral(v));
      }
      case IDENTITY -> {
        if (s.length != 2) {
          throw new SpecException(
              SpecException.SHAPE,
              "identity needs a 2-D weight (Keras: \"Identity matrix initializer can only be used"
                  + " for 2D matrices\"), this one has shape "
                  + shapeText
                  + " of rank "
                  + s.length
                  + "; use it on a DENSE kernel",
              -1);
        }
        op = new KerasOp.Identity(s[0], s[1], (float) gain);
        why.append(": ")
            .append(floatLiteral((float) gain))
            .append(" on the diagonal of ")
            .append(s[0])
            .append('x')
            .append(s[1]);
      }
      case RANDOM_UNIFORM -> {
        op = uniform(minval, maxval);
        why.append(": ").append(describe(op));
      }
      case RANDOM_NORMAL -> {
        op = new KerasOp.Normal((float) mean, (float) stddev);
        why.append(": ").append(describe(op));
      }
      case TRUNCATED_NORMAL -> {
        op = new KerasOp.TruncatedNormal((float) mean, (float) stddev);
        why.append(": ").append(describe(op));
      }
      case VARIANCE_SCALING -> {
        // Keras: scale /= max(1.0, fan); Python floats are doubles, so this is exact in Java.
        double fan;
        String fanText;
        switch (mode) {
          case "fan_in" -> {
            fan = Math.max(1.0, (double) fans.fanIn());
            fanText = "fan_in";
          }
          case "fan_out" -> {
            fan = Math.max(1.0, (double) fans.fanOut());
            fanText = "fan_out";
          }
          default -> {
            fan = Math.max(1.0, (fans.fanIn() + fans.fanOut()) / 2.0);
            fanText = "fan_avg = (" + fans.fanIn() + " + " + fans.fanOut() + ")/2";
          }
        }
        double s2 = scale / fan;
        why.append(": ")
            .append(fans.derivation())
            .append(", s = ")
            .append(scale)
            .append("/max(1, ")
            .append(fanText)
            .append(") = ")
            .append(s2);
        switch (distribution) {
          case "truncated_normal" -> {
            double sd = Math.sqrt(s2) / 0.87962566103423978;
            op = new KerasOp.TruncatedNormal(0f, (float) sd);
            why.append(", stddev = sqrt(s)/0.87962566103423978 = ").append(sd);
          }
          case "untruncated_normal" -> {
            double sd = Math.sqrt(s2);
            op = new KerasOp.Normal(0f, (float) sd);
            why.append(", stddev = sqrt(s) = ").append(sd);
          }
          default -> {
            double limit = Math.sqrt(3.0 * s2);
            op = uniform(-limit, limit);
            why.append(", limit = sqrt(3*s) = ").append(limit);
          }
        }
        why.append(" -> ").append(describe(op));
      }
      case ORTHOGONAL -> {
        if (s.length < 2) {
          throw new SpecException(
              SpecException.SHAPE,
              "orthogonal needs a weight of rank 2 or more (Keras: \"The tensor to initialize must"
                  + " be at least two-dimensional\"), this one has shape "
                  + shapeText
                  + "; use it on a kernel, not on a bias",
              -1);
        }
        int cols = s[s.length - 1];
        int rows = (int) (count / Math.max(1, cols));
        if (cols == 0) {
          rows = 1;
          for (int i = 0; i < s.length - 1; i++) {
            rows *= s[i];
          }
        }
        op = new KerasOp.Orthogonal(rows, cols, (float) gain);
        why.append(": QR of a ")
            .append(Math.max(rows, cols))
            .append('x')
            .append(Math.min(rows, cols))
            .append(" standard normal, ")
            .append(rows)
            .append('x')
            .append(cols)
            .append(" result times gain ")
            .append(floatLiteral((float) gain));
      }
      default -> throw new IllegalStateException("unreachable: " + family);
    }
    return new KerasFillPlan(this, s, fans, (int) count, op, why.toString());
  }

  private static KerasOp.Uniform uniform(double lo, double hi) {
    float min = (float) lo;
    float max = (float) hi;
    return new KerasOp.Uniform(min, max, max - min);
  }

  static String describe(KerasOp op) {
    if (op instanceof KerasOp.Uniform u) {
      return "uniform: minval = "
          + floatLiteral(u.minval())
          + ", maxval = "
          + floatLiteral(u.maxval())
          + ", range = maxval - minval = "
          + floatLiteral(u.range());
    }
    if (op instanceof KerasOp.Normal n) {
      return "normal: mean = " + floatLiteral(n.mean()) + ", stddev = " + floatLiteral(n.stddev());
    }
    if (op instanceof KerasOp.TruncatedNormal t) {
      return "truncated_normal: mean = "
          + floatLiteral(t.mean())
          + ", stddev = "
          + floatLiteral(t.stddev());
    }
    return op.toString();
  }

  /** A float as a Java literal: {@code 0.5f}, {@code -0.13801311f}. */
  static String floatLiteral(float f) {
    return f + "f";
  }

  @Override
  public String toString() {
    return source;
  }
}
