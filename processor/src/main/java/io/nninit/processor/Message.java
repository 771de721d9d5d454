package io.nninit.processor;

import java.util.Locale;

/**
 * Every diagnostic text of the processor. Each starts with a stable {@code [nn.…]} tag (tools and
 * tests match on it) and says what to write instead.
 */
enum Message {
  FIELD_TYPE(
      "nn.field-type",
      "layer %s is a %s, so its field must be of type %s.%s; declare it as `%s %s;`"),
  FIELD_MODIFIER(
      "nn.field-modifier",
      "layer field %s must not be %s: the generated %s assigns it; remove `%s`"),
  MODEL_ACCESS(
      "nn.model-access",
      "the generated %s cannot reach model %s (%s); make it a top-level or static nested class"
          + " that is not private"),
  MODEL_SEED(
      "nn.seed",
      "model seed must be in [0, 2^32) (what keras.utils.set_random_seed accepts here), was %d;"
          + " use a value from 0 to 4294967295, or leave seed out to draw one at run time"),
  NO_LAYERS(
      "nn.no-layers",
      "@Model class %s has no @Layer fields; annotate its weight fields with @Layer or remove"
          + " @Model"),
  MISSING_SIZE("nn.size", "layer %s: %s needs %s; add %s = ..."),
  NOT_POSITIVE("nn.size", "layer %s: %s must be > 0, was %d; write a positive value such as 1"),
  KERNEL_SIZE_RANK(
      "nn.kernel-size",
      "layer %s: kernelSize has %d values; %s takes 1 (used for every axis) or %d"),
  TOO_LARGE(
      "nn.size",
      "layer %s: weight %s of shape %s has %d elements, more than one Java array holds; use"
          + " smaller sizes"),
  NOT_APPLICABLE("nn.attribute", "layer %s: %s does not apply to %s; remove it%s"),
  GROUPS(
      "nn.groups",
      "layer %s: groups = %d must divide both the input channels (%d) and filters (%d); use a"
          + " common divisor"),
  INPUT_CHANNELS_UNKNOWN(
      "nn.input-channels",
      "layer %s is the first layer, so its input channels cannot be inferred; add inputChannels ="
          + " <channels of the model's input>"),
  INPUT_CHANNELS_NEGATIVE(
      "nn.input-channels", "layer %s: inputChannels must be > 0 (or left out to infer it), was %d"),
  EPSILON("nn.epsilon", "layer %s: epsilon must be > 0, was %s; leave it out for Keras' 1e-3"),
  MOMENTUM(
      "nn.momentum", "layer %s: momentum must be in [0, 1], was %s; leave it out for Keras' 0.99"),
  TORCH_FLAVOR(
      "nn.attribute",
      "flavor only applies to Convention.KERAS (it picks how Keras turns seeds into seed pairs);"
          + " remove it from this PyTorch model"),
  TORCH_AFFINE(
      "nn.attribute",
      "layer %s: PyTorch's BatchNorm has a weight and a bias together (affine=True) or neither"
          + " (affine=False); write both center = false and scale = false for affine=False, or"
          + " remove %s = %s"),
  TORCH_NO_TENSOR(
      "nn.attribute",
      "layer %s: %s has no tensor to fill under PyTorch, since %s (the module's %s is None, and"
          + " nn.init on it raises); remove it"),
  TORCH_EPSILON(
      "nn.epsilon", "layer %s: epsilon must be > 0, was %s; leave it out for PyTorch's 1e-5"),
  TORCH_MOMENTUM(
      "nn.momentum",
      "layer %s: momentum must be in [0, 1], was %s; leave it out for PyTorch's 0.1 (PyTorch"
          + " weighs the new batch: running = (1 - momentum) * running + momentum * batch)"),
  NAME_CLASH(
      "nn.name-clash", "layers %s and %s both generate the method %s; rename one of the fields"),
  AXES_RANK("nn.geometry", "layer %s: %s has %d values; %s takes 1 (used for every axis) or %d"),
  AXES_VALUE(
      "nn.geometry", "layer %s: every %s value must be %s, was %d; write %d or more instead"),
  PADDING("nn.padding", "layer %s: padding \"%s\" is not a padding of %s under %s; write %s"),
  PADDING_BOTH(
      "nn.padding",
      "layer %s: paddingSize and padding = \"%s\" both set the padding; keep one of them"),
  PADDING_SAME_STRIDED(
      "nn.padding",
      "layer %s: PyTorch rejects padding='same' for strided convolutions (strides %s); use"
          + " paddingSize = {...} instead"),
  OUTPUT_PADDING(
      "nn.padding",
      "layer %s: outputPadding %d on axis %d must be less than %s (%d); use a smaller value"),
  ACTIVATION(
      "nn.activation", "layer %s: unknown activation \"%s\"; did you mean '%s'? (one of %s)"),
  INPUT_SHAPE(
      "nn.input-shape",
      "inputShape must list positive sizes (without the batch axis), was %s; e.g. inputShape ="
          + " {28, 28, 1}"),
  SHAPE_RANK("nn.shape", "layer %s: %s takes a %d-axis input %s, but its input (%s) is %s; %s"),
  SHAPE_KERNEL(
      "nn.shape",
      "layer %s: its kernel %s (dilated %s) is larger than its input %s (%s) on axis %d with"
          + " padding 'valid', which leaves no output; use padding = \"same\", a smaller kernel"
          + " or a larger input"),
  SHAPE_SIZE(
      "nn.shape",
      "layer %s: its output size on axis %d would be %d (input %s from %s, kernel %s, strides %s,"
          + " dilation %s, padding %s); it must be > 0: use more padding or a smaller kernel,"
          + " stride or dilation"),
  SHAPE_CHANNELS(
      "nn.shape",
      "layer %s: inputChannels = %d disagrees with its input %s (%s), which gives %d %s; remove"
          + " inputChannels or write %d"),
  SIGNAL(
      "nninit.signal",
      "%s: the predicted variance of the signal changes by a factor of %s over this run"
          + " of %d layer%s (%s), beyond the threshold %s; %s (suppress with"
          + " @SuppressWarnings(\"nninit.signal\") on the model)"),
  SYMMETRY(
      "nninit.symmetry",
      "layer %s: every weight of %s gets the same value (%s), so all its units compute the same"
          + " function and get the same gradient (the symmetry problem); use a random initializer"
          + " such as %s (suppress with @SuppressWarnings(\"nninit.symmetry\"))"),
  LINT_OPTION(
      "nninit.signal", "option nninit.lint.threshold must be a number > 1, was \"%s\"; using 10"),
  /** Initializer problems; the tag is the {@code SpecException} code, passed as first argument. */
  INITIALIZER("", "layer %s: %s \"%s\": %s"),
  INTERNAL(
      "nn.internal",
      "nninit failed on %s: %s; this is a bug in nninit, please report it with this model"),
  UNRESOLVED_TYPES(
      "nn.unresolved-types",
      "model %s refers to types that never resolved, so no %s was generated; fix the missing"
          + " imports or dependencies");

  private final String tag;
  private final String template;

  Message(String tag, String template) {
    this.tag = tag;
    this.template = template;
  }

  /** The full text: {@code [tag] } and the formatted template. */
  String text(Object... args) {
    if (this == INITIALIZER) {
      Object[] rest = new Object[args.length - 1];
      System.arraycopy(args, 1, rest, 0, rest.length);
      return "[" + args[0] + "] " + String.format(Locale.ROOT, template, rest);
    }
    return "[" + tag + "] " + String.format(Locale.ROOT, template, args);
  }
}
