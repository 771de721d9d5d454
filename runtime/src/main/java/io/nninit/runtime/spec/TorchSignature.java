package io.nninit.runtime.spec;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The Python signature of a {@code torch.nn.init} function after its tensor argument: parameter
 * names in order, each with its default (empty when required).
 */
record TorchSignature(String name, List<String> parameters, List<Optional<SpecValue>> defaults) {
  static final TorchSignature UNIFORM = of("uniform_", "a", num(0.0), "b", num(1.0));
  static final TorchSignature NORMAL = of("normal_", "mean", num(0.0), "std", num(1.0));
  static final TorchSignature TRUNC_NORMAL =
      of("trunc_normal_", "mean", num(0.0), "std", num(1.0), "a", num(-2.0), "b", num(2.0));
  static final TorchSignature CONSTANT = of("constant_", "val", null);
  static final TorchSignature ONES = of("ones_");
  static final TorchSignature ZEROS = of("zeros_");
  static final TorchSignature EYE = of("eye_");
  static final TorchSignature DIRAC = of("dirac_", "groups", integer(1));
  static final TorchSignature XAVIER_UNIFORM = of("xavier_uniform_", "gain", num(1.0));
  static final TorchSignature XAVIER_NORMAL = of("xavier_normal_", "gain", num(1.0));
  static final TorchSignature KAIMING_UNIFORM =
      of(
          "kaiming_uniform_",
          "a",
          integer(0),
          "mode",
          str("fan_in"),
          "nonlinearity",
          str("leaky_relu"));
  static final TorchSignature KAIMING_NORMAL =
      of(
          "kaiming_normal_",
          "a",
          integer(0),
          "mode",
          str("fan_in"),
          "nonlinearity",
          str("leaky_relu"));
  static final TorchSignature ORTHOGONAL = of("orthogonal_", "gain", integer(1));
  static final TorchSignature SPARSE = of("sparse_", "sparsity", null, "std", num(0.01));
  static final TorchSignature CALCULATE_GAIN =
      of("calculate_gain", "nonlinearity", null, "param", new SpecValue.NoneValue(-1));
  static final TorchSignature SQRT = of("math.sqrt", "x", null);

  /** The initializers, in the order PyTorch's documentation lists them. */
  static final List<TorchSignature> INITIALIZERS =
      List.of(
          UNIFORM,
          NORMAL,
          CONSTANT,
          ONES,
          ZEROS,
          EYE,
          DIRAC,
          XAVIER_UNIFORM,
          XAVIER_NORMAL,
          KAIMING_UNIFORM,
          KAIMING_NORMAL,
          TRUNC_NORMAL,
          ORTHOGONAL,
          SPARSE);

  TorchSignature {
    parameters = List.copyOf(parameters);
    defaults = List.copyOf(defaults);
  }

  /** {@code name(p1=d1, p2, ...)} as Python would show it. */
  String display() {
    StringBuilder b = new StringBuilder(name).append("(");
    for (int i = 0; i < parameters.size(); i++) {
      if (i > 0) {
        b.append(", ");
      }
      b.append(parameters.get(i));
      defaults.get(i).ifPresent(d -> b.append('=').append(d.source()));
    }
    return b.append(')').toString();
  }

  private static TorchSignature of(String name, @Nullable Object... pairs) {
    String[] names = new String[pairs.length / 2];
    SpecValue[] values = new SpecValue[pairs.length / 2];
    for (int i = 0; i < names.length; i++) {
      names[i] = (String) pairs[2 * i];
      values[i] = (SpecValue) pairs[2 * i + 1]; // null: a required parameter
    }
    return new TorchSignature(
        name, Arrays.asList(names), Arrays.stream(values).map(Optional::ofNullable).toList());
  }

  private static SpecValue num(double value) {
    return new SpecValue.FloatValue(value, Double.toString(value), -1);
  }

  private static SpecValue integer(long value) {
    return new SpecValue.IntValue(value, -1);
  }

  private static SpecValue str(String value) {
    return new SpecValue.StringValue(value, -1);
  }
}
