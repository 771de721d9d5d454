package io.nninit.processor;

import static java.util.Objects.requireNonNull;

import io.nninit.annotation.Convention;
import io.nninit.annotation.DataFormat;
import io.nninit.annotation.KerasFlavor;
import io.nninit.annotation.LayerType;
import io.nninit.annotation.Model;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import org.jspecify.annotations.Nullable;

/** Reads a model class into a {@link ModelSpec} through annotation mirrors. */
final class ModelReader {
  static final String LAYER = "io.nninit.annotation.Layer";
  static final String MODEL = "io.nninit.annotation.Model";

  private final Elements elements;
  private final Types types;

  ModelReader(Elements elements, Types types) {
    this.elements = elements;
    this.types = types;
  }

  /**
   * Reads {@code model}: its {@code @Model} (if any) and its {@code @Layer} fields in declaration
   * order.
   *
   * @throws MissingTypeException if a field's type is not resolvable yet
   */
  ModelSpec read(TypeElement model) throws MissingTypeException {
    AnnotationMirror modelMirror = mirror(model, MODEL);
    Map<String, AnnotationValue> modelValues = values(modelMirror);
    long seed =
        modelMirror == null
            ? Model.NO_SEED
            : ((Number) get(modelValues, "seed").getValue()).longValue();
    Convention convention =
        modelMirror == null
            ? Convention.KERAS
            : Convention.valueOf(enumName(get(modelValues, "convention")));
    KerasFlavor flavor =
        modelMirror == null
            ? KerasFlavor.KERAS3
            : KerasFlavor.valueOf(enumName(get(modelValues, "flavor")));
    DataFormat dataFormat =
        modelMirror == null
            ? DataFormat.CONVENTION_DEFAULT
            : DataFormat.valueOf(enumName(get(modelValues, "dataFormat")));
    List<LayerSpec> layers = new ArrayList<>();
    for (Element member : model.getEnclosedElements()) {
      if (member.getKind() != ElementKind.FIELD) {
        continue;
      }
      AnnotationMirror layerMirror = mirror(member, LAYER);
      if (layerMirror != null) {
        try {
          layers.add(readLayer((VariableElement) member, layerMirror));
        } catch (ClassCastException | NullPointerException e) {
          // An attribute javac could not evaluate (an unresolved constant...): javac reports it;
          // retry next round, and stay silent if it never resolves.
          throw new MissingTypeException(member.getSimpleName() + ": unresolved annotation value");
        }
      }
    }
    List<String> names = new ArrayList<>();
    String accessProblem = "";
    Element e = model;
    while (e instanceof TypeElement t) {
      names.add(0, t.getSimpleName().toString());
      if (t.getModifiers().contains(Modifier.PRIVATE)) {
        accessProblem = t.getSimpleName() + " is private";
      }
      if (t.getNestingKind() == NestingKind.LOCAL || t.getNestingKind() == NestingKind.ANONYMOUS) {
        accessProblem = t.getSimpleName() + " is a local class";
      }
      e = t.getEnclosingElement();
    }
    PackageElement pkg = elements.getPackageOf(model);
    boolean isPublic = true;
    for (Element t = model; t instanceof TypeElement; t = t.getEnclosingElement()) {
      isPublic &= t.getModifiers().contains(Modifier.PUBLIC);
    }
    return new ModelSpec(
        pkg.isUnnamed() ? "" : pkg.getQualifiedName().toString(),
        names,
        isPublic,
        accessProblem,
        seed,
        convention,
        flavor,
        dataFormat,
        layers,
        model,
        modelMirror,
        explicit(modelMirror));
  }

  private LayerSpec readLayer(VariableElement field, AnnotationMirror mirror)
      throws MissingTypeException {
    TypeMirror type = field.asType();
    if (type.getKind() == TypeKind.ERROR) {
      throw new MissingTypeException(field.getSimpleName() + ": " + type);
    }
    Map<String, AnnotationValue> v = values(mirror);
    Map<String, String> initializers = new HashMap<>();
    for (String attribute : LayerTypes.INITIALIZER_ATTRIBUTES) {
      initializers.put(attribute, (String) get(v, attribute).getValue());
    }
    List<Integer> kernelSize = new ArrayList<>();
    for (Object o : (List<?>) get(v, "kernelSize").getValue()) {
      kernelSize.add((Integer) ((AnnotationValue) o).getValue());
    }
    TypeMirror erased = types.erasure(type);
    return new LayerSpec(
        field.getSimpleName().toString(),
        LayerType.valueOf(enumName(get(v, "type"))),
        intValue(v, "units"),
        intValue(v, "filters"),
        kernelSize,
        intValue(v, "inputChannels"),
        intValue(v, "groups"),
        intValue(v, "depthMultiplier"),
        (Boolean) get(v, "useBias").getValue(),
        (Boolean) get(v, "center").getValue(),
        (Boolean) get(v, "scale").getValue(),
        (Double) get(v, "epsilon").getValue(),
        (Double) get(v, "momentum").getValue(),
        initializers,
        erased.toString(),
        field.getModifiers(),
        field,
        mirror,
        explicit(mirror));
  }

  private static int intValue(Map<String, AnnotationValue> v, String name) {
    return (Integer) get(v, name).getValue();
  }

  /** An element's value; every element has one, since {@code values} includes the defaults. */
  private static AnnotationValue get(Map<String, AnnotationValue> values, String name) {
    return requireNonNull(values.get(name), name);
  }

  private static String enumName(AnnotationValue value) {
    return ((VariableElement) value.getValue()).getSimpleName().toString();
  }

  private static @Nullable AnnotationMirror mirror(Element e, String annotation) {
    for (AnnotationMirror m : e.getAnnotationMirrors()) {
      TypeElement t = (TypeElement) m.getAnnotationType().asElement();
      if (t.getQualifiedName().contentEquals(annotation)) {
        return m;
      }
    }
    return null;
  }

  private Map<String, AnnotationValue> values(@Nullable AnnotationMirror m) {
    Map<String, AnnotationValue> out = new HashMap<>();
    if (m != null) {
      for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e :
          elements.getElementValuesWithDefaults(m).entrySet()) {
        out.put(e.getKey().getSimpleName().toString(), e.getValue());
      }
    }
    return out;
  }

  private static Map<String, AnnotationValue> explicit(@Nullable AnnotationMirror m) {
    Map<String, AnnotationValue> out = new HashMap<>();
    if (m != null) {
      for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e :
          m.getElementValues().entrySet()) {
        out.put(e.getKey().getSimpleName().toString(), e.getValue());
      }
    }
    return out;
  }
}
