package io.nninit.processor;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import io.nninit.annotation.Convention;
import io.nninit.annotation.KerasFlavor;
import io.nninit.annotation.LayerType;
import io.nninit.annotation.Model;
import io.nninit.runtime.KerasRandom;
import io.nninit.runtime.spec.KerasFillPlan;
import io.nninit.runtime.spec.KerasOp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.Modifier;

/**
 * Writes the {@code <Model>_Layers} class of a planned model with JavaPoet. Never queries
 * javax.lang.model; everything comes from the plan.
 */
final class LayersWriter {
  static final String PROCESSOR = "io.nninit.processor.ModelProcessor";
  private static final String RUNTIME = LayerTypes.RUNTIME;
  private static final ClassName PARAMETER = ClassName.get(RUNTIME, "Parameter");
  private static final ClassName KERAS_RANDOM = ClassName.get(RUNTIME, "KerasRandom");
  private static final ClassName KERAS_ORTHOGONAL = ClassName.get(RUNTIME, "KerasOrthogonal");
  private static final ClassName PYTHON_RANDOM = ClassName.get(RUNTIME, "PythonRandom");
  private static final ClassName FILL = ClassName.get(RUNTIME, "Fill");
  private static final ClassName FLAVOR = ClassName.get(KerasFlavor.class);
  private static final ClassName GENERATED =
      ClassName.get("javax.annotation.processing", "Generated");
  private static final TypeName FLOATS = TypeName.get(float[].class);

  /** What the class Javadoc says about allocation; shared by both conventions. */
  static final String NO_ALLOCATION_JAVADOC =
      "After construction, the initialize, per-layer, batch-norm forward and fold methods"
          + " allocate\n"
          + "nothing ({@code save}, {@code load} and {@code metadata()} do).\n";

  private final boolean generatedAvailable;

  /**
   * @param generatedAvailable whether {@code javax.annotation.processing.Generated} exists on the
   *     compilation's platform
   */
  LayersWriter(boolean generatedAvailable) {
    this.generatedAvailable = generatedAvailable;
  }

  JavaFile write(ModelPlan plan) {
    ModelSpec spec = plan.spec();
    List<String> names = spec.simpleNames();
    ClassName model =
        ClassName.get(
            spec.packageName(),
            names.get(0),
            names.subList(1, names.size()).toArray(new String[0]));
    Modifier[] visibility = spec.isPublic() ? new Modifier[] {Modifier.PUBLIC} : new Modifier[0];
    boolean seeded = spec.seed() != Model.NO_SEED;
    boolean draws = !plan.draws().isEmpty();
    boolean torch = spec.convention() == Convention.PYTORCH;

    TypeSpec.Builder type =
        TypeSpec.classBuilder(spec.generatedName())
            .addModifiers(visibility)
            .addModifiers(Modifier.FINAL)
            .addSuperinterface(ClassName.get(RUNTIME, "ModelInitializer"))
            .addOriginatingElement(spec.element())
            .addJavadoc(
                torch ? TorchWeightsWriter.classJavadoc(plan, model) : classJavadoc(plan, model))
            .addJavadoc(SummaryWriter.javadoc(plan));
    if (generatedAvailable) {
      type.addAnnotation(
          AnnotationSpec.builder(GENERATED).addMember("value", "$S", PROCESSOR).build());
    }
    if (seeded) {
      type.addField(
          FieldSpec.builder(long.class, "MODEL_SEED", visibility)
              .addModifiers(Modifier.STATIC, Modifier.FINAL)
              .addJavadoc("The seed of {@code @Model(seed = $L)}.\n", spec.seed())
              .initializer(Literals.ofLong(spec.seed()))
              .build());
    }
    if (!torch && usesFlavor(plan)) {
      type.addField(
          FieldSpec.builder(FLAVOR, "FLAVOR", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
              .initializer("$T.$L", FLAVOR, spec.flavor().name())
              .build());
    }
    if (draws) {
      type.addField(
          FieldSpec.builder(PYTHON_RANDOM, "python", Modifier.PRIVATE, Modifier.FINAL)
              .addJavadoc("Python's {@code random}, for the default seeds Keras draws.\n")
              .initializer("new $T()", PYTHON_RANDOM)
              .build());
    }
    for (LayerPlan layer : plan.layers()) {
      for (WeightPlan w : layer.weights()) {
        type.addField(
            FieldSpec.builder(FLOATS, w.field(), Modifier.PRIVATE, Modifier.FINAL).build());
        if (w.fill() instanceof KerasWeightFill fill
            && fill.plan().op() instanceof KerasOp.Orthogonal o) {
          type.addField(
              FieldSpec.builder(
                      KERAS_ORTHOGONAL, w.field() + "Orthogonal", Modifier.PRIVATE, Modifier.FINAL)
                  .initializer(
                      "new $T($L, $L)",
                      KERAS_ORTHOGONAL,
                      Literals.ofInt(o.rows()),
                      Literals.ofInt(o.cols()))
                  .build());
        }
      }
    }
    if (torch) {
      TorchWeightsWriter.addFields(type, plan);
    }
    ParallelWriter.addFields(type);
    type.addField(FieldSpec.builder(long.class, "modelSeed", Modifier.PRIVATE).build());
    for (SeedDraw d : plan.draws()) {
      d.seedField()
          .ifPresent(
              f ->
                  type.addField(
                      FieldSpec.builder(long.class, f, Modifier.PRIVATE)
                          .addJavadoc(
                              "Default seed of {@code $L.$L} ($L), drawn from the model seed.\n",
                              d.layer(),
                              d.argument(),
                              d.initializer())
                          .build()));
    }

    type.addMethod(
        MethodSpec.constructorBuilder()
            .addModifiers(visibility)
            .addJavadoc(
                seeded
                    ? "Allocates every weight of {@code model}, assigns its {@code @Layer} fields"
                        + " and initializes them\n"
                        + "with {@link #MODEL_SEED}.\n"
                    : "Allocates every weight of {@code model}, assigns its {@code @Layer} fields"
                        + " and initializes them\n"
                        + "with a model seed drawn at random (see {@link #modelSeed()}).\n")
            .addParameter(model, "model")
            .addCode(
                seeded
                    ? CodeBlock.of("this(model, MODEL_SEED);\n")
                    : CodeBlock.of(
                        "this(model, $T.current().nextLong(1L << 32));\n",
                        ClassName.get("java.util.concurrent", "ThreadLocalRandom")))
            .build());
    type.addMethod(mainConstructor(plan, model, visibility));
    type.addMethod(
        MethodSpec.methodBuilder("modelSeed")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .returns(long.class)
            .addJavadoc("The model seed the weights were last initialized with.\n")
            .addStatement("return modelSeed")
            .build());
    type.addMethod(
        MethodSpec.methodBuilder("initialize")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .returns(long.class)
            .addJavadoc(
                "Re-initializes every weight in place with the current model seed.\n"
                    + "Allocates nothing after warm-up.\n\n@return the model seed\n")
            .addStatement("return initialize(modelSeed)")
            .build());
    type.addMethod(ParallelWriter.initializeCurrent());
    type.addMethod(
        MethodSpec.methodBuilder("initialize")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .returns(long.class)
            .addParameter(long.class, "modelSeed")
            .addJavadoc(torch ? TorchWeightsWriter.INITIALIZE_JAVADOC : INITIALIZE_JAVADOC)
            .addStatement("return initialize(modelSeed, $N)", ParallelWriter.SERIAL)
            .build());
    type.addMethod(initialize(plan));
    for (int i = 0; i < plan.layers().size(); i++) {
      for (MethodSpec m : layerMethods(plan.layers().get(i), visibility, spec.flavor(), plan, i)) {
        type.addMethod(m);
      }
    }
    DescriptionWriter.addTo(type, plan);
    SummaryWriter.addTo(type, plan, visibility);
    WeightFilesWriter.addTo(type, plan);
    BatchNormWriter.addTo(type, plan);
    type.addMethod(ParallelWriter.checkMethod());
    if (!torch) {
      type.addMethod(
          MethodSpec.methodBuilder("checkSeed")
              .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
              .addParameter(long.class, "modelSeed")
              .beginControlFlow("if (modelSeed < 0L || modelSeed > 0xFFFF_FFFFL)")
              .addStatement(
                  "throw new $T($S + modelSeed + $S)",
                  IllegalArgumentException.class,
                  "model seed must be in [0, 2^32), as keras.utils.set_random_seed takes it here,"
                      + " was ",
                  "; pass a value from 0 to 4294967295")
              .endControlFlow()
              .build());
    }

    JavaFile.Builder file =
        JavaFile.builder(spec.packageName(), type.build()).skipJavaLangImports(true);
    if (!generatedAvailable) {
      file.addFileComment("Generated by $L", PROCESSOR);
    }
    return file.build();
  }

  private static MethodSpec mainConstructor(
      ModelPlan plan, ClassName model, Modifier[] visibility) {
    boolean torch = plan.spec().convention() == Convention.PYTORCH;
    MethodSpec.Builder m =
        MethodSpec.constructorBuilder()
            .addModifiers(visibility)
            .addJavadoc(
                torch
                    ? TorchWeightsWriter.CONSTRUCTOR_JAVADOC
                    : "Allocates every weight of {@code model}, assigns its {@code @Layer} fields"
                        + " and initializes them\n"
                        + "with {@code modelSeed}.\n\n"
                        + "@throws IllegalArgumentException if {@code modelSeed} is outside {@code"
                        + " [0, 2^32)}, before any field is\n"
                        + "    assigned\n")
            .addParameter(model, "model")
            .addParameter(long.class, "modelSeed");
    if (!torch) {
      m.addStatement("checkSeed(modelSeed)");
    }
    for (LayerPlan layer : plan.layers()) {
      LayerSpec s = layer.spec();
      ClassName weights = ClassName.get(RUNTIME, LayerTypes.fieldType(s.type()));
      CodeBlock.Builder args = CodeBlock.builder().add("$S", s.name());
      if (s.type() == LayerType.BATCH_NORMALIZATION) {
        for (String name : List.of("gamma", "beta", "moving_mean", "moving_variance")) {
          Optional<WeightPlan> w = weight(layer, name);
          args.add(", ");
          if (w.isPresent()) {
            args.add(parameter(w.get()));
          } else {
            args.add("null");
          }
        }
      } else {
        for (WeightPlan w : layer.weights()) {
          args.add(", ").add(parameter(w));
        }
      }
      m.addStatement("model.$N = new $T($L)", s.name(), weights, args.build());
      for (WeightPlan w : layer.weights()) {
        m.addStatement("$N = model.$N.$N()", w.field(), s.name(), accessor(w.name()));
      }
      if (torch) {
        m.addCode(TorchWeightsWriter.assignModule(layer));
      }
    }
    m.addCode(DescriptionWriter.assignLayers(plan));
    m.addCode(BatchNormWriter.assignWeights(plan));
    m.addStatement("initialize(modelSeed)");
    return m.build();
  }

  private static Optional<WeightPlan> weight(LayerPlan layer, String name) {
    for (WeightPlan w : layer.weights()) {
      if (w.name().equals(name)) {
        return Optional.of(w);
      }
    }
    return Optional.empty();
  }

  private static CodeBlock parameter(WeightPlan w) {
    CodeBlock.Builder b = CodeBlock.builder().add("new $T($S", PARAMETER, w.name());
    for (int d : w.shape()) {
      b.add(", $L", Literals.ofInt(d));
    }
    return b.add(")").build();
  }

  /** The weights-class accessor returning a weight's array. */
  private static String accessor(String weight) {
    return switch (weight) {
      case "kernel" -> "kernel";
      case "depthwise_kernel" -> "depthwiseKernel";
      case "pointwise_kernel" -> "pointwiseKernel";
      case "moving_mean" -> "movingMean";
      case "moving_variance" -> "movingVariance";
      default -> weight; // bias, gamma, beta
    };
  }

  private static final String INITIALIZE_JAVADOC =
      "Re-initializes every weight in place as Keras would after {@code"
          + " keras.utils.set_random_seed(modelSeed)}:\n"
          + "each random initializer without a seed of its own takes {@code"
          + " random.randint(1, 10**9)} from\n"
          + "Python's {@code random}, in the order the layers' constructors create their"
          + " initializers.\n"
          + "Allocates nothing after warm-up.\n\n"
          + "@return {@code modelSeed}\n"
          + "@throws IllegalArgumentException if {@code modelSeed} is outside {@code [0,"
          + " 2^32)}, before anything changes\n";

  /** {@code initialize(long, ParallelInitializer)}: draws the default seeds, fills every layer. */
  private static MethodSpec initialize(ModelPlan plan) {
    if (plan.spec().convention() == Convention.PYTORCH) {
      return TorchWeightsWriter.initialize(plan);
    }
    MethodSpec.Builder m =
        MethodSpec.methodBuilder("initialize")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .returns(long.class)
            .addParameter(long.class, "modelSeed")
            .addParameter(ParallelWriter.PARALLEL, ParallelWriter.PARAMETER)
            .addJavadoc(ParallelWriter.initializeJavadoc(false))
            .addStatement("checkSeed(modelSeed)")
            .addCode(ParallelWriter.check());
    if (!plan.draws().isEmpty()) {
      m.addStatement("python.seed(modelSeed)");
      m.addComment(
          "Keras builds the layers in field order; each unseeded random initializer"
              + " draws one seed:");
      for (SeedDraw d : plan.draws()) {
        if (d.seedField().isPresent()) {
          m.addCode(
              "$N = python.kerasDefaultSeed(); // $L.$L = $L\n",
              d.seedField().get(),
              d.layer(),
              d.argument(),
              d.initializer());
        } else {
          m.addCode(
              "python.kerasDefaultSeed(); // $L.$L = $L: constructed although $L\n",
              d.layer(),
              d.argument(),
              d.initializer(),
              d.why());
        }
      }
    }
    for (LayerPlan layer : plan.layers()) {
      m.addCode(layerCall(layer));
    }
    // after the fills: one that throws leaves modelSeed() as it was
    m.addStatement("this.modelSeed = modelSeed");
    m.addStatement("return modelSeed");
    return m.build();
  }

  /**
   * The layer's method, or its pair (on the calling thread, and taking a {@code
   * ParallelInitializer}) when a fill statement goes through one.
   */
  private static List<MethodSpec> layerMethods(
      LayerPlan layer, Modifier[] visibility, KerasFlavor flavor, ModelPlan plan, int index) {
    boolean torch = layer.weights().get(0).fill() instanceof TorchWeightFill;
    CodeBlock doc =
        CodeBlock.builder()
            .add(
                torch
                    ? TorchWeightsWriter.layerJavadoc(layer)
                    : CodeBlock.of(
                        "Layer {@code $L}: $L.\n\n<p>Fills its weights in place with the seeds of"
                            + " the current model seed. Allocates\nnothing.\n",
                        layer.spec().name(),
                        layer.summary()))
            .add(SummaryWriter.methodJavadoc(plan, index))
            .build();
    CodeBlock body = torch ? TorchWeightsWriter.layerBody(layer) : kerasLayerBody(layer, flavor);
    if (ParallelWriter.fillsInParallel(layer)) {
      return List.of(ParallelWriter.layerMethods(layer.method(), visibility, doc, body));
    }
    return List.of(
        MethodSpec.methodBuilder(layer.method())
            .addModifiers(visibility)
            .addJavadoc(doc)
            .addCode(body)
            .build());
  }

  /** {@code initConv1(parallel);} or, for a layer filled without it, {@code initBn1();}. */
  static CodeBlock layerCall(LayerPlan layer) {
    return ParallelWriter.fillsInParallel(layer)
        ? CodeBlock.builder()
            .addStatement("$N($N)", layer.method(), ParallelWriter.PARAMETER)
            .build()
        : CodeBlock.builder().addStatement("$N()", layer.method()).build();
  }

  private static CodeBlock kerasLayerBody(LayerPlan layer, KerasFlavor flavor) {
    CodeBlock.Builder m = CodeBlock.builder();
    for (WeightPlan w : layer.weights()) {
      KerasWeightFill fill = (KerasWeightFill) w.fill();
      KerasFillPlan p = fill.plan();
      m.add("// $L $L, $L values: $L\n", w.name(), w.shapeText(), p.count(), p.derivation());
      CodeBlock seed0 =
          !p.initializer().isRandom()
              ? CodeBlock.of("0L")
              : fill.seedField().isPresent()
                  ? CodeBlock.of(
                      "$T.seedPairFirst($N, FLAVOR)", KERAS_RANDOM, fill.seedField().get())
                  : foldedSeed(p.initializer().seed().orElseThrow(), flavor);
      KerasOp op = p.op();
      CodeBlock count = Literals.ofInt(p.count());
      if (op instanceof KerasOp.Uniform u) {
        m.addStatement(
            "$N.kerasUniform($N, 0, $L, 0L, $L, 0L, $L, $L)",
            ParallelWriter.PARAMETER,
            w.field(),
            count,
            seed0,
            Literals.ofFloat(u.minval()),
            Literals.ofFloat(u.range()));
      } else if (op instanceof KerasOp.Normal n) {
        m.addStatement(
            "$N.kerasNormal($N, 0, $L, 0L, $L, 0L, $L, $L)",
            ParallelWriter.PARAMETER,
            w.field(),
            count,
            seed0,
            Literals.ofFloat(n.mean()),
            Literals.ofFloat(n.stddev()));
      } else if (op instanceof KerasOp.TruncatedNormal t) {
        m.addStatement(
            "$N.kerasTruncatedNormal($N, 0, $L, 0L, $L, 0L, $L, $L)",
            ParallelWriter.PARAMETER,
            w.field(),
            count,
            seed0,
            Literals.ofFloat(t.mean()),
            Literals.ofFloat(t.stddev()));
      } else if (op instanceof KerasOp.Constant c) {
        m.addStatement(
            "$T.constant($N, 0, $L, $L)", FILL, w.field(), count, Literals.ofFloat(c.value()));
      } else if (op instanceof KerasOp.Identity i) {
        m.addStatement(
            "$T.identity($N, 0, $L, $L, $L)",
            FILL,
            w.field(),
            Literals.ofInt(i.rows()),
            Literals.ofInt(i.cols()),
            Literals.ofFloat(i.gain()));
      } else if (op instanceof KerasOp.Orthogonal o) {
        m.addStatement(
            "$N.fill($N, 0, $L, 0L, $L)",
            w.field() + "Orthogonal",
            w.field(),
            seed0,
            Literals.ofFloat(o.gain()));
      }
    }
    return m.build();
  }

  /** Whether a default seed goes through {@code seedPairFirst(seed, FLAVOR)} at run time. */
  private static boolean usesFlavor(ModelPlan plan) {
    for (LayerPlan layer : plan.layers()) {
      for (WeightPlan w : layer.weights()) {
        if (w.fill() instanceof KerasWeightFill f
            && f.plan().initializer().isRandom()
            && f.seedField().isPresent()) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * {@code KerasRandom.seedPairFirst(seed, FLAVOR)} of an explicit {@code seed=}, folded at compile
   * time into a literal with the call in a comment.
   */
  private static CodeBlock foldedSeed(long seed, KerasFlavor flavor) {
    return CodeBlock.of(
        "$L /* $T.seedPairFirst($L, $T.$L) */",
        Literals.ofLong(KerasRandom.seedPairFirst(seed, flavor)),
        KERAS_RANDOM,
        Literals.ofLong(seed),
        FLAVOR,
        flavor.name());
  }

  private static CodeBlock classJavadoc(ModelPlan plan, ClassName model) {
    ModelSpec spec = plan.spec();
    CodeBlock.Builder doc =
        CodeBlock.builder()
            .add(
                "Allocates and initializes the weights of {@link $T} as Keras ($L) does.\n"
                    + "Generated from its {@code @Layer} fields.\n\n",
                model,
                spec.flavor() == KerasFlavor.KERAS3 ? "3.5+, TensorFlow backend" : "tf.keras 2.10+")
            .add(
                "<p>Model seed: $L.\n",
                spec.seed() == Model.NO_SEED
                    ? "none declared, so the constructor draws one (see {@link #modelSeed()})"
                    : spec.seed() + " ({@code @Model(seed = " + spec.seed() + ")})")
            .add(
                "$L default seed$L drawn from it.\n\n",
                plan.draws().size(),
                plan.draws().size() == 1 ? " is" : "s are")
            .add("<ul>\n");
    for (LayerPlan layer : plan.layers()) {
      List<String> weights = new ArrayList<>();
      for (WeightPlan w : layer.weights()) {
        weights.add(w.name() + " " + w.shapeText() + " " + w.fill().source());
      }
      doc.add(
          "  <li>{@code $L}: $L; $L\n",
          layer.spec().name(),
          layer.summary(),
          String.join(", ", weights));
    }
    boolean orthogonal = false;
    for (LayerPlan layer : plan.layers()) {
      for (WeightPlan w : layer.weights()) {
        orthogonal |=
            w.fill() instanceof KerasWeightFill k && k.plan().op() instanceof KerasOp.Orthogonal;
      }
    }
    return doc.add("</ul>\n\n")
        .add(
            orthogonal
                ? "<p>Bit-exact with Keras on TF CPU (Linux/glibc) except {@code orthogonal},"
                    + " which is within\n"
                    + "1e-5 of TF's QR for gain 1 (the tolerance scales with the gain).\n"
                : "<p>Bit-exact with Keras on TF CPU (Linux/glibc).\n")
        .add(NO_ALLOCATION_JAVADOC)
        .add(ParallelWriter.CLASS_JAVADOC)
        .build();
  }
}
