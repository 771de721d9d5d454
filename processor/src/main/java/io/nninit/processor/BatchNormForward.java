package io.nninit.processor;

import io.nninit.annotation.Convention;
import io.nninit.annotation.DataFormat;
import io.nninit.annotation.KerasFlavor;
import io.nninit.annotation.LayerType;
import io.nninit.runtime.ChannelLayout;
import io.nninit.runtime.FoldedKernelLayout;
import io.nninit.runtime.KerasMovingUpdate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The constants of one BATCH_NORMALIZATION layer's forward pass, decided from the plan, each with
 * where it comes from (for the generated comments).
 *
 * @param layer the batch-norm layer; its input channels are the channel count
 * @param layout where the channel axis sits in the activations
 * @param layoutFrom why: the convention's default or {@code @Model(dataFormat = ...)}
 * @param epsilon the convention's default unless {@code @Layer(epsilon)} gives one; with the
 *     tf.keras 2 fused update at least {@link KerasMovingUpdate#FUSED_MIN_EPSILON}, the epsilon the
 *     fused op computes with
 * @param momentum in the convention's own meaning; its default unless {@code @Layer(momentum)}
 * @param update Keras only: which moving-statistics update training applies
 * @param updateFrom Keras only: why that update (flavor, and the input rank for tf.keras 2)
 * @param fold the layer right before, when the batch norm can be folded into it
 */
record BatchNormForward(
    LayerPlan layer,
    Convention convention,
    ChannelLayout layout,
    String layoutFrom,
    double epsilon,
    String epsilonFrom,
    double momentum,
    String momentumFrom,
    Optional<KerasMovingUpdate> update,
    String updateFrom,
    Optional<Fold> fold) {

  /** Keras' {@code BatchNormalization} defaults. */
  static final double KERAS_EPSILON = 1e-3;

  static final double KERAS_MOMENTUM = 0.99;

  /** PyTorch's {@code BatchNormNd} defaults. */
  static final double TORCH_EPSILON = 1e-5;

  static final double TORCH_MOMENTUM = 0.1;

  /**
   * Folding the batch norm into the layer before it.
   *
   * @param into the layer whose kernel and bias absorb the batch norm
   * @param kernel its kernel (the pointwise kernel of SEPARABLE_CONV2D)
   * @param bias its bias, absent with {@code useBias = false}
   * @param layout where that kernel's output channels sit
   * @param groups PyTorch transposed convolutions: the groups; 1 elsewhere
   */
  record Fold(
      LayerPlan into,
      WeightPlan kernel,
      Optional<WeightPlan> bias,
      FoldedKernelLayout layout,
      int groups) {}

  /** The forward constants of every batch-norm layer of {@code plan}, in field order. */
  static List<BatchNormForward> of(ModelPlan plan) {
    List<BatchNormForward> out = new ArrayList<>();
    List<LayerPlan> layers = plan.layers();
    for (int i = 0; i < layers.size(); i++) {
      if (layers.get(i).spec().type() == LayerType.BATCH_NORMALIZATION) {
        out.add(of(plan.spec(), layers, i));
      }
    }
    return out;
  }

  private static BatchNormForward of(ModelSpec model, List<LayerPlan> layers, int index) {
    LayerPlan layer = layers.get(index);
    LayerSpec s = layer.spec();
    boolean torch = model.convention() == Convention.PYTORCH;
    String who = torch ? "PyTorch's" : "Keras'";
    ChannelLayout layout;
    String layoutFrom;
    if (model.dataFormat() == DataFormat.CONVENTION_DEFAULT) {
      layout = torch ? ChannelLayout.CHANNELS_FIRST : ChannelLayout.CHANNELS_LAST;
      layoutFrom =
          torch
              ? "PyTorch's default, contiguous (N, C, spatial...)"
              : "Keras' default, data_format=\"channels_last\" (axis=-1)";
    } else {
      layout =
          model.dataFormat() == DataFormat.CHANNELS_LAST
              ? ChannelLayout.CHANNELS_LAST
              : ChannelLayout.CHANNELS_FIRST;
      layoutFrom = "@Model(dataFormat = " + model.dataFormat() + ")";
    }
    boolean epsilonGiven = s.epsilon() >= 0;
    double epsilon = epsilonGiven ? s.epsilon() : torch ? TORCH_EPSILON : KERAS_EPSILON;
    String epsilonFrom = epsilonGiven ? "@Layer(epsilon)" : who + " default";
    boolean momentumGiven = s.momentum() >= 0;
    double momentum = momentumGiven ? s.momentum() : torch ? TORCH_MOMENTUM : KERAS_MOMENTUM;
    String momentumFrom =
        (momentumGiven ? "@Layer(momentum)" : who + " default")
            + (torch
                ? ": running = (1 - momentum) * running + momentum * batch"
                : ": moving = moving * momentum + batch * (1 - momentum)");
    Optional<KerasMovingUpdate> update = Optional.empty();
    String updateFrom = "";
    if (!torch) {
      Optional<LayerPlan> before = inputLayer(layers, index);
      int rank = before.map(p -> inputRank(p.spec().type())).orElse(4);
      KerasMovingUpdate picked = KerasMovingUpdate.of(model.flavor(), rank);
      update = Optional.of(picked);
      double effective = picked.epsilon(epsilon);
      if (effective != epsilon) {
        epsilonFrom +=
            ", raised from "
                + epsilon
                + " to "
                + effective
                + "\n    as tf.nn.fused_batch_norm does (tf.keras 2 fuses whatever the epsilon)";
        epsilon = effective;
      }
      String input =
          before
                  .map(
                      p ->
                          rank
                              + "-D input (the output of "
                              + p.spec().name()
                              + ", "
                              + p.spec().type())
                  .orElse("4-D input (assumed: no layer before it tells the rank")
              + ")";
      updateFrom =
          model.flavor() == KerasFlavor.KERAS3
              ? "Keras 3 (@Model flavor KERAS3)"
              : "tf.keras 2 (@Model flavor TF_KERAS2) on a\n    "
                  + input
                  + (rank >= 4
                      ? ": the fused\n    FusedBatchNormV3 update (rank 4 or 5, one"
                          + " channel axis, no renorm, virtual_batch_size\n    or adjustment)"
                      : ": the non-fused update (fused needs rank 4 or 5)");
    }
    return new BatchNormForward(
        layer,
        model.convention(),
        layout,
        layoutFrom,
        epsilon,
        epsilonFrom,
        momentum,
        momentumFrom,
        update,
        updateFrom,
        index == 0 ? Optional.empty() : fold(layers.get(index - 1), layer, torch));
  }

  /** The closest layer before {@code index} that is not a batch norm: it sets the input's rank. */
  private static Optional<LayerPlan> inputLayer(List<LayerPlan> layers, int index) {
    for (int i = index - 1; i >= 0; i--) {
      if (layers.get(i).spec().type() != LayerType.BATCH_NORMALIZATION) {
        return Optional.of(layers.get(i));
      }
    }
    return Optional.empty();
  }

  /** The rank, batch axis included, of a layer's output: 2 for DENSE, 2 + spatial axes else. */
  private static int inputRank(LayerType type) {
    return type == LayerType.DENSE ? 2 : 2 + LayerTypes.spatialRank(type);
  }

  private static Optional<Fold> fold(LayerPlan before, LayerPlan bn, boolean torch) {
    LayerType type = before.spec().type();
    if (type == LayerType.BATCH_NORMALIZATION || before.outputChannels() != bn.inputChannels()) {
      return Optional.empty();
    }
    String kernelName = type == LayerType.SEPARABLE_CONV2D ? "pointwise_kernel" : "kernel";
    Optional<WeightPlan> kernel = weight(before, kernelName);
    if (kernel.isEmpty()) {
      return Optional.empty();
    }
    FoldedKernelLayout layout;
    int groups = 1;
    if (LayerTypes.isTransposed(type)) {
      layout = torch ? FoldedKernelLayout.PYTORCH_TRANSPOSED : FoldedKernelLayout.KERAS_TRANSPOSED;
      groups = torch ? before.spec().groups() : 1;
    } else if (type == LayerType.DEPTHWISE_CONV2D && !torch) {
      layout = FoldedKernelLayout.KERAS_DEPTHWISE;
    } else {
      layout = torch ? FoldedKernelLayout.PYTORCH : FoldedKernelLayout.KERAS;
    }
    return Optional.of(new Fold(before, kernel.get(), weight(before, "bias"), layout, groups));
  }

  private static Optional<WeightPlan> weight(LayerPlan layer, String name) {
    for (WeightPlan w : layer.weights()) {
      if (w.name().equals(name)) {
        return Optional.of(w);
      }
    }
    return Optional.empty();
  }

  /** The channel count: the batch norm's input channels. */
  int channels() {
    return layer.inputChannels();
  }

  String name() {
    return layer.spec().name();
  }
}
