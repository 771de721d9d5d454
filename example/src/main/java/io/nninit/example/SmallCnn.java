package io.nninit.example;

import static io.nninit.annotation.LayerType.BATCH_NORMALIZATION;
import static io.nninit.annotation.LayerType.CONV2D;
import static io.nninit.annotation.LayerType.DENSE;

import io.nninit.annotation.Layer;
import io.nninit.annotation.Model;
import io.nninit.runtime.BatchNormWeights;
import io.nninit.runtime.ConvWeights;
import io.nninit.runtime.DenseWeights;

/**
 * A small image classifier in the Keras convention: two 3x3 convolutions with He initialization for
 * ReLU, each followed by batch normalization, and a Glorot-initialized classifier head.
 */
@Model(seed = 123)
public class SmallCnn {
  @Layer(
      type = CONV2D,
      inputChannels = 3,
      filters = 32,
      kernelSize = {3, 3},
      kernelInitializer = "he_normal",
      activation = "relu")
  ConvWeights conv1; // kernel (3, 3, 3, 32), bias (32)

  @Layer(type = BATCH_NORMALIZATION)
  BatchNormWeights bn1; // channels inferred: 32

  @Layer(
      type = CONV2D,
      filters = 64,
      kernelSize = 3,
      kernelInitializer = "he_normal",
      useBias = false,
      activation = "relu")
  ConvWeights conv2; // input channels inferred: 32; no bias, BN follows

  @Layer(type = BATCH_NORMALIZATION)
  BatchNormWeights bn2;

  @Layer(type = DENSE, units = 10, kernelInitializer = "glorot_uniform")
  DenseWeights logits; // applies to the last axis: 64 -> 10
}
