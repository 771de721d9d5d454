package io.nninit.runtime;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Weights of a BATCH_NORMALIZATION layer, each of shape {@code (channels)}: gamma (absent when
 * {@code scale = false}), beta (absent when {@code center = false}), the moving mean and the moving
 * variance. Keras lists them in this order.
 */
public final class BatchNormWeights extends LayerWeights {
  private final @Nullable Parameter gamma;
  private final @Nullable Parameter beta;
  private final Parameter movingMean;
  private final Parameter movingVariance;
  private long numBatchesTracked;

  /**
   * @param gamma the scale, or {@code null} when the layer has none
   * @param beta the offset, or {@code null} when the layer has none
   */
  public BatchNormWeights(
      String layerName,
      @Nullable Parameter gamma,
      @Nullable Parameter beta,
      Parameter movingMean,
      Parameter movingVariance) {
    super(layerName, present(gamma, beta, movingMean, movingVariance));
    this.gamma = gamma;
    this.beta = beta;
    this.movingMean = movingMean;
    this.movingVariance = movingVariance;
  }

  private static List<Parameter> present(@Nullable Parameter... parameters) {
    List<Parameter> list = new ArrayList<>();
    for (Parameter p : parameters) {
      if (p != null) {
        list.add(p);
      }
    }
    return list;
  }

  /** Number of channels. */
  public int channels() {
    return movingMean.size();
  }

  /** Whether the layer has a gamma ({@code scale = true}). */
  public boolean hasGamma() {
    return gamma != null;
  }

  /** Whether the layer has a beta ({@code center = true}). */
  public boolean hasBeta() {
    return beta != null;
  }

  /**
   * The scale.
   *
   * @throws IllegalStateException if the layer was declared with {@code scale = false}
   */
  public float[] gamma() {
    if (gamma == null) {
      throw absent(layerName(), "gamma", "scale = false");
    }
    return gamma.data();
  }

  /**
   * The offset.
   *
   * @throws IllegalStateException if the layer was declared with {@code center = false}
   */
  public float[] beta() {
    if (beta == null) {
      throw absent(layerName(), "beta", "center = false");
    }
    return beta.data();
  }

  /** The moving (running) mean. */
  public float[] movingMean() {
    return movingMean.data();
  }

  /** The moving (running) variance. */
  public float[] movingVariance() {
    return movingVariance.data();
  }

  /**
   * PyTorch's {@code num_batches_tracked}: how many training batches updated the moving statistics
   * (kept under both conventions; Keras has no such weight).
   */
  public long numBatchesTracked() {
    return numBatchesTracked;
  }

  /** Sets {@link #numBatchesTracked()}, as loading a PyTorch {@code state_dict} does. */
  public void setNumBatchesTracked(long count) {
    if (count < 0) {
      throw new IllegalArgumentException(
          "layer " + layerName() + ": num_batches_tracked must be >= 0, was " + count);
    }
    this.numBatchesTracked = count;
  }
}
