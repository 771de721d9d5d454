/**
 * Weights out and in: a whole model as NumPy {@code .npz} or Hugging Face {@code .safetensors}
 * ({@link io.nninit.runtime.io.WeightFiles}), one array as {@code .npy} ({@link
 * io.nninit.runtime.io.Npy}), named the way PyTorch ({@code state_dict} keys) or Keras (weight
 * paths) name them. Values are float32 and bit-exact in both directions. Loaders check a whole file
 * before changing any weight and report every problem as a {@link
 * io.nninit.runtime.io.WeightsFormatException}. No third-party code: the JSON of safetensors
 * headers and the Python literal of npy headers are read by small parsers here, zip archives by
 * {@code java.util.zip}.
 */
@NullMarked
package io.nninit.runtime.io;

import org.jspecify.annotations.NullMarked;
