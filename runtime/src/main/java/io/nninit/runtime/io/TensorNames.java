package io.nninit.runtime.io;

import io.nninit.annotation.Convention;
import io.nninit.runtime.BatchNormWeights;
import io.nninit.runtime.KernelWeights;
import io.nninit.runtime.LayerWeights;
import io.nninit.runtime.Parameter;
import io.nninit.runtime.SeparableConvWeights;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Names a model's tensors the way the convention's own tools do. PyTorch: {@code state_dict} keys
 * ({@code conv1.weight}, {@code bn1.running_var}, {@code bn1.num_batches_tracked}; a separable
 * layer is two convolutions {@code sep.depthwise.weight}, {@code sep.pointwise.weight}, {@code
 * sep.pointwise.bias}). Keras: weight paths {@code layer/weight} with Keras' weight names ({@code
 * conv1/kernel}, {@code bn1/moving_variance}).
 */
final class TensorNames {
  private TensorNames() {}

  /**
   * The model's tensors in layer order.
   *
   * @throws IllegalArgumentException if two tensors would get the same name
   */
  static List<ModelTensor> of(List<? extends LayerWeights> layers, Convention convention) {
    Objects.requireNonNull(layers, "layers");
    Objects.requireNonNull(convention, "convention");
    List<ModelTensor> tensors = new ArrayList<>();
    for (LayerWeights layer : layers) {
      Objects.requireNonNull(layer, "layers contains null");
      if (convention == Convention.KERAS) {
        addKeras(layer, tensors);
      } else {
        addPytorch(layer, tensors);
      }
    }
    Set<String> seen = new HashSet<>();
    for (ModelTensor t : tensors) {
      if (!seen.add(t.name())) {
        throw new IllegalArgumentException(
            "two tensors would be named '"
                + t.name()
                + "' in the file; give every layer (and every weight of a layer) a distinct name");
      }
    }
    return tensors;
  }

  private static void addKeras(LayerWeights layer, List<ModelTensor> out) {
    for (Parameter p : layer.parameters()) {
      out.add(new ModelTensor.Weight(layer.layerName() + "/" + p.name(), p));
    }
  }

  private static void addPytorch(LayerWeights layer, List<ModelTensor> out) {
    String prefix = layer.layerName() + ".";
    if (layer instanceof KernelWeights k) {
      out.add(new ModelTensor.Weight(prefix + "weight", k.kernelParameter()));
      if (k.hasBias()) {
        out.add(new ModelTensor.Weight(prefix + "bias", k.biasParameter()));
      }
    } else if (layer instanceof SeparableConvWeights s) {
      out.add(new ModelTensor.Weight(prefix + "depthwise.weight", s.depthwiseKernelParameter()));
      out.add(new ModelTensor.Weight(prefix + "pointwise.weight", s.pointwiseKernelParameter()));
      if (s.hasBias()) {
        out.add(new ModelTensor.Weight(prefix + "pointwise.bias", s.biasParameter()));
      }
    } else {
      BatchNormWeights bn = (BatchNormWeights) layer;
      List<Parameter> ps = bn.parameters(); // [gamma?, beta?, moving mean, moving variance]
      int i = 0;
      if (bn.hasGamma()) {
        out.add(new ModelTensor.Weight(prefix + "weight", ps.get(i++)));
      }
      if (bn.hasBeta()) {
        out.add(new ModelTensor.Weight(prefix + "bias", ps.get(i++)));
      }
      out.add(new ModelTensor.Weight(prefix + "running_mean", ps.get(i++)));
      out.add(new ModelTensor.Weight(prefix + "running_var", ps.get(i)));
      out.add(new ModelTensor.Counter(prefix + "num_batches_tracked", bn));
    }
  }
}
