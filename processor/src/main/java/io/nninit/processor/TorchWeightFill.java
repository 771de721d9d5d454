package io.nninit.processor;

import io.nninit.annotation.LayerType;
import io.nninit.runtime.WeightInfo;
import io.nninit.runtime.spec.TorchInitializer;
import java.util.Optional;

/**
 * A weight under the PyTorch convention: what constructing its module puts there, and the
 * initializer written in {@code @Layer}, which PyTorch code applies after the whole model is
 * constructed.
 *
 * @param key the weight's {@code state_dict} key, e.g. {@code conv1.weight} or {@code
 *     sep.pointwise.bias}
 * @param construction what the module's constructor fills in: {@code reset_parameters()} of {@code
 *     nn.Linear}/{@code nn.ConvNd}/{@code nn.ConvTransposeNd} (weight {@code
 *     kaiming_uniform_(a=math.sqrt(5))}, bias {@code U(-1/sqrt(fan_in), 1/sqrt(fan_in))}), or the
 *     batch-norm constants (weight 1, bias 0, running mean 0, running variance 1)
 * @param explicit the {@code @Layer} initializer resolved for the weight's shape, when one is
 *     written; it overwrites the constructed values, drawing from the stream as construction left
 *     it
 */
record TorchWeightFill(
    String key, TorchInitializer construction, Optional<TorchInitializer> explicit)
    implements WeightFill {
  @Override
  public String source() {
    return explicit.map(TorchInitializer::source).orElse(construction.source());
  }

  /**
   * The weight as its effective initializer (the explicit one, else the construction) leaves it.
   */
  @Override
  public WeightInfo describe(String layer, LayerType type, String weight) {
    return explicit.orElse(construction).describe(layer, type, weight);
  }

  /** The {@code state_dict} key without the layer: {@code weight}, {@code pointwise.bias}, ... */
  String localKey() {
    return key.substring(key.indexOf('.') + 1);
  }
}
