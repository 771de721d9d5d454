package io.nninit.runtime.io;

import io.nninit.runtime.BatchNormWeights;
import io.nninit.runtime.Parameter;

/** One tensor of a model as a file names it: a float weight or PyTorch's batch counter. */
sealed interface ModelTensor permits ModelTensor.Weight, ModelTensor.Counter {
  /** The name in the file: {@code conv1.weight} or {@code conv1/kernel}. */
  String name();

  /** The element type. */
  ElementType type();

  /** The shape in the model's convention. */
  int[] shape();

  /** Number of elements. */
  long elements();

  /** Size of the data in bytes. */
  default long byteSize() {
    return elements() * type().bytes();
  }

  /** A float32 weight; reads and writes {@code parameter.data()} in place. */
  record Weight(String name, Parameter parameter) implements ModelTensor {
    @Override
    public ElementType type() {
      return ElementType.F32;
    }

    @Override
    public int[] shape() {
      return parameter.shape();
    }

    @Override
    public long elements() {
      return parameter.size();
    }
  }

  /** PyTorch's {@code num_batches_tracked}: an int64 scalar (shape {@code []}). */
  record Counter(String name, BatchNormWeights layer) implements ModelTensor {
    @Override
    public ElementType type() {
      return ElementType.I64;
    }

    @Override
    public int[] shape() {
      return new int[0];
    }

    @Override
    public long elements() {
      return 1;
    }
  }
}
