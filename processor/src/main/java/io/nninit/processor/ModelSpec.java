package io.nninit.processor;

import io.nninit.annotation.Convention;
import io.nninit.annotation.DataFormat;
import io.nninit.annotation.KerasFlavor;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.TypeElement;
import org.jspecify.annotations.Nullable;

/**
 * A model class as read from the source.
 *
 * @param packageName the model's package ("" for the unnamed package)
 * @param simpleNames the model's simple name and those of its enclosing classes, outermost first
 *     ({@code [Zoo, Net]} for {@code Zoo.Net})
 * @param isPublic whether the model is public (the generated class follows)
 * @param accessProblem why the generated class cannot reach the model ({@code private}, local
 *     class...), or "" when it can
 * @param seed the {@code @Model} seed, {@link io.nninit.annotation.Model#NO_SEED} for none
 * @param dataFormat the {@code @Model} data format of the batch-norm forward code, as written
 * @param mirror the {@code @Model} annotation, or null when the class has none
 * @param explicit the {@code @Model} attributes written in the source, for blame
 */
record ModelSpec(
    String packageName,
    List<String> simpleNames,
    boolean isPublic,
    String accessProblem,
    long seed,
    Convention convention,
    KerasFlavor flavor,
    DataFormat dataFormat,
    List<LayerSpec> layers,
    TypeElement element,
    @Nullable AnnotationMirror mirror,
    Map<String, AnnotationValue> explicit) {

  ModelSpec {
    simpleNames = List.copyOf(simpleNames);
    layers = List.copyOf(layers);
    explicit = Map.copyOf(explicit);
  }

  /** A model with the convention's data format. */
  ModelSpec(
      String packageName,
      List<String> simpleNames,
      boolean isPublic,
      String accessProblem,
      long seed,
      Convention convention,
      KerasFlavor flavor,
      List<LayerSpec> layers,
      TypeElement element,
      @Nullable AnnotationMirror mirror,
      Map<String, AnnotationValue> explicit) {
    this(
        packageName,
        simpleNames,
        isPublic,
        accessProblem,
        seed,
        convention,
        flavor,
        DataFormat.CONVENTION_DEFAULT,
        layers,
        element,
        mirror,
        explicit);
  }

  /** The model's name as Java source writes it: {@code Zoo.Net}. */
  String displayName() {
    return String.join(".", simpleNames);
  }

  /** The generated class's simple name: {@code Zoo_Net_Layers}. */
  String generatedName() {
    return String.join("_", simpleNames) + "_Layers";
  }
}
