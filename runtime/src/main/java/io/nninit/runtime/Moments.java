package io.nninit.runtime;

/**
 * The measured mean and population standard deviation of some values, to compare with a weight's
 * theoretical ones ({@link WeightInfo#expectedMean()}, {@link WeightInfo#expectedStd()}).
 *
 * <p>Computed in double in two passes (mean, then the mean of squared deviations), so the result is
 * accurate to about {@code 1e-15} relative for any float32 input without overflow; not bit-for-bit
 * equal to NumPy's pairwise {@code mean}/{@code std}, which round differently.
 *
 * @param count the number of values
 * @param mean their mean; NaN when {@code count} is 0
 * @param std their population standard deviation ({@code ddof = 0}, as {@code numpy.std}); NaN when
 *     {@code count} is 0
 */
public record Moments(long count, double mean, double std) {
  /** The moments of every element of {@code values}. */
  public static Moments of(float[] values) {
    return of(values, 0, values.length);
  }

  /**
   * The moments of {@code count} elements of {@code values} from {@code offset}.
   *
   * @throws IllegalArgumentException if the range lies outside the array
   */
  public static Moments of(float[] values, int offset, int count) {
    if (offset < 0 || count < 0 || values.length - offset < count) {
      throw new IllegalArgumentException(
          "cannot take "
              + count
              + " values at offset "
              + offset
              + " of an array of "
              + values.length
              + "; pass a range inside the array");
    }
    if (count == 0) {
      return new Moments(0, Double.NaN, Double.NaN);
    }
    double sum = 0;
    for (int i = offset; i < offset + count; i++) {
      sum += values[i];
    }
    double mean = sum / count;
    double squares = 0;
    for (int i = offset; i < offset + count; i++) {
      double d = values[i] - mean;
      squares += d * d;
    }
    return new Moments(count, mean, Math.sqrt(squares / count));
  }

  /**
   * The mean and standard deviation of a normal distribution {@code N(mean, std²)} restricted to
   * {@code [a, b]} (PyTorch's {@code trunc_normal_}: the bounds are absolute, not multiples of
   * {@code std}), from the closed form with {@code α = (a − mean)/std}, {@code β = (b − mean)/std},
   * {@code Z = Φ(β) − Φ(α)}: mean {@code + std·(φ(α) − φ(β))/Z}, variance {@code std²·(1 + (αφ(α) −
   * βφ(β))/Z − ((φ(α) − φ(β))/Z)²)}. Infinite bounds are allowed. {@code count} is 0: these are the
   * distribution's moments, not a sample's.
   */
  public static Moments truncatedNormal(double mean, double std, double a, double b) {
    double alpha = (a - mean) / std;
    double beta = (b - mean) / std;
    double z = 0.5 * (TorchErf.erf(beta / Math.sqrt(2)) - TorchErf.erf(alpha / Math.sqrt(2)));
    double pdfA = density(alpha);
    double pdfB = density(beta);
    double shift = (pdfA - pdfB) / z;
    double spread = (times(alpha, pdfA) - times(beta, pdfB)) / z;
    return new Moments(0, mean + std * shift, std * Math.sqrt(1 + spread - shift * shift));
  }

  private static double density(double x) {
    return Double.isInfinite(x) ? 0 : Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
  }

  /** {@code x·φ(x)}, which is 0 at ±∞ although the product would be NaN. */
  private static double times(double x, double pdf) {
    return Double.isInfinite(x) ? 0 : x * pdf;
  }
}
