package io.nninit.processor;

import io.nninit.annotation.LayerType;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;
import org.jspecify.annotations.Nullable;

/**
 * One {@code @Layer} field as read from the source: plain values (defaults applied) plus the
 * element, mirror and explicitly written values that diagnostics blame.
 *
 * @param name the field name, which is the layer's name
 * @param fieldType the field's type as written in the source ({@code ConvWeights}), qualified
 * @param modifiers the field's modifiers
 * @param initializers initializer attribute name ({@code kernelInitializer}, ...) to its string;
 *     every initializer attribute is present, "" meaning the convention's default
 * @param explicit the attributes written in the annotation (by attribute name), for blame; absent
 *     attributes took their default
 */
record LayerSpec(
    String name,
    LayerType type,
    int units,
    int filters,
    List<Integer> kernelSize,
    int inputChannels,
    int groups,
    int depthMultiplier,
    boolean useBias,
    boolean center,
    boolean scale,
    double epsilon,
    double momentum,
    Map<String, String> initializers,
    String fieldType,
    Set<Modifier> modifiers,
    Element element,
    AnnotationMirror mirror,
    Map<String, AnnotationValue> explicit) {

  LayerSpec {
    kernelSize = List.copyOf(kernelSize);
    initializers = Map.copyOf(initializers);
    modifiers = Set.copyOf(modifiers);
    explicit = Map.copyOf(explicit);
  }

  /** Whether the annotation spells out {@code attribute}. */
  boolean isExplicit(String attribute) {
    return explicit.containsKey(attribute);
  }

  /** The value to underline for {@code attribute}, or null to point at the whole annotation. */
  @Nullable AnnotationValue blame(String attribute) {
    return explicit.get(attribute);
  }

  /** The initializer string of {@code attribute}, "" when not given. */
  String initializer(String attribute) {
    return initializers.getOrDefault(attribute, "");
  }
}
