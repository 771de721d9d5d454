package io.nninit.example;

import static io.nninit.annotation.LayerType.BATCH_NORMALIZATION;
import static io.nninit.annotation.LayerType.CONV2D;
import static io.nninit.annotation.LayerType.DENSE;

import io.nninit.annotation.Convention;
import io.nninit.annotation.Layer;
import io.nninit.annotation.Model;
import io.nninit.runtime.BatchNormWeights;
import io.nninit.runtime.ConvWeights;
import io.nninit.runtime.DenseWeights;

/**
 * The same kind of network in the PyTorch convention: weights in PyTorch's layouts with PyTorch's
 * numbers. It equals, bit for bit,
 *
 * <pre>{@code
 * torch.manual_seed(42)
 * model = TorchCnn()   # conv1 = nn.Conv2d(3, 16, 3), bn1 = nn.BatchNorm2d(16),
 *                      # conv2 = nn.Conv2d(16, 32, 3, bias=False), bn2 = nn.BatchNorm2d(32),
 *                      # fc = nn.Linear(32, 10)
 * nn.init.kaiming_normal_(model.conv1.weight, mode='fan_out', nonlinearity='relu')
 * nn.init.kaiming_normal_(model.conv2.weight, mode='fan_out', nonlinearity='relu')
 * }</pre>
 *
 * (see {@code scripts/torch_example_parity.py}). {@code fc} keeps {@code nn.Linear}'s own default.
 */
@Model(convention = Convention.PYTORCH, seed = 42)
public class TorchCnn {
  @Layer(
      type = CONV2D,
      inputChannels = 3,
      filters = 16,
      kernelSize = 3,
      kernelInitializer = "kaiming_normal_(mode='fan_out', nonlinearity='relu')",
      activation = "relu")
  ConvWeights conv1; // weight (16, 3, 3, 3), bias (16)

  @Layer(type = BATCH_NORMALIZATION)
  BatchNormWeights bn1; // eps 1e-5, momentum 0.1

  @Layer(
      type = CONV2D,
      filters = 32,
      kernelSize = 3,
      useBias = false,
      kernelInitializer = "kaiming_normal_(mode='fan_out', nonlinearity='relu')",
      activation = "relu")
  ConvWeights conv2; // weight (32, 16, 3, 3)

  @Layer(type = BATCH_NORMALIZATION)
  BatchNormWeights bn2;

  @Layer(type = DENSE, units = 10)
  DenseWeights fc; // nn.Linear(32, 10) default: kaiming_uniform_(a=sqrt(5)), bias U(+-1/sqrt(32))
}
