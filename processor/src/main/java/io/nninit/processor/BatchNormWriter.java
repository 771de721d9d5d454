package io.nninit.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import io.nninit.annotation.Convention;
import io.nninit.runtime.ChannelLayout;
import io.nninit.runtime.KerasMovingUpdate;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Writes the batch-norm forward members of a {@code <Model>_Layers} class: per BATCH_NORMALIZATION
 * layer a {@code BatchNorm} allocated once with the layer's constants folded in, {@code
 * <bn>Inference} and {@code <bn>Training} (PyTorch also {@code <bn>BatchStatistics}), and, when it
 * directly follows a DENSE or convolution layer, {@code fold<Bn>Into<Layer>}. Constants come from
 * {@link BatchNormForward}.
 */
final class BatchNormWriter {
  private static final String RUNTIME = LayerTypes.RUNTIME;
  private static final ClassName BATCH_NORM = ClassName.get(RUNTIME, "BatchNorm");
  private static final ClassName WEIGHTS = ClassName.get(RUNTIME, "BatchNormWeights");
  private static final ClassName LAYOUT = ClassName.get(ChannelLayout.class);
  private static final ClassName UPDATE = ClassName.get(KerasMovingUpdate.class);
  private static final ClassName FOLDING = ClassName.get(RUNTIME, "BatchNormFolding");
  private static final ClassName FOLDED_LAYOUT = ClassName.get(RUNTIME, "FoldedKernelLayout");
  private static final String CHECK = "checkFoldOutput";

  /** The {@code torch.get_num_threads()} the PyTorch forward code reproduces. */
  static final int TORCH_THREADS = 1;

  private BatchNormWriter() {}

  /** Adds the fields and methods of every batch-norm layer of {@code plan}. */
  static void addTo(TypeSpec.Builder type, ModelPlan plan) {
    List<BatchNormForward> norms = BatchNormForward.of(plan);
    Modifier[] visibility =
        plan.spec().isPublic() ? new Modifier[] {Modifier.PUBLIC} : new Modifier[0];
    boolean folds = false;
    for (BatchNormForward bn : norms) {
      if (bn.convention() == Convention.KERAS) {
        type.addField(
            FieldSpec.builder(WEIGHTS, weightsField(bn), Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc("Layer {@code $L}'s weights, for its forward methods.\n", bn.name())
                .build());
      }
      type.addField(normField(bn));
      type.addMethod(forward(bn, "inference", visibility));
      type.addMethod(forward(bn, "training", visibility));
      if (bn.convention() == Convention.PYTORCH) {
        type.addMethod(forward(bn, "batchStatistics", visibility));
      }
      if (bn.fold().isPresent()) {
        folds = true;
        BatchNormForward.Fold f = bn.fold().get();
        CodeBlock.Builder shape = CodeBlock.builder();
        for (int d : f.kernel().shape()) {
          shape.add(shape.isEmpty() ? "$L" : ", $L", Literals.ofInt(d));
        }
        type.addField(
            FieldSpec.builder(int[].class, shapeField(bn), Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc(
                    "Shape of {@code $L}'s $L, for folding {@code $L} into it.\n",
                    f.into().spec().name(),
                    f.kernel().name(),
                    bn.name())
                .initializer("{$L}", shape.build())
                .build());
        type.addMethod(fold(bn, f, visibility));
      }
    }
    if (folds) {
      type.addMethod(checkFoldOutput());
    }
  }

  /** The constructor statements {@code bn1Weights = model.bn1} (Keras; PyTorch has its module). */
  static CodeBlock assignWeights(ModelPlan plan) {
    CodeBlock.Builder b = CodeBlock.builder();
    for (BatchNormForward bn : BatchNormForward.of(plan)) {
      if (bn.convention() == Convention.KERAS) {
        b.addStatement("$N = model.$N", weightsField(bn), bn.name());
      }
    }
    return b.build();
  }

  private static FieldSpec normField(BatchNormForward bn) {
    boolean torch = bn.convention() == Convention.PYTORCH;
    FieldSpec.Builder f =
        FieldSpec.builder(BATCH_NORM, normField(bn.name()), Modifier.PRIVATE, Modifier.FINAL)
            .addJavadoc(
                "Forward pass of layer {@code $L}, allocated once with its constants:\n\n<ul>\n",
                bn.name())
            .addJavadoc(
                "  <li>$L channels: $L\n",
                bn.channels(),
                bn.layer().channelsFrom().equals("inputChannels")
                    ? "@Layer(inputChannels)"
                    : bn.layer().channelsFrom())
            .addJavadoc("  <li>layout $L: $L\n", bn.layout(), bn.layoutFrom())
            .addJavadoc(
                "  <li>momentum $L: $L\n", Literals.ofDouble(bn.momentum()), bn.momentumFrom())
            .addJavadoc(
                "  <li>epsilon $L: $L\n", Literals.ofDouble(bn.epsilon()), bn.epsilonFrom());
    if (torch) {
      f.addJavadoc(
              "  <li>$L thread: channels-last and 2-D statistics reproduce {@code"
                  + " torch.set_num_threads($L)}\n",
              TORCH_THREADS,
              TORCH_THREADS)
          .addJavadoc("</ul>\n")
          .initializer(
              "$T.pytorch($S, $L, $T.$L,\n$>$>$L, $L, $L)$<$<",
              BATCH_NORM,
              bn.name(),
              Literals.ofInt(bn.channels()),
              LAYOUT,
              bn.layout().name(),
              Literals.ofDouble(bn.momentum()),
              Literals.ofDouble(bn.epsilon()),
              Literals.ofInt(TORCH_THREADS));
    } else {
      KerasMovingUpdate update = bn.update().orElseThrow();
      f.addJavadoc("  <li>moving update $L: $L\n", update.name(), bn.updateFrom())
          .addJavadoc("</ul>\n")
          .initializer(
              "$T.keras($S, $L, $T.$L,\n$>$>$L, $L, $T.$L)$<$<",
              BATCH_NORM,
              bn.name(),
              Literals.ofInt(bn.channels()),
              LAYOUT,
              bn.layout().name(),
              Literals.ofDouble(bn.momentum()),
              Literals.ofDouble(bn.epsilon()),
              UPDATE,
              update.name());
    }
    return f.build();
  }

  /** {@code bn1Inference}, {@code bn1Training} or {@code bn1BatchStatistics}. */
  private static MethodSpec forward(BatchNormForward bn, String mode, Modifier[] visibility) {
    boolean torch = bn.convention() == Convention.PYTORCH;
    String name = bn.name();
    MethodSpec.Builder m =
        MethodSpec.methodBuilder(name + Names.capitalize(mode)).addModifiers(visibility);
    switch (mode) {
      case "inference" ->
          m.addJavadoc(
              "Layer {@code $L} in inference mode ($L): per channel\n"
                  + "{@code y = (x - mean) / sqrt(variance + epsilon) * gamma + beta} with the"
                  + " moving statistics.\n"
                  + "Changes no weight. Allocates nothing after warm-up.\n",
              name,
              torch ? "{@code eval()}" : "{@code training=False}");
      case "training" ->
          m.addJavadoc(
              "Layer {@code $L} in training mode ($L): normalizes with the batch mean\n"
                  + "and biased variance, then updates the moving statistics and counts the batch"
                  + " in\n"
                  + "{@code numBatchesTracked()}. Moving statistics: $L.\n"
                  + "Allocates nothing after warm-up.\n",
              name,
              torch ? "{@code train()}" : "{@code training=True}",
              torch
                  ? "{@code running = (1 - momentum) * running + momentum * batch},\nwith the"
                      + " unbiased batch variance for the running variance"
                  : updateText(bn.update().orElseThrow()));
      default ->
          m.addJavadoc(
              "Layer {@code $L} normalized with the batch statistics, leaving the running"
                  + " statistics and\n"
                  + "{@code num_batches_tracked} untouched: what the module does with\n"
                  + "{@code track_running_stats=False} (in train and eval mode). Allocates"
                  + " nothing.\n",
              name);
    }
    m.addJavadoc(
        "\n<p>The per-channel scale and shift are derived from the weights on every call, so"
            + " changed\n"
            + "weights (re-initialized, loaded, trained) are always seen; there is nothing to"
            + " refresh.\n\n");
    m.addJavadoc(torch ? torchExactness(mode) : kerasExactness(mode));
    m.addJavadoc(
        "@param x the input, {@code batch * $L * spatial} values, $L\n"
            + "@param y the output, as long as {@code x}; may be {@code x} (in place)\n"
            + "@param batch the batch size, {@code > 0}\n"
            + "@param spatial the product of the spatial dimensions, 1 for a 2-D input\n"
            + "@throws IllegalArgumentException naming layer {@code $L} when an array length or"
            + " size is\n"
            + "    wrong, before anything is written\n",
        bn.channels(),
        bn.layout() == ChannelLayout.CHANNELS_LAST
            ? "{@code (batch, spatial..., " + bn.channels() + ")}"
            : "{@code (batch, " + bn.channels() + ", spatial...)}",
        name);
    return m.addParameter(float[].class, "x")
        .addParameter(float[].class, "y")
        .addParameter(int.class, "batch")
        .addParameter(int.class, "spatial")
        .addStatement("$N.$N($N, x, y, batch, spatial)", normField(name), mode, weightsField(bn))
        .build();
  }

  /** What a PyTorch forward method reproduces bit for bit, in the words of its mode. */
  private static String torchExactness(String mode) {
    String threads =
        "; for\nchannels-last or 2-D input as with {@code torch.set_num_threads(1)}, since"
            + " PyTorch's batch\nstatistics there depend on the thread count.\n\n";
    return switch (mode) {
      case "inference" ->
          "<p>Bit-exact outputs with PyTorch 1.13 on the CPU (AVX2); the running statistics"
              + " are only\nread.\n\n";
      case "training" ->
          "<p>Bit-exact with PyTorch 1.13 on the CPU (AVX2), outputs and updated running"
              + " statistics"
              + threads;
      default ->
          "<p>Bit-exact outputs with PyTorch 1.13 on the CPU (AVX2); the running statistics are"
              + " neither\nread nor written"
              + threads;
    };
  }

  /** What a Keras forward method matches, in the words of its mode. */
  private static String kerasExactness(String mode) {
    return mode.equals("training")
        ? "<p>Within rtol 1e-5 / atol 1e-6 of TensorFlow 2.18 (outputs and updated moving"
            + "\nstatistics); not bit-exact.\n\n"
        : "<p>Outputs within rtol 1e-5 / atol 1e-6 of TensorFlow 2.18, not bit-exact; the"
            + " moving\nstatistics are only read.\n\n";
  }

  private static String updateText(KerasMovingUpdate update) {
    return switch (update) {
      case KERAS3 ->
          "Keras 3,\n{@code moving = moving * momentum + batch * (1 - momentum)} (biased"
              + " variance)";
      case TF_KERAS2_FUSED ->
          "tf.keras 2 fused,\n{@code moving = (1 - f) * moving + f * batch} with {@code f = 1 -"
              + " momentum} and the\nunbiased batch variance";
      case TF_KERAS2_NONFUSED ->
          "tf.keras 2 non-fused,\n{@code moving = moving - (moving - batch) * (1 - momentum)}"
              + " (biased variance)";
    };
  }

  /** {@code foldBn1IntoConv1(kernelOut, biasOut)}. */
  private static MethodSpec fold(
      BatchNormForward bn, BatchNormForward.Fold f, Modifier[] visibility) {
    String into = f.into().spec().name();
    String method = "fold" + Names.capitalize(bn.name()) + "Into" + Names.capitalize(into);
    String what = "folding " + bn.name() + " into " + into;
    int channels = bn.channels();
    long size = f.kernel().count();
    String kernelText = into + "'s " + f.kernel().name() + " " + f.kernel().shapeText();
    MethodSpec.Builder m =
        MethodSpec.methodBuilder(method)
            .addModifiers(visibility)
            .addJavadoc(
                "Folds layer {@code $L}, in inference mode, into layer {@code $L} before it:"
                    + " writes $L's\n"
                    + "$L and a bias such that the folded layer alone equals {@code $L}"
                    + " followed by\n"
                    + "{@code $L}. Per output channel {@code s = gamma / sqrt(moving_variance +"
                    + " $L)},\n"
                    + "{@code kernel' = kernel * s}, {@code bias' = (bias - moving_mean) * s +"
                    + " beta}$L, from the\n"
                    + "current weights. Within about 1e-5 relative of the unfolded pair (float"
                    + " rounding), not bit\n"
                    + "for bit. Allocates nothing after warm-up.\n\n",
                bn.name(),
                into,
                into,
                f.kernel().name(),
                into,
                bn.name() + "Inference",
                Literals.ofDouble(bn.epsilon()),
                f.bias().isPresent() ? "" : " (" + into + " has no bias: taken as 0)")
            .addJavadoc(
                "@param kernelOut receives the folded kernel, $L values shaped as $L;\n"
                    + "    may be {@code $L}'s own (in place)\n"
                    + "@param biasOut receives the folded bias, $L values (one per channel)\n"
                    + "@throws IllegalArgumentException naming both layers when a length is"
                    + " wrong, before anything\n"
                    + "    is written\n",
                size,
                kernelText,
                into,
                channels)
            .addParameter(float[].class, "kernelOut")
            .addParameter(float[].class, "biasOut")
            .addStatement(
                "$N($S, $S, kernelOut, $L,\n$S)",
                CHECK,
                what,
                "kernelOut",
                Literals.ofInt((int) size),
                kernelText)
            .addStatement(
                "$N($S, $S, biasOut, $L,\n$S)",
                CHECK,
                what,
                "biasOut",
                Literals.ofInt(channels),
                "one value per channel of " + bn.name());
    CodeBlock bias =
        f.bias().map(b -> CodeBlock.of("$N", b.field())).orElseGet(() -> CodeBlock.of("null"));
    m.addStatement(
        "$T.fold($T.$L, $N, $L,\n$N, $L, $N, $L, kernelOut, biasOut)",
        FOLDING,
        FOLDED_LAYOUT,
        f.layout().name(),
        shapeField(bn),
        Literals.ofInt(f.groups()),
        f.kernel().field(),
        bias,
        weightsField(bn),
        Literals.ofDouble(bn.epsilon()));
    return m.build();
  }

  private static MethodSpec checkFoldOutput() {
    return MethodSpec.methodBuilder(CHECK)
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addParameter(String.class, "fold")
        .addParameter(String.class, "name")
        .addParameter(float[].class, "array")
        .addParameter(int.class, "expected")
        .addParameter(String.class, "what")
        .beginControlFlow("if (array == null || array.length != expected)")
        .addStatement(
            "throw new $T(fold + $S + name + $S + what + $S + expected\n"
                + "+ $S + (array == null ? $S : $S + array.length)\n"
                + "+ $S + expected + $S)",
            IllegalArgumentException.class,
            ": ",
            " must hold ",
            ", ",
            " values, but ",
            "is null",
            "has ",
            "; pass a float[",
            "]")
        .endControlFlow()
        .build();
  }

  /** Keras: this class's field; PyTorch: the module field {@link TorchWeightsWriter} declares. */
  private static String weightsField(BatchNormForward bn) {
    return bn.convention() == Convention.PYTORCH
        ? TorchWeightsWriter.moduleField(bn.layer())
        : Names.weightField(bn.name(), "weights");
  }

  private static String normField(String layer) {
    return Names.weightField(layer, "norm");
  }

  private static String shapeField(BatchNormForward bn) {
    return Names.weightField(bn.name(), "folded_shape");
  }
}
