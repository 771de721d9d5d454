package io.nninit.processor;

import io.nninit.runtime.spec.KerasFillPlan;
import io.nninit.runtime.spec.KerasOp;
import java.util.Optional;

/**
 * A weight filled by a Keras initializer.
 *
 * @param plan the initializer bound to the weight's shape (fans, float32 constants, derivation)
 * @param seedField the generated field holding the default seed drawn for it, when the initializer
 *     is random without a seed of its own
 */
record KerasWeightFill(KerasFillPlan plan, Optional<String> seedField) implements WeightFill {
  @Override
  public String source() {
    return plan.initializer().source();
  }

  boolean isOrthogonal() {
    return plan.op() instanceof KerasOp.Orthogonal;
  }
}
