package io.nninit.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import io.nninit.annotation.Convention;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Modifier;

/**
 * Writes {@code save}, {@code load} and {@code metadata()}: the model's weights out to and in from
 * {@code .npz} / {@code .safetensors} files through {@code WeightFiles}, under the model's
 * convention and with its metadata (runtime version, model seed, each layer's initializers).
 */
final class WeightFilesWriter {
  private static final String IO = LayerTypes.RUNTIME + ".io";
  private static final ClassName WEIGHT_FILES = ClassName.get(IO, "WeightFiles");
  private static final ClassName FORMAT = ClassName.get(IO, "WeightsFormat");
  private static final ClassName METADATA = ClassName.get(IO, "WeightsMetadata");

  /** Named in Javadoc only, fully qualified: an import used only there is unused to ECJ. */
  private static final ClassName FORMAT_EXCEPTION = ClassName.get(IO, "WeightsFormatException");

  private static final ClassName VERSION = ClassName.get(LayerTypes.RUNTIME, "NninitVersion");
  private static final ClassName CONVENTION = ClassName.get(Convention.class);
  private static final TypeName PAIRS =
      ParameterizedTypeName.get(Map.class, String.class, String.class);

  private WeightFilesWriter() {}

  /** Adds {@code save(Path)}, {@code save(Path, WeightsFormat)}, the two loads and metadata(). */
  static void addTo(TypeSpec.Builder type, ModelPlan plan) {
    Convention convention = plan.spec().convention();
    String names = namesText(plan, convention);
    type.addMethod(
        MethodSpec.methodBuilder("save")
            .addModifiers(Modifier.PUBLIC)
            .addParameter(Path.class, "file")
            .addException(IOException.class)
            .addJavadoc(
                "Saves every weight to {@code file} in the format its name ends in ({@code .npz}"
                    + " or\n"
                    + "{@code .safetensors}), under $L,\n"
                    + "with {@link #metadata()}. Values are float32, bit-exact. The file is written"
                    + " to a temporary file\n"
                    + "that replaces {@code file} when complete.\n\n"
                    + "@throws IllegalArgumentException if the name ends in neither, before"
                    + " anything is written\n"
                    + "@throws IOException if writing fails\n",
                names)
            .addStatement(
                "$T.save(file, $N, $T.$L, metadata())",
                WEIGHT_FILES,
                DescriptionWriter.LAYERS,
                CONVENTION,
                convention.name())
            .build());
    type.addMethod(
        MethodSpec.methodBuilder("save")
            .addModifiers(Modifier.PUBLIC)
            .addParameter(Path.class, "file")
            .addParameter(FORMAT, "format")
            .addException(IOException.class)
            .addJavadoc(
                "Saves every weight to {@code file} in {@code format}, whatever the file is"
                    + " called; see\n"
                    + "{@link #save(Path)}.\n\n"
                    + "@throws IOException if writing fails\n")
            .addStatement(
                "$T.save(file, format, $N, $T.$L, metadata())",
                WEIGHT_FILES,
                DescriptionWriter.LAYERS,
                CONVENTION,
                convention.name())
            .build());
    type.addMethod(
        MethodSpec.methodBuilder("load")
            .addModifiers(Modifier.PUBLIC)
            .addParameter(Path.class, "file")
            .returns(PAIRS)
            .addException(IOException.class)
            .addJavadoc(
                "Loads every weight from {@code file}, in the format its name ends in ({@code .npz}"
                    + " or\n"
                    + "{@code .safetensors}), as {@link #save(Path)}, NumPy or PyTorch tools write"
                    + " it: under\n"
                    + "$L.\n"
                    + "The whole file is checked first; if it is damaged or does not match this"
                    + " model exactly (missing or\n"
                    + "extra tensors, another shape or dtype, the other convention), no weight"
                    + " changes.\n"
                    + "{@link #modelSeed()} stays as it is; the file's own seed is in the returned"
                    + " metadata.\n\n"
                    + "@return the file's metadata pairs, empty if it has none\n"
                    + "    ({@link $T#fromMap} reads nninit's)\n"
                    + "@throws $L if the file cannot be loaded into this model; nothing changed\n"
                    + "@throws IllegalArgumentException if the name ends in neither"
                    + " extension\n"
                    + "@throws IOException if reading fails\n",
                names,
                METADATA,
                FORMAT_EXCEPTION.canonicalName())
            .addStatement(
                "return $T.load(file, $N, $T.$L)",
                WEIGHT_FILES,
                DescriptionWriter.LAYERS,
                CONVENTION,
                convention.name())
            .build());
    type.addMethod(
        MethodSpec.methodBuilder("load")
            .addModifiers(Modifier.PUBLIC)
            .addParameter(Path.class, "file")
            .addParameter(FORMAT, "format")
            .returns(PAIRS)
            .addException(IOException.class)
            .addJavadoc(
                "Loads every weight from {@code file} in {@code format}, whatever the file is"
                    + " called; see\n"
                    + "{@link #load(Path)}.\n\n"
                    + "@return the file's metadata pairs\n"
                    + "@throws $L if the file cannot be loaded into this model; nothing changed\n"
                    + "@throws IOException if reading fails\n",
                FORMAT_EXCEPTION.canonicalName())
            .addStatement(
                "return $T.load(file, format, $N, $T.$L)",
                WEIGHT_FILES,
                DescriptionWriter.LAYERS,
                CONVENTION,
                convention.name())
            .build());
    MethodSpec.Builder metadata =
        MethodSpec.methodBuilder("metadata")
            .addModifiers(Modifier.PUBLIC)
            .returns(METADATA)
            .addJavadoc(
                "What {@link #save(Path)} records besides the weights: the nninit runtime's"
                    + " version, the current\n"
                    + "model seed and each layer's initializers.\n")
            .addStatement(
                "$T<String, String> initializers = new $T<>()", Map.class, LinkedHashMap.class);
    for (LayerPlan layer : plan.layers()) {
      List<String> parts = new ArrayList<>();
      for (WeightPlan w : layer.weights()) {
        parts.add(w.conventionName() + "=" + w.fill().source());
      }
      metadata.addStatement(
          "initializers.put($S, $S)", layer.spec().name(), String.join(", ", parts));
    }
    type.addMethod(
        metadata
            .addStatement("return new $T($T.current(), modelSeed, initializers)", METADATA, VERSION)
            .build());
  }

  /**
   * How the file names the tensors, for Javadoc: {@code Keras' weight paths (conv1/kernel, ...)}.
   */
  private static String namesText(ModelPlan plan, Convention convention) {
    if (convention == Convention.PYTORCH) {
      return "PyTorch's {@code state_dict} keys";
    }
    List<String> names = new ArrayList<>();
    for (LayerPlan layer : plan.layers()) {
      for (WeightPlan w : layer.weights()) {
        names.add(layer.spec().name() + "/" + w.name());
      }
    }
    String shown = String.join(", ", names.subList(0, Math.min(3, names.size())));
    return "Keras' weight paths ({@code " + shown + (names.size() > 3 ? ", ..." : "") + "})";
  }
}
