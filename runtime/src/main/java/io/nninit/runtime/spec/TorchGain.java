package io.nninit.runtime.spec;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * PyTorch's {@code torch.nn.init.calculate_gain(nonlinearity, param=None)}, giving the exact double
 * Python gives: 1 for {@code linear}, {@code conv1d/2d/3d}, {@code conv_transpose1d/2d/3d} and
 * {@code sigmoid}; {@code 5.0/3} for {@code tanh}; {@code sqrt(2.0)} for {@code relu}; {@code
 * sqrt(2.0/(1+slope**2))} for {@code leaky_relu} (slope {@code param}, default 0.01); {@code 3.0/4}
 * for {@code selu}. Any other name is an error, as in PyTorch.
 */
public final class TorchGain {
  private static final List<String> LINEAR =
      List.of(
          "linear",
          "conv1d",
          "conv2d",
          "conv3d",
          "conv_transpose1d",
          "conv_transpose2d",
          "conv_transpose3d",
          "sigmoid");
  private static final double DEFAULT_SLOPE = 0.01;

  private TorchGain() {}

  /**
   * {@code calculate_gain(nonlinearity)}.
   *
   * @throws SpecException ({@link SpecException#ARGUMENT_VALUE}) for a name PyTorch does not know
   */
  public static double calculateGain(String nonlinearity) {
    return gain(nonlinearity, DEFAULT_SLOPE, -1);
  }

  /**
   * {@code calculate_gain(nonlinearity, param)}; {@code param} is the negative slope for {@code
   * leaky_relu} and ignored otherwise.
   *
   * @throws SpecException ({@link SpecException#ARGUMENT_VALUE}) for a name PyTorch does not know,
   *     or a slope that is not finite
   */
  public static double calculateGain(String nonlinearity, double param) {
    if (!Double.isFinite(param)) {
      throw slopeError(Double.toString(param), -1);
    }
    return gain(nonlinearity, param, -1);
  }

  /**
   * Evaluates a parsed {@code calculate_gain(nonlinearity, param=None)} call, with Python's
   * argument rules: a {@code bool}, string or other non-number slope is rejected as PyTorch rejects
   * it.
   *
   * @throws SpecException with the offset of the culprit in the string
   */
  public static double calculateGain(Call call) {
    var bound = TorchArguments.bind(call, TorchSignature.CALCULATE_GAIN);
    SpecValue name = requireNonNull(bound.get("nonlinearity"));
    if (!(name instanceof SpecValue.StringValue s)) {
      throw new SpecException(
          SpecException.ARGUMENT_TYPE,
          "calculate_gain: nonlinearity must be a string such as 'relu', was " + name.source(),
          name.offset());
    }
    SpecValue param = requireNonNull(bound.get("param"));
    double slope;
    if (param instanceof SpecValue.NoneValue) {
      slope = DEFAULT_SLOPE;
    } else if (param instanceof SpecValue.IntValue i) {
      slope = i.value();
    } else if (param instanceof SpecValue.FloatValue f) {
      slope = f.value();
    } else if (param instanceof Call c) {
      slope = TorchArguments.number(c, "param");
    } else {
      if (s.value().equals("leaky_relu")) {
        String shown = param instanceof SpecValue.StringValue text ? text.value() : param.source();
        throw slopeError(shown, param.offset());
      }
      slope = DEFAULT_SLOPE;
    }
    return gain(s.value(), slope, name.offset());
  }

  private static double gain(String nonlinearity, double slope, int offset) {
    if (LINEAR.contains(nonlinearity)) {
      return 1;
    }
    return switch (nonlinearity) {
      case "tanh" -> 5.0 / 3;
      case "relu" -> Math.sqrt(2.0);
      case "leaky_relu" -> Math.sqrt(2.0 / (1 + slope * slope));
      case "selu" -> 3.0 / 4;
      default ->
          throw new SpecException(
              SpecException.ARGUMENT_VALUE,
              "Unsupported nonlinearity "
                  + nonlinearity
                  + "; calculate_gain knows linear, conv1d, conv2d, conv3d, conv_transpose1d,"
                  + " conv_transpose2d, conv_transpose3d, sigmoid, tanh, relu, leaky_relu and selu",
              offset);
    };
  }

  static SpecException slopeError(String slope, int offset) {
    return new SpecException(
        SpecException.ARGUMENT_TYPE,
        "negative_slope " + slope + " not a valid number; pass an int or float such as 0.01",
        offset);
  }
}
