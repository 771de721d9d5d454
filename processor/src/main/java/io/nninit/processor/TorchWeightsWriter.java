package io.nninit.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import io.nninit.annotation.LayerType;
import io.nninit.annotation.Model;
import io.nninit.runtime.spec.Argument;
import io.nninit.runtime.spec.Call;
import io.nninit.runtime.spec.SpecParser;
import io.nninit.runtime.spec.TorchInitializer;
import io.nninit.runtime.spec.TorchKernel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.Modifier;

/**
 * Writes the PyTorch-convention members of a {@code <Model>_Layers} class; {@link LayersWriter}
 * writes the rest (weights allocation, field assignment, {@code modelSeed()}) for both conventions.
 *
 * <p>Draw order, as PyTorch code that builds the model and then initializes it: {@code
 * torch.manual_seed(s)}, then every module is constructed in field order (each {@code nn.Linear},
 * {@code nn.ConvNd}, {@code nn.ConvTransposeNd} draws its weight, then its bias; batch norm draws
 * nothing), then every initializer written in {@code @Layer} runs in field order (within a layer:
 * weight, bias; depthwise, pointwise, bias; batch-norm weight, bias, running mean, running
 * variance), each drawing from the stream as construction left it. A weight with an initializer of
 * its own therefore still consumes its default draws first, exactly as in PyTorch.
 */
final class TorchWeightsWriter {
  private static final String RUNTIME = LayerTypes.RUNTIME;
  private static final ClassName GENERATOR = ClassName.get(RUNTIME, "TorchGenerator");
  private static final ClassName INIT = ClassName.get(RUNTIME, "TorchInit");
  private static final ClassName ORTHOGONAL = ClassName.get(RUNTIME, "TorchOrthogonal");
  private static final ClassName SPARSE = ClassName.get(RUNTIME, "TorchSparse");
  private static final ClassName FILL = ClassName.get(RUNTIME, "Fill");
  private static final ClassName BATCH_NORM = ClassName.get(RUNTIME, "BatchNormWeights");
  static final String GENERATOR_FIELD = "generator";

  static final String CONSTRUCTOR_JAVADOC =
      "Allocates every weight of {@code model}, assigns its {@code @Layer} fields and initializes"
          + " them\n"
          + "as PyTorch does after {@code torch.manual_seed(modelSeed)} (see {@link"
          + " #initialize(long)}).\n"
          + "Every {@code long} is accepted; only its low 32 bits select the stream.\n";

  private TorchWeightsWriter() {}

  /** The generator, the batch-norm modules and the workspaces of orthogonal_, sparse_, dirac_. */
  static void addFields(TypeSpec.Builder type, ModelPlan plan) {
    type.addField(
        FieldSpec.builder(GENERATOR, GENERATOR_FIELD, Modifier.PRIVATE, Modifier.FINAL)
            .addJavadoc(
                "PyTorch's default CPU generator (MT19937, AVX2 kernels); {@link #initialize(long)}"
                    + " reseeds it.\n")
            .initializer("new $T(0L)", GENERATOR)
            .build());
    for (LayerPlan layer : plan.layers()) {
      if (layer.spec().type() == LayerType.BATCH_NORMALIZATION) {
        type.addField(
            FieldSpec.builder(BATCH_NORM, moduleField(layer), Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc(
                    "Layer {@code $L}, whose {@code num_batches_tracked} construction resets.\n",
                    layer.spec().name())
                .build());
      }
      for (WeightPlan w : layer.weights()) {
        Optional<TorchInitializer> explicit = fill(w).explicit();
        if (explicit.isEmpty()) {
          continue;
        }
        TorchKernel k = explicit.get().kernel();
        if (k instanceof TorchKernel.Orthogonal o) {
          type.addField(
              FieldSpec.builder(ORTHOGONAL, w.field() + "Orthogonal", Modifier.PRIVATE)
                  .addModifiers(Modifier.FINAL)
                  .addJavadoc("Workspace of {@code orthogonal_} on {@code $L}.\n", fill(w).key())
                  .initializer(
                      "new $T($L, $L)",
                      ORTHOGONAL,
                      Literals.ofInt(o.rows()),
                      Literals.ofInt(o.cols()))
                  .build());
        } else if (k instanceof TorchKernel.Sparse s) {
          type.addField(
              FieldSpec.builder(SPARSE, w.field() + "Sparse", Modifier.PRIVATE, Modifier.FINAL)
                  .addJavadoc("Workspace of {@code sparse_} on {@code $L}.\n", fill(w).key())
                  .initializer(
                      "new $T($L, $L)", SPARSE, Literals.ofInt(s.rows()), Literals.ofInt(s.cols()))
                  .build());
        } else if (k instanceof TorchKernel.Dirac) {
          CodeBlock.Builder dims = CodeBlock.builder();
          for (int i = 0; i < w.shape().size(); i++) {
            dims.add(i == 0 ? "$L" : ", $L", Literals.ofInt(w.shape().get(i)));
          }
          type.addField(
              FieldSpec.builder(int[].class, w.field() + "Shape", Modifier.PRIVATE, Modifier.FINAL)
                  .addJavadoc("Shape of {@code $L}, for {@code dirac_}.\n", fill(w).key())
                  .initializer("{$L}", dims.build())
                  .build());
        }
      }
    }
  }

  /** {@code bnModule = model.bn;} for a batch-norm layer, nothing otherwise. */
  static CodeBlock assignModule(LayerPlan layer) {
    if (layer.spec().type() != LayerType.BATCH_NORMALIZATION) {
      return CodeBlock.of("");
    }
    return CodeBlock.builder()
        .addStatement("$N = model.$N", moduleField(layer), layer.spec().name())
        .build();
  }

  static final String INITIALIZE_JAVADOC =
      "Re-initializes every weight in place as PyTorch 1.13 does after {@code"
          + " torch.manual_seed(modelSeed)}:\n"
          + "first every module is constructed, in field order (each {@code Linear},"
          + " {@code ConvNd} and\n"
          + "{@code ConvTransposeNd} draws its weight, then its bias; batch norm draws"
          + " nothing), then the\n"
          + "initializers written in {@code @Layer} run in field order, drawing from the"
          + " stream as\n"
          + "construction left it. The class documentation shows the equivalent"
          + " Python. Allocates nothing after warm-up.\n\n"
          + "<p>Every {@code long} is a valid seed: as {@code torch.manual_seed}, only"
          + " its low 32 bits select\n"
          + "the stream ({@code 5} and {@code 2^32 + 5} give the same weights); {@link"
          + " #modelSeed()} returns it\n"
          + "as given.\n\n"
          + "@return {@code modelSeed}\n";

  /**
   * {@code initialize(long, ParallelInitializer)}: manual_seed, every module's construction, then
   * the initializers.
   */
  static MethodSpec initialize(ModelPlan plan) {
    MethodSpec.Builder m =
        MethodSpec.methodBuilder("initialize")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .returns(long.class)
            .addParameter(long.class, "modelSeed")
            .addParameter(ParallelWriter.PARALLEL, ParallelWriter.PARAMETER)
            .addJavadoc(ParallelWriter.initializeJavadoc(true))
            .addCode(ParallelWriter.check())
            .addStatement("$N.manualSeed(modelSeed)", GENERATOR_FIELD)
            .addComment("model = $L(): each module's constructor, in field order", modelName(plan));
    boolean anyExplicit = false;
    for (LayerPlan layer : plan.layers()) {
      if (hasExplicit(layer)) {
        anyExplicit = true;
        m.addCode(construction(layer));
      } else {
        m.addCode(LayersWriter.layerCall(layer));
      }
    }
    if (anyExplicit) {
      m.addComment("then the @Layer initializers, in field order, continuing the stream");
      for (LayerPlan layer : plan.layers()) {
        m.addCode(explicit(layer));
      }
    }
    // after the fills: one that throws leaves modelSeed() as it was
    m.addStatement("this.modelSeed = modelSeed");
    return m.addStatement("return modelSeed").build();
  }

  /** The Javadoc of {@code initConv1()}: the layer's module constructed now, then its own. */
  static CodeBlock layerJavadoc(LayerPlan layer) {
    boolean explicit = hasExplicit(layer);
    CodeBlock.Builder doc =
        CodeBlock.builder()
            .add(
                "Layer {@code $L}: {@code $L}$L.\n\n",
                layer.spec().name(),
                layer.summary(),
                layer.channelsFrom().equals("inputChannels")
                    ? ""
                    : ", input channels from " + layer.channelsFrom())
            .add(
                "<p>Fills its tensors as constructing the module now would$L, continuing the"
                    + " generator's\n"
                    + "stream as it stands: it does not reseed ({@link #initialize(long)} does)."
                    + " Allocates nothing after warm-up.\n",
                explicit ? " and then applies its {@code @Layer} initializers" : "");
    String fans = fansNote(layer);
    if (!fans.isEmpty()) {
      doc.add("\n<p>$L\n", fans);
    }
    return doc.build();
  }

  /** The statements of {@code initConv1}: the module's construction, then its initializers. */
  static CodeBlock layerBody(LayerPlan layer) {
    return CodeBlock.builder().add(construction(layer)).add(explicit(layer)).build();
  }

  /** The statements of the module's construction: {@code reset_parameters()}. */
  private static CodeBlock construction(LayerPlan layer) {
    CodeBlock.Builder b = CodeBlock.builder();
    b.add("// $L = $L\n", layer.spec().name(), layer.summary());
    for (WeightPlan w : layer.weights()) {
      b.add(statement(w, fill(w).construction()));
    }
    if (layer.spec().type() == LayerType.BATCH_NORMALIZATION) {
      b.addStatement("$N.setNumBatchesTracked(0L)", moduleField(layer));
    }
    return b.build();
  }

  /** The statements of the layer's {@code @Layer} initializers, in weight order. */
  private static CodeBlock explicit(LayerPlan layer) {
    CodeBlock.Builder b = CodeBlock.builder();
    for (WeightPlan w : layer.weights()) {
      Optional<TorchInitializer> init = fill(w).explicit();
      if (init.isPresent()) {
        b.add("// $L\n", pythonCall(init.get().source(), "model." + fill(w).key()));
        b.add(statement(w, init.get()));
      }
    }
    return b.build();
  }

  private static CodeBlock statement(WeightPlan w, TorchInitializer init) {
    CodeBlock.Builder b = CodeBlock.builder();
    b.add(
        "// $L $L, $L values: $L: $L\n",
        fill(w).key(),
        w.shapeText(),
        init.count(),
        init.source(),
        init.derivation());
    CodeBlock count = Literals.ofInt(init.count());
    String f = w.field();
    TorchKernel k = init.kernel();
    if (k instanceof TorchKernel.Uniform u) {
      b.addStatement(
          "$N.torchUniform($N, 0, $L, $L, $L, $N)",
          ParallelWriter.PARAMETER,
          f,
          count,
          Literals.ofDouble(u.from()),
          Literals.ofDouble(u.to()),
          GENERATOR_FIELD);
    } else if (k instanceof TorchKernel.Normal n) {
      b.addStatement(
          "$N.torchNormal($N, 0, $L, $L, $L, $N)",
          ParallelWriter.PARAMETER,
          f,
          count,
          Literals.ofDouble(n.mean()),
          Literals.ofDouble(n.std()),
          GENERATOR_FIELD);
    } else if (k instanceof TorchKernel.TruncNormal t) {
      b.addStatement(
          "$N.torchTruncNormal($N, 0, $L, $L, $L, $L, $L, $N)",
          ParallelWriter.PARAMETER,
          f,
          count,
          Literals.ofDouble(t.mean()),
          Literals.ofDouble(t.std()),
          Literals.ofDouble(t.a()),
          Literals.ofDouble(t.b()),
          GENERATOR_FIELD);
    } else if (k instanceof TorchKernel.Constant c) {
      b.addStatement("$T.constant($N, 0, $L, $L)", FILL, f, count, Literals.ofFloat(c.value()));
    } else if (k instanceof TorchKernel.Eye e) {
      b.addStatement(
          "$T.eye($N, 0, $L, $L)", INIT, f, Literals.ofInt(e.rows()), Literals.ofInt(e.cols()));
    } else if (k instanceof TorchKernel.Dirac d) {
      b.addStatement("$T.dirac($N, 0, $N, $L)", INIT, f, f + "Shape", Literals.ofInt(d.groups()));
    } else if (k instanceof TorchKernel.Orthogonal o) {
      b.addStatement(
          "$N.fill($N, 0, $L, $N)",
          f + "Orthogonal",
          f,
          Literals.ofDouble(o.gain()),
          GENERATOR_FIELD);
    } else if (k instanceof TorchKernel.Sparse s) {
      b.addStatement(
          "$N.fill($N, 0, $L, $L, $N)",
          f + "Sparse",
          f,
          Literals.ofDouble(s.sparsity()),
          Literals.ofDouble(s.std()),
          GENERATOR_FIELD);
    }
    return b.build();
  }

  /** The class Javadoc: what the model is in PyTorch, the equivalent Python, precision. */
  static CodeBlock classJavadoc(ModelPlan plan, ClassName model) {
    ModelSpec spec = plan.spec();
    CodeBlock.Builder doc =
        CodeBlock.builder()
            .add(
                "Allocates and initializes the weights of {@link $T} as PyTorch 1.13 (CPU)"
                    + " does.\n"
                    + "Generated from its {@code @Layer} fields.\n\n",
                model)
            .add(
                "<p>Model seed: $L.\n\n",
                spec.seed() == Model.NO_SEED
                    ? "none declared, so the constructor draws one (see {@link #modelSeed()})"
                    : spec.seed() + " ({@code @Model(seed = " + spec.seed() + ")})")
            .add(
                "<p>{@link #initialize(long)} gives the tensors this PyTorch code gives (weights"
                    + " in PyTorch's layouts:\n"
                    + "{@code Linear} (out, in), {@code ConvNd} (out, in/groups, k...), {@code"
                    + " ConvTransposeNd}\n"
                    + "(in, out/groups, k...)):\n\n")
            .add("<pre>{@code\n$L}</pre>\n\n", python(plan))
            .add("<ul>\n");
    for (LayerPlan layer : plan.layers()) {
      List<String> weights = new ArrayList<>();
      for (WeightPlan w : layer.weights()) {
        weights.add(fill(w).key() + " " + w.shapeText() + " " + w.fill().source());
      }
      doc.add(
          "  <li>{@code $L}: {@code $L}$L; $L\n",
          layer.spec().name(),
          layer.summary(),
          layer.channelsFrom().equals("inputChannels") ? "" : " (" + layer.channelsFrom() + ")",
          String.join(", ", weights));
    }
    return doc.add(
            "</ul>\n\n"
                + "<p>The weights objects keep the runtime's names ({@code kernel()}, {@code"
                + " gamma()}, ...);\n"
                + "the {@code state_dict} keys above are what PyTorch and the weights files call"
                + " them.\n\n"
                + "<p>Bit-exact with PyTorch 1.13 on x86-64 CPUs with AVX2 (its {@code"
                + " TorchCapability.AVX2}\n"
                + "kernels), except {@code trunc_normal_} (about 96 % of values bit-equal, all"
                + " within 4 ulp:\n"
                + "PyTorch calls glibc's {@code erff}) and {@code orthogonal_} (within {@code"
                + " 4e-7 * sqrt(max(rows, cols)) * gain}:\n"
                + "PyTorch factors with LAPACK).\n")
        .add(LayersWriter.NO_ALLOCATION_JAVADOC)
        .add(ParallelWriter.CLASS_JAVADOC)
        .build();
  }

  /** The model as PyTorch code: build, seed, construct, initialize. */
  private static String python(ModelPlan plan) {
    StringBuilder b = new StringBuilder();
    boolean separable = false;
    for (LayerPlan layer : plan.layers()) {
      separable |= layer.spec().type() == LayerType.SEPARABLE_CONV2D;
    }
    b.append("import torch\nfrom torch import nn\n");
    String explicitText = String.join(" ", explicitSources(plan));
    if (explicitText.contains("math.")) {
      b.append("import math\n");
    }
    if (separable) {
      b.append("from collections import OrderedDict\n");
    }
    if (explicitText.contains("calculate_gain(")
        && !explicitText.contains("init.calculate_gain(")) {
      b.append("from torch.nn.init import calculate_gain\n");
    }
    b.append("\ntorch.manual_seed(model_seed)\n").append("model = nn.Module()\n");
    for (LayerPlan layer : plan.layers()) {
      b.append("model.")
          .append(layer.spec().name())
          .append(" = ")
          .append(layer.summary())
          .append('\n');
    }
    for (LayerPlan layer : plan.layers()) {
      for (WeightPlan w : layer.weights()) {
        Optional<TorchInitializer> init = fill(w).explicit();
        if (init.isPresent()) {
          b.append(pythonCall(init.get().source(), "model." + fill(w).key())).append('\n');
        }
      }
    }
    return b.toString();
  }

  private static List<String> explicitSources(ModelPlan plan) {
    List<String> out = new ArrayList<>();
    for (LayerPlan layer : plan.layers()) {
      for (WeightPlan w : layer.weights()) {
        fill(w).explicit().ifPresent(i -> out.add(i.source()));
      }
    }
    return out;
  }

  /** {@code nn.init.kaiming_normal_(model.conv.weight, mode='fan_out')} from the spec string. */
  static String pythonCall(String source, String tensor) {
    Call call = SpecParser.parse(source);
    String name = call.name().substring(call.name().lastIndexOf('.') + 1);
    StringBuilder b = new StringBuilder("nn.init.").append(name).append('(').append(tensor);
    for (Argument a : call.arguments()) {
      b.append(", ").append(a.source());
    }
    return b.append(')').toString();
  }

  /** How PyTorch's fans of this layer differ from Keras', for the layer's Javadoc. */
  private static String fansNote(LayerPlan layer) {
    LayerSpec s = layer.spec();
    if (s.type() == LayerType.BATCH_NORMALIZATION || s.type() == LayerType.DENSE) {
      return "";
    }
    List<Integer> shape = layer.weights().get(0).shape();
    long field = 1;
    for (int i = 2; i < shape.size(); i++) {
      field *= shape.get(i);
    }
    long fanIn = shape.get(1) * field;
    long fanOut = shape.get(0) * field;
    String fans =
        "Fans: PyTorch's {@code fan_in = size(1) * prod(k)} and {@code fan_out = size(0) *"
            + " prod(k)} of the weight: "
            + fanIn
            + " and "
            + fanOut
            + ". ";
    return switch (s.type()) {
      case CONV1D_TRANSPOSE, CONV2D_TRANSPOSE, CONV3D_TRANSPOSE ->
          fans
              + "For this {@code (in, out/groups, k...)} weight fan_in counts the output channels"
              + " per group and fan_out the input channels; Keras' {@code (k..., filters, in)}"
              + " kernel also gives fan_in from the filters (Keras has no grouped transposed"
              + " convolution).";
      case DEPTHWISE_CONV2D ->
          fans
              + "Each output channel sees one input channel, so fan_in is the kernel area only;"
              + " Keras' depthwise kernel {@code (kh, kw, in, depthMultiplier)} gives fan_in ="
              + " kh*kw*in and fan_out = kh*kw*depthMultiplier instead.";
      case SEPARABLE_CONV2D ->
          "Fans: PyTorch's {@code fan_in = size(1) * prod(k)} and {@code fan_out = size(0) *"
              + " prod(k)} of the depthwise weight are "
              + fanIn
              + " and "
              + fanOut
              + ": fan_in is the kernel area only, as each output channel sees one input"
              + " channel (Keras' depthwise kernel {@code (kh, kw, in, depthMultiplier)} gives"
              + " fan_in = kh*kw*in). The pointwise weight's fan_in is in*depthMultiplier, as in"
              + " Keras.";
      default ->
          s.groups() > 1
              ? fans
                  + "With groups, fan_in counts the input channels of one group (in/groups), as"
                  + " Keras' {@code (k..., in/groups, filters)} kernel does."
              : fans + "The same as Keras' fans of its {@code (k..., in, out)} kernel.";
    };
  }

  private static boolean hasExplicit(LayerPlan layer) {
    for (WeightPlan w : layer.weights()) {
      if (fill(w).explicit().isPresent()) {
        return true;
      }
    }
    return false;
  }

  private static TorchWeightFill fill(WeightPlan w) {
    return (TorchWeightFill) w.fill();
  }

  static String moduleField(LayerPlan layer) {
    return Names.weightField(layer.spec().name(), "module");
  }

  private static String modelName(ModelPlan plan) {
    return plan.spec().simpleNames().get(plan.spec().simpleNames().size() - 1);
  }
}
