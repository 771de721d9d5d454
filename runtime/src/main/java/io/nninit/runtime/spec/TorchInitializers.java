package io.nninit.runtime.spec;

import static java.util.Objects.requireNonNull;

import io.nninit.runtime.TorchSparse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Resolves PyTorch initializer strings — {@code torch.nn.init} names with Python arguments, e.g.
 * {@code "kaiming_normal_(mode='fan_out', nonlinearity='relu')"}, {@code "uniform_(-0.1, 0.1)"},
 * {@code "xavier_uniform_(gain=calculate_gain('tanh'))"} — into a {@link TorchInitializer} for one
 * weight shape (PyTorch layout). Accepted: {@code uniform_, normal_, trunc_normal_, constant_,
 * ones_, zeros_, eye_, dirac_, xavier_uniform_, xavier_normal_, kaiming_uniform_, kaiming_normal_,
 * orthogonal_, sparse_}, optionally prefixed by {@code torch.nn.init.}, {@code nn.init.} or {@code
 * init.}; inside arguments {@code calculate_gain(...)} and {@code math.sqrt(...)}.
 *
 * <p>Bounds and standard deviations are computed in double precision in exactly the order of
 * PyTorch 1.13's {@code torch/nn/init.py}, so they are the same doubles Python computes (the
 * kernels then round them to float as PyTorch does). Shape errors are PyTorch's: fan-based
 * initializers on fewer than 2 dimensions, {@code eye_} and {@code sparse_} on non-matrices, {@code
 * dirac_} on ranks other than 3–5 or with output channels not divisible by {@code groups}. Every
 * error is a {@link SpecException}. Stateless and thread-safe.
 */
public final class TorchInitializers {
  private static final double SQRT_3 = Math.sqrt(3.0);

  private TorchInitializers() {}

  /**
   * Parses and resolves {@code text} for a weight of {@code shape}.
   *
   * @throws SpecException if the string is malformed, names an unknown initializer or argument, has
   *     an argument of the wrong type or value, or the initializer rejects the shape
   */
  public static TorchInitializer resolve(String text, int[] shape) {
    return resolve(SpecParser.parse(text), shape);
  }

  /**
   * Resolves a parsed call for a weight of {@code shape}.
   *
   * @throws SpecException see {@link #resolve(String, int[])}
   */
  public static TorchInitializer resolve(Call call, int[] shape) {
    checkShape(shape);
    String name = TorchArguments.stripModule(call.name());
    TorchSignature signature = signature(name, call);
    Map<String, SpecValue> args = TorchArguments.bind(call, signature);
    List<Integer> dims = Arrays.stream(shape).boxed().toList();
    String source = call.source();
    switch (name) {
      case "uniform_" -> {
        double a = finite(args, "a");
        double b = finite(args, "b");
        if (!(a <= b)) {
          throw new SpecException(
              SpecException.ARGUMENT_VALUE,
              "uniform_ expects to return a [from, to) range, but found from="
                  + a
                  + " > to="
                  + b
                  + "; write uniform_(a, b) with a <= b",
              requireNonNull(args.get("a")).offset());
        }
        return new TorchInitializer(
            source, dims, new TorchKernel.Uniform(a, b), "U(" + a + ", " + b + ")");
      }
      case "normal_" -> {
        double mean = finite(args, "mean");
        double std = nonNegative(args, "std");
        return new TorchInitializer(
            source, dims, new TorchKernel.Normal(mean, std), "N(" + mean + ", " + std + "^2)");
      }
      case "trunc_normal_" -> {
        return truncNormal(source, dims, args);
      }
      case "constant_" -> {
        float value = (float) finite(args, "val");
        return new TorchInitializer(
            source, dims, new TorchKernel.Constant(value), "constant " + value);
      }
      case "ones_" -> {
        return new TorchInitializer(source, dims, new TorchKernel.Constant(1f), "ones");
      }
      case "zeros_" -> {
        return new TorchInitializer(source, dims, new TorchKernel.Constant(0f), "zeros");
      }
      case "eye_" -> {
        if (shape.length != 2) {
          throw shapeError("eye_", "Only tensors with 2 dimensions are supported", shape);
        }
        return new TorchInitializer(
            source,
            dims,
            new TorchKernel.Eye(shape[0], shape[1]),
            "identity " + shape[0] + " x " + shape[1]);
      }
      case "dirac_" -> {
        return dirac(source, dims, shape, args);
      }
      case "xavier_uniform_", "xavier_normal_" -> {
        return xavier(name, source, dims, shape, args);
      }
      case "kaiming_uniform_", "kaiming_normal_" -> {
        return kaiming(name, source, dims, shape, args);
      }
      case "orthogonal_" -> {
        return orthogonal(source, dims, shape, args);
      }
      case "sparse_" -> {
        return sparse(source, dims, shape, args);
      }
      default -> throw new IllegalStateException("no resolution for " + name);
    }
  }

  /**
   * The default initialization of {@code nn.Linear}, {@code nn.ConvNd} and {@code
   * nn.ConvTransposeNd} for the weight: {@code kaiming_uniform_(weight, a=math.sqrt(5))}, i.e.
   * {@code U(-bound, bound)} with {@code bound = sqrt(3) * sqrt(2 / (1 + 5.000000000000001)) /
   * sqrt(fan_in)}. PyTorch fills the weight first, then the bias, from the same generator.
   *
   * @param weightShape the weight's shape in PyTorch's layout (see {@link TorchModules})
   * @throws SpecException if the shape has fewer than 2 dimensions or a negative dimension
   */
  public static TorchInitializer moduleDefaultWeight(int[] weightShape) {
    return resolve(
        new Call(
            "kaiming_uniform_",
            List.of(
                Argument.keyword(
                    "a",
                    new Call(
                        "math.sqrt",
                        List.of(Argument.positional(new SpecValue.IntValue(5, -1))),
                        true,
                        -1),
                    -1)),
            true,
            -1),
        weightShape);
  }

  /**
   * The default initialization of the bias of {@code nn.Linear}, {@code nn.ConvNd} and {@code
   * nn.ConvTransposeNd}: {@code U(-bound, bound)} with {@code bound = 1 / math.sqrt(fan_in)} of the
   * weight ({@code 0} when {@code fan_in} is 0), drawn after the weight.
   *
   * @param weightShape the weight's shape in PyTorch's layout
   * @param biasLength the bias' length (the module's output channels)
   * @throws SpecException if the weight shape has fewer than 2 dimensions or a negative dimension,
   *     or {@code biasLength < 0}
   */
  public static TorchInitializer moduleDefaultBias(int[] weightShape, int biasLength) {
    checkShape(weightShape);
    if (biasLength < 0) {
      throw new SpecException(
          SpecException.SHAPE, "bias length must be >= 0, was " + biasLength, -1);
    }
    long fanIn = TorchFans.fanIn(weightShape);
    double bound = fanIn > 0 ? 1 / Math.sqrt((double) fanIn) : 0;
    return new TorchInitializer(
        "module default bias: uniform_(-1/sqrt(fan_in), 1/sqrt(fan_in))",
        List.of(biasLength),
        new TorchKernel.Uniform(-bound, bound),
        "fan_in = " + TorchFans.derivation(weightShape, 1) + ", bound = 1/sqrt(fan_in) = " + bound);
  }

  private static TorchInitializer truncNormal(
      String source, List<Integer> dims, Map<String, SpecValue> args) {
    double mean = finite(args, "mean");
    double std = finite(args, "std");
    double a = finite(args, "a");
    double b = finite(args, "b");
    if (!(std > 0)) {
      throw new SpecException(
          SpecException.ARGUMENT_VALUE,
          "trunc_normal_: std must be > 0 (PyTorch divides by it), was " + std,
          requireNonNull(args.get("std")).offset());
    }
    if (!(a <= b)) {
      throw new SpecException(
          SpecException.ARGUMENT_VALUE,
          "trunc_normal_: a must be <= b, were a=" + a + ", b=" + b,
          requireNonNull(args.get("a")).offset());
    }
    return new TorchInitializer(
        source,
        dims,
        new TorchKernel.TruncNormal(mean, std, a, b),
        "N(" + mean + ", " + std + "^2) truncated to [" + a + ", " + b + "] by inverse CDF");
  }

  private static TorchInitializer dirac(
      String source, List<Integer> dims, int[] shape, Map<String, SpecValue> args) {
    SpecValue groupsValue = requireNonNull(args.get("groups"));
    long groups = TorchArguments.integer(groupsValue, "groups");
    if (shape.length < 3 || shape.length > 5) {
      throw shapeError("dirac_", "Only tensors with 3, 4, or 5 dimensions are supported", shape);
    }
    if (groups < 1) {
      throw new SpecException(
          SpecException.ARGUMENT_VALUE,
          "dirac_: groups must be >= 1, was " + groups,
          groupsValue.offset());
    }
    if (shape[0] % groups != 0) {
      throw new SpecException(
          SpecException.SHAPE,
          "dirac_: dim 0 must be divisible by groups (shape "
              + Arrays.toString(shape)
              + ", groups="
              + groups
              + "); use a groups value that divides "
              + shape[0],
          groupsValue.offset());
    }
    return new TorchInitializer(
        source,
        dims,
        new TorchKernel.Dirac(dims, (int) groups),
        "identity-preserving (Dirac delta), " + groups + " group(s)");
  }

  private static TorchInitializer xavier(
      String name, String source, List<Integer> dims, int[] shape, Map<String, SpecValue> args) {
    double gain = finite(args, "gain");
    long fanIn = TorchFans.fanIn(shape);
    long fanOut = TorchFans.fanOut(shape);
    if (fanIn + fanOut == 0) {
      throw shapeError(name, "fan_in + fan_out is 0 (float division by zero in PyTorch)", shape);
    }
    double std = gain * Math.sqrt(2.0 / (double) (fanIn + fanOut));
    String fans =
        "fan_in = "
            + TorchFans.derivation(shape, 1)
            + ", fan_out = "
            + TorchFans.derivation(shape, 0)
            + ", gain = "
            + gain
            + ", std = gain*sqrt(2/(fan_in+fan_out)) = "
            + std;
    if (name.equals("xavier_normal_")) {
      return new TorchInitializer(source, dims, new TorchKernel.Normal(0.0, std), fans);
    }
    double bound = SQRT_3 * std;
    return new TorchInitializer(
        source,
        dims,
        new TorchKernel.Uniform(-bound, bound),
        fans + ", bound = sqrt(3)*std = " + bound);
  }

  private static TorchInitializer kaiming(
      String name, String source, List<Integer> dims, int[] shape, Map<String, SpecValue> args) {
    boolean uniform = name.equals("kaiming_uniform_");
    for (int d : shape) {
      if (d == 0) {
        // PyTorch warns "Initializing zero-element tensors is a no-op" and returns.
        TorchKernel none = uniform ? new TorchKernel.Uniform(0, 0) : new TorchKernel.Normal(0, 0);
        return new TorchInitializer(source, dims, none, "zero-element tensor: no-op");
      }
    }
    SpecValue modeValue = requireNonNull(args.get("mode"));
    String mode = TorchArguments.string(modeValue, "mode").toLowerCase(Locale.ROOT);
    if (!mode.equals("fan_in") && !mode.equals("fan_out")) {
      throw new SpecException(
          SpecException.ARGUMENT_VALUE,
          "Mode " + mode + " not supported, please use one of ['fan_in', 'fan_out']",
          modeValue.offset());
    }
    long fan = mode.equals("fan_in") ? TorchFans.fanIn(shape) : TorchFans.fanOut(shape);
    SpecValue a = requireNonNull(args.get("a"));
    SpecValue nonlinearity = requireNonNull(args.get("nonlinearity"));
    double gain =
        TorchGain.calculateGain(
            new Call(
                "calculate_gain",
                List.of(Argument.positional(nonlinearity), Argument.positional(a)),
                true,
                nonlinearity.offset()));
    double std = gain / Math.sqrt((double) fan);
    String derivation =
        mode
            + " = "
            + TorchFans.derivation(shape, mode.equals("fan_in") ? 1 : 0)
            + ", gain = calculate_gain("
            + nonlinearity.source()
            + ", "
            + a.source()
            + ") = "
            + gain
            + ", std = gain/sqrt("
            + mode
            + ") = "
            + std;
    if (!uniform) {
      return new TorchInitializer(source, dims, new TorchKernel.Normal(0.0, std), derivation);
    }
    double bound = SQRT_3 * std;
    return new TorchInitializer(
        source,
        dims,
        new TorchKernel.Uniform(-bound, bound),
        derivation + ", bound = sqrt(3)*std = " + bound);
  }

  private static TorchInitializer orthogonal(
      String source, List<Integer> dims, int[] shape, Map<String, SpecValue> args) {
    if (shape.length < 2) {
      throw shapeError(
          "orthogonal_", "Only tensors with 2 or more dimensions are supported", shape);
    }
    double gain = finite(args, "gain");
    int rows = shape[0];
    long numel = 1;
    for (int d : shape) {
      numel *= d;
    }
    int cols = rows == 0 ? 0 : (int) (numel / rows);
    return new TorchInitializer(
        source,
        dims,
        new TorchKernel.Orthogonal(rows, cols, gain),
        "orthogonal " + rows + " x " + cols + " (QR of a standard normal matrix), gain = " + gain);
  }

  private static TorchInitializer sparse(
      String source, List<Integer> dims, int[] shape, Map<String, SpecValue> args) {
    if (shape.length != 2) {
      throw shapeError("sparse_", "Only tensors with 2 dimensions are supported", shape);
    }
    double sparsity = finite(args, "sparsity");
    double std = nonNegative(args, "std");
    int zeros = TorchSparse.zerosPerColumn(shape[0], sparsity);
    return new TorchInitializer(
        source,
        dims,
        new TorchKernel.Sparse(shape[0], shape[1], sparsity, std),
        "N(0, " + std + "^2), then " + zeros + " of " + shape[0] + " rows zeroed per column");
  }

  private static TorchSignature signature(String name, Call call) {
    for (TorchSignature s : TorchSignature.INITIALIZERS) {
      if (s.name().equals(name)) {
        return s;
      }
    }
    List<String> known = new ArrayList<>();
    for (TorchSignature s : TorchSignature.INITIALIZERS) {
      known.add(s.name());
    }
    String hint;
    if (known.contains(name + "_")) {
      hint = "; PyTorch's in-place name is " + name + "_";
    } else if (name.startsWith("he_") || name.startsWith("glorot_")) {
      hint =
          "; under the PyTorch convention write "
              + (name.startsWith("he_") ? "kaiming_" : "xavier_")
              + name.substring(name.indexOf('_') + 1)
              + "_";
    } else {
      hint = "";
    }
    throw new SpecException(
        SpecException.UNKNOWN_INITIALIZER,
        "unknown PyTorch initializer '"
            + call.name()
            + "'"
            + hint
            + "; known: "
            + String.join(", ", known),
        call.offset());
  }

  private static double finite(Map<String, SpecValue> args, String parameter) {
    SpecValue value = requireNonNull(args.get(parameter));
    double x = TorchArguments.number(value, parameter);
    if (!Double.isFinite(x)) {
      throw new SpecException(
          SpecException.ARGUMENT_VALUE,
          parameter + " must be a finite number, was " + value.source(),
          value.offset());
    }
    return x;
  }

  private static double nonNegative(Map<String, SpecValue> args, String parameter) {
    double x = finite(args, parameter);
    if (!(x >= 0)) {
      throw new SpecException(
          SpecException.ARGUMENT_VALUE,
          "normal expects std >= 0.0, but found std " + x,
          requireNonNull(args.get(parameter)).offset());
    }
    return x;
  }

  private static void checkShape(int[] shape) {
    long count = 1;
    for (int d : shape) {
      if (d < 0) {
        throw new SpecException(
            SpecException.SHAPE, "negative dimension in shape " + Arrays.toString(shape), -1);
      }
      count *= d;
      if (count > Integer.MAX_VALUE) {
        throw new SpecException(
            SpecException.SHAPE,
            "shape " + Arrays.toString(shape) + " has more than 2^31-1 elements",
            -1);
      }
    }
  }

  private static SpecException shapeError(String function, String pytorchMessage, int[] shape) {
    return new SpecException(
        SpecException.SHAPE,
        function + ": " + pytorchMessage + " (shape " + Arrays.toString(shape) + ")",
        -1);
  }
}
