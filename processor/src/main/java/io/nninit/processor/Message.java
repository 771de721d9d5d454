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
  CONVENTION(
      "nn.convention",
      "the PyTorch convention is not available in this build; use convention = Convention.KERAS"
          + " (the default)"),
  MODEL_SEED(
      "nn.seed",
      "model seed must be in [0, 2^32) (what keras.utils.set_random_seed accepts here), was %d;"
          + " use a value from 0 to 4294967295, or leave seed out to draw one at run time"),
  NO_LAYERS(
      "nn.no-layers",
      "@Model class %s has no @Layer fields; annotate its weight fields with @Layer or remove"
          + " @Model"),
  MISSING_SIZE("nn.size", "layer %s: %s needs %s; add %s = ..."),
  NOT_POSITIVE("nn.size", "layer %s: %s must be > 0, was %d"),
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
  NAME_CLASH(
      "nn.name-clash", "layers %s and %s both generate the method %s; rename one of the fields"),
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
