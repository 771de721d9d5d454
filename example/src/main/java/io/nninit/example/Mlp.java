package io.nninit.example;

import static io.nninit.annotation.LayerType.DENSE;

import io.nninit.annotation.Layer;
import io.nninit.annotation.Model;
import io.nninit.runtime.DenseWeights;

/**
 * A multilayer perceptron for 28x28 inputs in the Keras convention: tanh hidden layers with Glorot
 * (LeCun would do as well), one with an explicit seed of its own, and a linear head.
 */
@Model(seed = 42)
public class Mlp {
  @Layer(
      type = DENSE,
      inputChannels = 784,
      units = 256,
      kernelInitializer = "glorot_normal",
      activation = "tanh")
  DenseWeights hidden1;

  @Layer(
      type = DENSE,
      units = 128,
      kernelInitializer =
          "variance_scaling(scale=1.0, mode='fan_avg', distribution='uniform', seed=7)",
      activation = "tanh")
  DenseWeights hidden2;

  @Layer(
      type = DENSE,
      units = 10,
      kernelInitializer = "lecun_normal",
      biasInitializer = "constant(value=0.01)")
  DenseWeights output;
}
