package io.nninit.processor;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Decides shapes, channels, initializers and seed order for one convention. Each convention has its
 * own implementation ({@link KerasPlanner}); {@link #plan} either returns a plan or the problems
 * that prevent one.
 */
interface ConventionPlanner {
  /** A plan or problems, never both. */
  record Result(@Nullable ModelPlan plan, List<Problem> problems) {
    public Result {
      problems = List.copyOf(problems);
    }

    static Result of(ModelPlan plan) {
      return new Result(plan, List.of());
    }

    static Result failed(List<Problem> problems) {
      return new Result(null, problems);
    }
  }

  /** Plans a model the validator accepted. */
  Result plan(ModelSpec model);
}
