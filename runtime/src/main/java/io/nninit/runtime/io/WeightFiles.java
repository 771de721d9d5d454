package io.nninit.runtime.io;

import io.nninit.annotation.Convention;
import io.nninit.runtime.LayerWeights;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Saves a whole model's weights to, and loads them from, files that NumPy, PyTorch and Hugging Face
 * tools read, under the names those tools use (see {@link WeightsFormat} for the formats).
 *
 * <p>Names: under {@link Convention#PYTORCH} the {@code state_dict} keys ({@code conv1.weight},
 * {@code conv1.bias}, {@code bn1.weight}, {@code bn1.bias}, {@code bn1.running_mean}, {@code
 * bn1.running_var}, {@code bn1.num_batches_tracked} as an int64 scalar of shape {@code []}; a
 * separable layer is {@code <layer>.depthwise.weight}, {@code <layer>.pointwise.weight}, {@code
 * <layer>.pointwise.bias}); under {@link Convention#KERAS} the weight paths {@code
 * <layer>/<weight>} with Keras' weight names ({@code conv1/kernel}, {@code bn1/gamma}, {@code
 * bn1/moving_variance}, {@code sep/depthwise_kernel}). Shapes are the model's, already in the
 * convention's layout.
 *
 * <p>Values are float32 and bit-exact both ways (NaN payloads included). Saving streams each tensor
 * from its array through a 64 KiB buffer into a temporary file that replaces the target when
 * complete. Loading checks the whole file first — names, shapes, dtypes, sizes, offsets, and for
 * npz every entry's CRC — and throws {@link WeightsFormatException} before changing any weight.
 */
public final class WeightFiles {
  private static final int BUFFER_BYTES = 1 << 16;

  private WeightFiles() {}

  /**
   * Saves in the format the file name's extension names.
   *
   * @throws IllegalArgumentException if the extension is neither {@code .npz} nor {@code
   *     .safetensors}, if two tensors would share a name, or if the metadata does not fit an npz
   *     comment (64 KiB); nothing is written then
   */
  public static void save(
      Path file,
      List<? extends LayerWeights> layers,
      Convention convention,
      WeightsMetadata metadata)
      throws IOException {
    save(file, WeightsFormat.of(file), layers, convention, metadata);
  }

  /**
   * Saves in the given format, whatever the file is named; see {@link #save(Path, List, Convention,
   * WeightsMetadata)}.
   */
  public static void save(
      Path file,
      WeightsFormat format,
      List<? extends LayerWeights> layers,
      Convention convention,
      WeightsMetadata metadata)
      throws IOException {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(metadata, "metadata");
    List<ModelTensor> tensors = TensorNames.of(layers, convention);
    Map<String, String> pairs = metadata.toMap(convention);
    if (format == WeightsFormat.SAFETENSORS) {
      AtomicFile.write(file, ch -> SafetensorsWriter.write(tensors, pairs, ch));
    } else {
      String comment = NpzWriter.comment(pairs);
      AtomicFile.write(
          file,
          ch -> {
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), BUFFER_BYTES);
            NpzWriter.write(tensors, comment, out);
            out.flush();
          });
    }
  }

  /**
   * Loads every weight of {@code layers} from a file in the format its extension names.
   *
   * @return the file's metadata as string pairs (empty if it has none); {@link
   *     WeightsMetadata#fromMap} reads nninit's
   * @throws WeightsFormatException if the file is damaged or does not match the model exactly
   *     (missing or extra tensors, other shapes or dtypes, saved under the other convention); no
   *     weight has changed then
   * @throws IllegalArgumentException if the extension is neither {@code .npz} nor {@code
   *     .safetensors}
   */
  public static Map<String, String> load(
      Path file, List<? extends LayerWeights> layers, Convention convention) throws IOException {
    return load(file, WeightsFormat.of(file), layers, convention);
  }

  /** Loads from a file in the given format; see {@link #load(Path, List, Convention)}. */
  public static Map<String, String> load(
      Path file, WeightsFormat format, List<? extends LayerWeights> layers, Convention convention)
      throws IOException {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(format, "format");
    List<ModelTensor> tensors = TensorNames.of(layers, convention);
    if (format == WeightsFormat.SAFETENSORS) {
      return SafetensorsReader.load(file, tensors, convention.name());
    }
    return NpzReader.load(file, tensors, convention.name());
  }
}
