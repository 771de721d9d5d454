package io.nninit.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import io.nninit.annotation.LayerType;
import io.nninit.runtime.WeightInfo;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Writes the members that describe a model for summaries: the {@code WEIGHTS} constant (one {@code
 * WeightInfo} per weight, folded from the plan) with {@code weights()}, and the {@code layers} list
 * with {@code layers()}. Nothing is looked up at run time.
 */
final class DescriptionWriter {
  private static final String RUNTIME = LayerTypes.RUNTIME;
  private static final ClassName WEIGHT_INFO = ClassName.get(RUNTIME, "WeightInfo");
  private static final ClassName LAYER_WEIGHTS = ClassName.get(RUNTIME, "LayerWeights");
  private static final ClassName LAYER_TYPE = ClassName.get(LayerType.class);
  private static final ClassName LIST = ClassName.get(List.class);
  static final String LAYERS = "layers";

  private DescriptionWriter() {}

  /** Adds {@code WEIGHTS}, {@code layers}, {@code layers()} and {@code weights()}. */
  static void addTo(TypeSpec.Builder type, ModelPlan plan) {
    TypeName infos = ParameterizedTypeName.get(LIST, WEIGHT_INFO);
    TypeName layers = ParameterizedTypeName.get(LIST, LAYER_WEIGHTS);
    type.addField(
        FieldSpec.builder(infos, "WEIGHTS", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
            .addJavadoc(
                "Each weight's initializer, fans, distribution and theoretical moments, folded in"
                    + " from the\n"
                    + "{@code @Layer}s; see {@link #weights()}.\n")
            .initializer(weights(plan))
            .build());
    type.addField(
        FieldSpec.builder(layers, LAYERS, Modifier.PRIVATE, Modifier.FINAL)
            .addJavadoc("The model's weights objects, in declaration order.\n")
            .build());
    type.addMethod(
        MethodSpec.methodBuilder("layers")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .returns(layers)
            .addJavadoc(
                "The weights objects assigned to the model's {@code @Layer} fields, in declaration"
                    + " order.\n")
            .addStatement("return $N", LAYERS)
            .build());
    type.addMethod(
        MethodSpec.methodBuilder("weights")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .returns(infos)
            .addJavadoc(
                "Every weight with its initializer, fans, distribution and theoretical mean and"
                    + " standard\n"
                    + "deviation, layer by layer; for summaries.\n")
            .addStatement("return WEIGHTS")
            .build());
  }

  /** The constructor statement {@code layers = List.of(model.conv1, ...)}. */
  static CodeBlock assignLayers(ModelPlan plan) {
    CodeBlock.Builder args = CodeBlock.builder();
    for (LayerPlan layer : plan.layers()) {
      if (!args.isEmpty()) {
        args.add(", ");
      }
      args.add("model.$N", layer.spec().name());
    }
    return CodeBlock.builder().addStatement("$N = $T.of($L)", LAYERS, LIST, args.build()).build();
  }

  private static CodeBlock weights(ModelPlan plan) {
    CodeBlock.Builder b = CodeBlock.builder().add("$T.of(\n$>$>", LIST);
    boolean first = true;
    for (LayerPlan layer : plan.layers()) {
      for (WeightPlan w : layer.weights()) {
        if (!first) {
          b.add(",\n");
        }
        first = false;
        b.add(
            info(w.fill().describe(layer.spec().name(), layer.spec().type(), w.conventionName())));
      }
    }
    return b.add(")$<$<").build();
  }

  /** {@code new WeightInfo(...)}, one line for the place, one for the numbers, one derivation. */
  private static CodeBlock info(WeightInfo i) {
    CodeBlock.Builder shape = CodeBlock.builder();
    for (int d : i.shape()) {
      if (!shape.isEmpty()) {
        shape.add(", ");
      }
      shape.add(Literals.ofInt(d));
    }
    return CodeBlock.builder()
        .add(
            "new $T($S, $T.$L, $S, $T.of($L), $S,\n$>$>",
            WEIGHT_INFO,
            i.layer(),
            LAYER_TYPE,
            i.type().name(),
            i.weight(),
            LIST,
            shape.build(),
            i.initializer())
        .add(
            "$L, $L, $S, $L, $L, $L, $L, $L,\n",
            Literals.ofLong(i.fanIn()),
            Literals.ofLong(i.fanOut()),
            i.distribution(),
            Literals.ofDouble(i.low()),
            Literals.ofDouble(i.high()),
            Literals.ofDouble(i.stddev()),
            Literals.ofDouble(i.expectedMean()),
            Literals.ofDouble(i.expectedStd()))
        .add("$S)$<$<", i.derivation())
        .build();
  }
}
