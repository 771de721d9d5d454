package io.nninit.processor;

import io.nninit.annotation.Convention;
import java.util.Locale;
import java.util.Optional;

/**
 * The activations {@code @Layer(activation = ...)} names, with their second-moment gain: {@code
 * E[f(z)^2]} for a standard normal {@code z}, the factor by which the activation scales the mean
 * square of a unit-variance pre-activation. The values were computed by numerical integration
 * against the normal density (trapezoid rule on [-12, 12], step 1.2e-5) and agree with the closed
 * forms where one exists: relu 1/2, leaky relu (1 + a^2)/2, elu 1/2 + e^2 Phi(-2) - 2 e^(1/2)
 * Phi(-1) + 1/2, selu 1 (its constants are chosen for that). {@code tanh} is the exception: it is
 * the identity to first order near 0, the regime Glorot's analysis assumes, so its gain is 1 (for a
 * unit-variance input {@code E[tanh(z)^2]} would be 0.394).
 */
enum Activation {
  LINEAR("linear", 1.0, 1.0, 1.0),
  RELU("relu", 0.5, 0.5, 2.0),
  /** Keras' {@code leaky_relu} activation has slope 0.2, PyTorch's {@code F.leaky_relu} 0.01. */
  LEAKY_RELU("leaky_relu", 0.52, 0.50005, 2.0),
  ELU("elu", 0.6449454174876018, 0.6449454174876018, 2.0),
  SELU("selu", 1.0, 1.0, 1.0),
  /** The exact GELU {@code z * Phi(z)} (Keras' and PyTorch's default). */
  GELU("gelu", 0.42522148256678993, 0.42522148256678993, 2.0),
  /** {@code z * sigmoid(z)} (PyTorch's SiLU). */
  SWISH("swish", 0.3557755198144165, 0.3557755198144165, 2.0),
  TANH("tanh", 1.0, 1.0, 1.0),
  SIGMOID("sigmoid", 0.29337903585567204, 0.29337903585567204, 2.0);

  private final String keyword;
  private final double kerasGain;
  private final double torchGain;
  private final double scale;

  Activation(String keyword, double kerasGain, double torchGain, double scale) {
    this.keyword = keyword;
    this.kerasGain = kerasGain;
    this.torchGain = torchGain;
    this.scale = scale;
  }

  /** The name as written in {@code @Layer(activation = ...)}. */
  String keyword() {
    return keyword;
  }

  /** {@code E[f(z)^2]} for {@code z ~ N(0, 1)} under {@code convention}'s default slope. */
  double gain(Convention convention) {
    return convention == Convention.PYTORCH ? torchGain : kerasGain;
  }

  /**
   * The variance-scaling scale ({@code Var(w) = scale / fan_in}) of the named initializer that
   * keeps {@code fan_in * Var(w) * gain} nearest 1: 2 (he_normal) or 1 (lecun_normal).
   */
  double suggestedScale() {
    return scale;
  }

  /** The named initializer of {@link #suggestedScale()} in {@code convention}'s syntax. */
  String suggestion(Convention convention) {
    if (convention == Convention.PYTORCH) {
      return scale == 2.0
          ? "kaiming_normal_(nonlinearity='relu')"
          : "kaiming_normal_(nonlinearity='linear')";
    }
    return scale == 2.0 ? "he_normal" : "lecun_normal";
  }

  /** The activation named {@code text} ("" is linear), if any. */
  static Optional<Activation> parse(String text) {
    if (text.isEmpty()) {
      return Optional.of(LINEAR);
    }
    for (Activation a : values()) {
      if (a.keyword.equals(text)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  /** The keyword closest to an unknown {@code text}, for "did you mean". */
  static String closest(String text) {
    String lower = text.toLowerCase(Locale.ROOT).replace('-', '_');
    Activation best = LINEAR;
    int bestDistance = Integer.MAX_VALUE;
    for (Activation a : values()) {
      int d = distance(lower, a.keyword);
      if (d < bestDistance) {
        bestDistance = d;
        best = a;
      }
    }
    return best.keyword;
  }

  /** All keywords, comma-separated, for messages. */
  static String keywords() {
    StringBuilder b = new StringBuilder();
    for (Activation a : values()) {
      b.append(b.length() == 0 ? "" : ", ").append(a.keyword);
    }
    return b.toString();
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
