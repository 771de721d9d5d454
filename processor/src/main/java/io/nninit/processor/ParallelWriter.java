package io.nninit.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import io.nninit.runtime.spec.KerasOp;
import io.nninit.runtime.spec.TorchInitializer;
import io.nninit.runtime.spec.TorchKernel;
import javax.lang.model.element.Modifier;

/**
 * Writes the multi-threaded side of a {@code <Model>_Layers} class. The fill statements of the
 * random uniform and normal draws go through a {@code ParallelInitializer} named {@value
 * #PARAMETER} (see {@link #fillsInParallel}); {@code initialize(long, ParallelInitializer)} and a
 * per-layer overload take it as a parameter, and the single-threaded methods pass {@value #SERIAL},
 * a one-thread initializer that runs everything on the calling thread with the same bits. So every
 * weight has exactly one fill statement, whatever the number of threads.
 */
final class ParallelWriter {
  static final ClassName PARALLEL = ClassName.get(LayerTypes.RUNTIME, "ParallelInitializer");

  /** The parameter name of the {@code ParallelInitializer} in generated methods. */
  static final String PARAMETER = "parallel";

  /** The field of the one-thread initializer behind the single-threaded methods. */
  static final String SERIAL = "serial";

  /** The class Javadoc's paragraph on threads. */
  static final String CLASS_JAVADOC =
      "\n<p>{@link #initialize(long, ParallelInitializer)} gives the same bits with large"
          + " tensors split across\n"
          + "threads; the methods without a {@code ParallelInitializer} fill on the calling"
          + " thread.\n";

  private static final String CHECK = "checkParallel";

  private ParallelWriter() {}

  /** Whether the weight's Keras initializer is filled through the {@code ParallelInitializer}. */
  static boolean fillsInParallel(KerasOp op) {
    return op instanceof KerasOp.Uniform
        || op instanceof KerasOp.Normal
        || op instanceof KerasOp.TruncatedNormal;
  }

  /** Whether the PyTorch kernel is filled through the {@code ParallelInitializer}. */
  static boolean fillsInParallel(TorchKernel kernel) {
    return kernel instanceof TorchKernel.Uniform
        || kernel instanceof TorchKernel.Normal
        || kernel instanceof TorchKernel.TruncNormal;
  }

  /** Whether any fill statement of the layer goes through the {@code ParallelInitializer}. */
  static boolean fillsInParallel(LayerPlan layer) {
    for (WeightPlan w : layer.weights()) {
      if (w.fill() instanceof KerasWeightFill k && fillsInParallel(k.plan().op())) {
        return true;
      }
      if (w.fill() instanceof TorchWeightFill t
          && (fillsInParallel(t.construction().kernel())
              || t.explicit()
                  .map(TorchInitializer::kernel)
                  .filter(ParallelWriter::fillsInParallel)
                  .isPresent())) {
        return true;
      }
    }
    return false;
  }

  /** The one-thread initializer. */
  static void addFields(TypeSpec.Builder type) {
    type.addField(
        FieldSpec.builder(PARALLEL, SERIAL, Modifier.PRIVATE, Modifier.FINAL)
            .addJavadoc(
                "One thread, the caller's: the single-threaded methods fill through it, with the"
                    + " kernels'\n"
                    + "bits (it starts no thread and needs no closing).\n")
            .initializer("new $T(1)", PARALLEL)
            .build());
  }

  /** {@code initialize(ParallelInitializer)}: the current model seed, on several threads. */
  static MethodSpec initializeCurrent() {
    return MethodSpec.methodBuilder("initialize")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .returns(long.class)
        .addParameter(PARALLEL, PARAMETER)
        .addJavadoc(
            "Re-initializes every weight in place with the current model seed, as {@link"
                + " #initialize(long,\n"
                + "ParallelInitializer)} does.\n\n"
                + "@return the model seed\n"
                + "@throws IllegalArgumentException if {@code parallel} is null or closed, before"
                + " anything changes\n")
        .addStatement("return initialize(modelSeed, $N)", PARAMETER)
        .build();
  }

  /** The Javadoc of {@code initialize(long, ParallelInitializer)}: what goes where. */
  static CodeBlock initializeJavadoc(boolean torch) {
    CodeBlock.Builder doc =
        CodeBlock.builder()
            .add(
                "Re-initializes every weight in place as {@link #initialize(long)} does, with the"
                    + " same bits\n"
                    + "whatever {@code parallel}'s thread count, filling large tensors on several"
                    + " threads.\n\n");
    if (torch) {
      doc.add(
          "<p>Every {@code uniform_}, {@code normal_} and {@code trunc_normal_} draw ({@code"
              + " kaiming_*}, {@code"
              + " xavier_*} and the\n"
              + "modules' default initialization included) goes through {@code parallel}, which"
              + " splits tensors of\n"
              + "{@link ParallelInitializer#TORCH_MIN_PARALLEL_ELEMENTS} or more elements across"
              + " its threads (each\n"
              + "jumps its own copy of the generator to its slice) and leaves the generator where"
              + " one thread\n"
              + "would. {@code orthogonal_}, {@code sparse_}, constants,"
              + " {@code eye_} and\n"
              + "{@code dirac_} run on the calling thread.\n\n");
    } else {
      doc.add(
          "<p>Every {@code random_uniform}, {@code random_normal} and {@code truncated_normal}"
              + " draw (the\n"
              + "variance-scaling initializers {@code he_*}, {@code glorot_*}, {@code lecun_*}"
              + " included) goes through\n"
              + "{@code parallel}, which splits tensors of {@link"
              + " ParallelInitializer#MIN_PARALLEL_ELEMENTS} or more\n"
              + "elements across its threads; constants, {@code identity} and {@code orthogonal}"
              + " run on the\n"
              + "calling thread.\n\n");
    }
    return doc.add(
            "<p>Allocates nothing on the calling thread after warm-up (with {@code new"
                + " ParallelInitializer(threads)},\n"
                + "on no thread; an executor may allocate to queue the parts). {@code parallel}"
                + " serves one\n"
                + "initialization at a time and stays open for the next; the caller closes it."
                + " {@link #modelSeed()}\n"
                + "becomes {@code modelSeed} once every weight is filled.\n\n"
                + "@return {@code modelSeed}\n")
        .add(
            torch
                ? "@throws IllegalArgumentException if {@code parallel} is null or closed, before"
                    + " anything changes\n"
                : "@throws IllegalArgumentException if {@code modelSeed} is outside {@code [0,"
                    + " 2^32)}, or {@code parallel}\n"
                    + "    is null or closed, before anything changes\n")
        .build();
  }

  /** {@code checkParallel(parallel);}: first statement of every method taking one. */
  static CodeBlock check() {
    return CodeBlock.builder().addStatement("$N($N)", CHECK, PARAMETER).build();
  }

  /** {@code checkParallel}: null or closed throws before anything changes. */
  static MethodSpec checkMethod() {
    return MethodSpec.methodBuilder(CHECK)
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addParameter(PARALLEL, PARAMETER)
        .beginControlFlow("if ($N == null)", PARAMETER)
        .addStatement(
            "throw new $T($S)",
            IllegalArgumentException.class,
            "parallel is null; pass a ParallelInitializer, e.g. new ParallelInitializer("
                + "Runtime.getRuntime().availableProcessors()), or call the method without it to"
                + " fill on the calling thread")
        .endControlFlow()
        .addStatement("$N.checkOpen()", PARAMETER)
        .build();
  }

  /**
   * A layer's public method pair: {@code initConv1()} on the calling thread, with {@code doc}, and
   * {@code initConv1(ParallelInitializer)} holding the fill statements of {@code body}.
   */
  static MethodSpec[] layerMethods(
      String name, Modifier[] visibility, CodeBlock doc, CodeBlock body) {
    MethodSpec serial =
        MethodSpec.methodBuilder(name)
            .addModifiers(visibility)
            .addJavadoc(doc)
            .addJavadoc(
                "\n<p>On the calling thread alone: {@link #$N(ParallelInitializer)} with one"
                    + " thread.\n",
                name)
            .addStatement("$N($N)", name, SERIAL)
            .build();
    MethodSpec parallel =
        MethodSpec.methodBuilder(name)
            .addModifiers(visibility)
            .addParameter(PARALLEL, PARAMETER)
            .addJavadoc(
                "As {@link #$N()}, with the same bits, its random uniform and normal tensors filled"
                    + " through\n"
                    + "{@code parallel} (see {@link #initialize(long, ParallelInitializer)})."
                    + " Allocates nothing on the\n"
                    + "calling thread.\n\n"
                    + "@throws IllegalArgumentException if {@code parallel} is null or closed,"
                    + " before anything changes\n",
                name)
            .addCode(check())
            .addCode(body)
            .build();
    return new MethodSpec[] {serial, parallel};
  }
}
