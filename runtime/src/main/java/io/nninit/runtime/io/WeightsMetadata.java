package io.nninit.runtime.io;

import io.nninit.annotation.Convention;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a weights file records besides the tensors: the nninit version that wrote it, the model seed
 * and each layer's initializers. Stored as string pairs (safetensors {@code __metadata__}, the npz
 * zip comment): {@code format} ({@code pt} under PyTorch, as Hugging Face tools expect; {@code
 * keras} under Keras), {@code nninit.version}, {@code nninit.convention}, {@code nninit.seed} and
 * {@code nninit.initializer.<layer>}.
 *
 * @param nninitVersion the library version, e.g. {@code 0.1.0}
 * @param seed the model seed the weights were drawn from
 * @param initializers layer name to a description of its initializers, e.g. {@code conv1} to {@code
 *     kernel=he_normal, bias=zeros}; kept in the given order
 */
public record WeightsMetadata(String nninitVersion, long seed, Map<String, String> initializers) {
  static final String FORMAT = "format";
  static final String VERSION = "nninit.version";
  static final String CONVENTION = "nninit.convention";
  static final String SEED = "nninit.seed";
  static final String INITIALIZER = "nninit.initializer.";

  /** Copies {@code initializers}, keeping its order. */
  public WeightsMetadata {
    Objects.requireNonNull(nninitVersion, "nninitVersion");
    Objects.requireNonNull(initializers, "initializers");
    Map<String, String> copy = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : initializers.entrySet()) {
      copy.put(
          Objects.requireNonNull(e.getKey(), "initializer layer name"),
          Objects.requireNonNull(e.getValue(), "initializer of " + e.getKey()));
    }
    initializers = Collections.unmodifiableMap(copy);
  }

  /** The string pairs written to a file for a model of the given convention. */
  public Map<String, String> toMap(Convention convention) {
    Map<String, String> map = new LinkedHashMap<>();
    map.put(FORMAT, convention == Convention.PYTORCH ? "pt" : "keras");
    map.put(VERSION, nninitVersion);
    map.put(CONVENTION, convention.name());
    map.put(SEED, Long.toString(seed));
    for (Map.Entry<String, String> e : initializers.entrySet()) {
      map.put(INITIALIZER + e.getKey(), e.getValue());
    }
    return Collections.unmodifiableMap(map);
  }

  /**
   * Reads the metadata back from a file's string pairs.
   *
   * @return empty if the pairs lack {@code nninit.version} or a numeric {@code nninit.seed} (a file
   *     not written by nninit)
   */
  public static Optional<WeightsMetadata> fromMap(Map<String, String> map) {
    String version = map.get(VERSION);
    String seed = map.get(SEED);
    if (version == null || seed == null) {
      return Optional.empty();
    }
    long seedValue;
    try {
      seedValue = Long.parseLong(seed);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    Map<String, String> initializers = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : map.entrySet()) {
      if (e.getKey().startsWith(INITIALIZER)) {
        initializers.put(e.getKey().substring(INITIALIZER.length()), e.getValue());
      }
    }
    return Optional.of(new WeightsMetadata(version, seedValue, initializers));
  }
}
