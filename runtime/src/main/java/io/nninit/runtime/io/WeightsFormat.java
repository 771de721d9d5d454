package io.nninit.runtime.io;

import java.nio.file.Path;
import java.util.Locale;

/** The file formats a whole model can be saved in and loaded from. */
public enum WeightsFormat {
  /**
   * NumPy's {@code .npz}: a zip of one {@code .npy} (format 1.0, {@code <f4}, C order) per tensor,
   * stored uncompressed like {@code np.savez}; the metadata is the zip comment, as a JSON object.
   * Loading also accepts {@code np.savez_compressed} (deflate) and zip64 archives.
   */
  NPZ(".npz"),
  /**
   * Hugging Face safetensors: an 8-byte little-endian header length, a JSON header ({@code dtype},
   * {@code shape}, {@code data_offsets}; the metadata under {@code __metadata__}), then the data.
   */
  SAFETENSORS(".safetensors");

  private final String extension;

  WeightsFormat(String extension) {
    this.extension = extension;
  }

  /** The file name extension, with its dot. */
  public String extension() {
    return extension;
  }

  /**
   * The format a file name asks for.
   *
   * @throws IllegalArgumentException if the name ends in neither {@code .npz} nor {@code
   *     .safetensors}
   */
  public static WeightsFormat of(Path file) {
    Path name = file.getFileName();
    String lower = name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
    for (WeightsFormat f : values()) {
      if (lower.endsWith(f.extension)) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "cannot tell the weights format of '"
            + file
            + "': name it *.npz or *.safetensors, or pass a WeightsFormat explicitly");
  }
}
