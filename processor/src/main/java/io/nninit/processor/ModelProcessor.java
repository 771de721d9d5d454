package io.nninit.processor;

import static java.util.Objects.requireNonNull;

import com.google.auto.service.AutoService;
import io.nninit.annotation.Convention;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedOptions;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * Generates {@code <Model>_Layers} for every class with {@code @Layer} fields (or {@code @Model}):
 * allocation and Keras- or PyTorch-exact initialization of its weights. Reports problems as errors
 * on the exact annotation value and never throws out of {@link #process}.
 *
 * <p>It also warns about initializations that would shrink or grow the signal ({@code
 * [nninit.signal]}: the predicted variance factor of a run of layers between batch normalizations
 * leaves {@code [1/t, t]}, {@code t} = 10 or the option {@code -Anninit.lint.threshold=t}) and
 * about kernels whose weights are all equal ({@code [nninit.symmetry]}).
 * {@code @SuppressWarnings("nninit.signal")} or {@code ("nninit.symmetry")} on the model class
 * turns them off for that model.
 */
@AutoService(Processor.class)
@SupportedOptions(SignalLint.OPTION)
public final class ModelProcessor extends AbstractProcessor {
  private final Set<String> deferred = new LinkedHashSet<>();
  private Elements elements;
  private ModelReader reader;
  private ModelValidator validator;
  private Diagnostics diagnostics;
  private LayersWriter writer;
  private final ShapeInference shapes = new ShapeInference();
  private double threshold = 10.0;

  /** Created by javac through the service loader. */
  public ModelProcessor() {}

  @Override
  public synchronized void init(ProcessingEnvironment env) {
    super.init(env);
    elements = env.getElementUtils();
    reader = new ModelReader(elements, env.getTypeUtils());
    validator = new ModelValidator();
    diagnostics = new Diagnostics(env.getMessager());
    writer =
        new LayersWriter(elements.getTypeElement("javax.annotation.processing.Generated") != null);
    String option = env.getOptions().get(SignalLint.OPTION);
    if (option != null) {
      double t;
      try {
        t = Double.parseDouble(option.trim());
      } catch (NumberFormatException e) {
        t = Double.NaN;
      }
      if (t > 1.0 && !Double.isInfinite(t)) {
        threshold = t;
      } else {
        diagnostics.badOption(Message.LINT_OPTION.text(option));
      }
    }
  }

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of(ModelReader.LAYER, ModelReader.MODEL);
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    if (round.processingOver()) {
      if (!round.errorRaised()) {
        for (String name : deferred) {
          TypeElement model = elements.getTypeElement(name);
          if (model != null) {
            String pkg = elements.getPackageOf(model).getQualifiedName().toString();
            String local = pkg.isEmpty() ? name : name.substring(pkg.length() + 1);
            diagnostics.unresolvedTypes(model, local.replace('.', '_') + "_Layers");
          }
        }
      }
      return false;
    }
    Set<TypeElement> models = new LinkedHashSet<>();
    for (String name : deferred) {
      TypeElement model = elements.getTypeElement(name);
      if (model != null) {
        models.add(model);
      }
    }
    deferred.clear();
    List<Element> annotated = new ArrayList<>();
    TypeElement layer = elements.getTypeElement(ModelReader.LAYER);
    TypeElement modelAnnotation = elements.getTypeElement(ModelReader.MODEL);
    if (modelAnnotation != null) {
      annotated.addAll(round.getElementsAnnotatedWith(modelAnnotation));
    }
    if (layer != null) {
      annotated.addAll(round.getElementsAnnotatedWith(layer));
    }
    for (Element e : annotated) {
      Element model = e instanceof TypeElement ? e : e.getEnclosingElement();
      if (model instanceof TypeElement t) {
        models.add(t);
      }
    }
    for (TypeElement model : models) {
      try {
        ModelSpec spec = reader.read(model);
        List<Problem> problems = new ArrayList<>(validator.validate(spec));
        if (!problems.isEmpty()) {
          problems.addAll(shapes.geometryProblems(spec));
          diagnostics.report(problems);
          continue;
        }
        ShapeInference.Result shaped = shapes.infer(spec);
        if (!shaped.problems().isEmpty()) {
          diagnostics.report(shaped.problems());
          continue;
        }
        ConventionPlanner planner =
            spec.convention() == Convention.PYTORCH ? new TorchPlanner() : new KerasPlanner();
        ConventionPlanner.Result result = planner.plan(shaped.spec());
        if (!result.problems().isEmpty()) {
          diagnostics.report(result.problems());
          continue;
        }
        ModelPlan plan = SignalLint.analyze(requireNonNull(result.plan()), shaped);
        diagnostics.warn(SignalLint.warnings(plan, threshold));
        writer.write(plan).writeTo(processingEnv.getFiler());
      } catch (MissingTypeException e) {
        deferred.add(model.getQualifiedName().toString());
      } catch (IOException | RuntimeException e) {
        diagnostics.internalError(model, e);
      }
    }
    return false;
  }
}
