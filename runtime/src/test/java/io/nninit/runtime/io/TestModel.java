package io.nninit.runtime.io;

import io.nninit.annotation.Convention;
import io.nninit.runtime.BatchNormWeights;
import io.nninit.runtime.ConvWeights;
import io.nninit.runtime.DenseWeights;
import io.nninit.runtime.LayerWeights;
import io.nninit.runtime.Parameter;
import io.nninit.runtime.SeparableConvWeights;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The model of the fixtures (scripts/make_io_fixtures.py): conv1, bn1, sep, conv2 without bias, bn2
 * without gamma and beta, fc; in either convention's layout, with the names written out by hand
 * (not by the code under test).
 */
final class TestModel {
  final Convention convention;
  final List<LayerWeights> layers;

  /** Every float tensor by its expected file name. */
  final Map<String, Parameter> byName = new LinkedHashMap<>();

  final BatchNormWeights bn1;
  final BatchNormWeights bn2;

  private TestModel(Convention convention) {
    this.convention = convention;
    boolean pt = convention == Convention.PYTORCH;
    ConvWeights conv1 =
        new ConvWeights(
            "conv1",
            p(
                pt ? "conv1.weight" : "conv1/kernel",
                "kernel",
                pt ? dims(4, 3, 3, 3) : dims(3, 3, 3, 4)),
            p(pt ? "conv1.bias" : "conv1/bias", "bias", dims(4)));
    bn1 =
        new BatchNormWeights(
            "bn1",
            p(pt ? "bn1.weight" : "bn1/gamma", "gamma", dims(4)),
            p(pt ? "bn1.bias" : "bn1/beta", "beta", dims(4)),
            p(pt ? "bn1.running_mean" : "bn1/moving_mean", "moving_mean", dims(4)),
            p(pt ? "bn1.running_var" : "bn1/moving_variance", "moving_variance", dims(4)));
    SeparableConvWeights sep =
        new SeparableConvWeights(
            "sep",
            p(
                pt ? "sep.depthwise.weight" : "sep/depthwise_kernel",
                "depthwise_kernel",
                pt ? dims(4, 1, 3, 3) : dims(3, 3, 4, 1)),
            p(
                pt ? "sep.pointwise.weight" : "sep/pointwise_kernel",
                "pointwise_kernel",
                pt ? dims(6, 4, 1, 1) : dims(1, 1, 4, 6)),
            p(pt ? "sep.pointwise.bias" : "sep/bias", "bias", dims(6)));
    ConvWeights conv2 =
        new ConvWeights(
            "conv2",
            p(
                pt ? "conv2.weight" : "conv2/kernel",
                "kernel",
                pt ? dims(3, 6, 1, 1) : dims(1, 1, 6, 3)));
    bn2 =
        new BatchNormWeights(
            "bn2",
            null,
            null,
            p(pt ? "bn2.running_mean" : "bn2/moving_mean", "moving_mean", dims(3)),
            p(pt ? "bn2.running_var" : "bn2/moving_variance", "moving_variance", dims(3)));
    DenseWeights fc =
        new DenseWeights(
            "fc",
            p(pt ? "fc.weight" : "fc/kernel", "kernel", pt ? dims(2, 3) : dims(3, 2)),
            p(pt ? "fc.bias" : "fc/bias", "bias", dims(2)));
    layers = List.of(conv1, bn1, sep, conv2, bn2, fc);
  }

  static TestModel pytorch() {
    return new TestModel(Convention.PYTORCH);
  }

  static TestModel keras() {
    return new TestModel(Convention.KERAS);
  }

  static TestModel of(Convention convention) {
    return new TestModel(convention);
  }

  private static int[] dims(int... d) {
    return d;
  }

  private Parameter p(String fileName, String weightName, int[] shape) {
    Parameter p = new Parameter(weightName, shape);
    byName.put(fileName, p);
    return p;
  }

  /** Fills every weight with seeded values, special floats (NaN payloads, -0, inf) included. */
  TestModel randomize(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int[] specials = {
      0x7fc00000, 0x7fc00001, 0xffbfffff, 0x80000000, 0x7f800000, 0xff800000, 1, 0x7f7fffff
    };
    int k = 0;
    for (Parameter p : byName.values()) {
      float[] d = p.data();
      for (int i = 0; i < d.length; i++) {
        d[i] =
            random.nextInt(5) == 0
                ? Float.intBitsToFloat(specials[k++ % specials.length])
                : (float) random.nextGaussian();
      }
    }
    bn1.setNumBatchesTracked(random.nextLong(1L << 40));
    bn2.setNumBatchesTracked(random.nextLong(1L << 40));
    return this;
  }

  /** Fills every weight with one value; the counters too. */
  TestModel fill(float value, long counter) {
    for (Parameter p : byName.values()) {
      java.util.Arrays.fill(p.data(), value);
    }
    bn1.setNumBatchesTracked(counter);
    bn2.setNumBatchesTracked(counter);
    return this;
  }

  static int[] bits(float[] values) {
    int[] b = new int[values.length];
    for (int i = 0; i < b.length; i++) {
      b[i] = Float.floatToRawIntBits(values[i]);
    }
    return b;
  }
}
