package io.nninit.processor;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;

/** Test sources and compilations. */
final class Sources {
  private Sources() {}

  /** A source file {@code test/<name>.java} with the usual imports prepended. */
  static JavaFileObject model(String name, String body) {
    return JavaFileObjects.forSourceString(
        "test." + name,
        """
        package test;

        import io.nninit.annotation.*;
        import io.nninit.runtime.*;

        """
            + body);
  }

  /** Compiles strictly, as a success case must: {@code -Xlint:all,-processing -Werror}. */
  static Compilation strict(JavaFileObject... sources) {
    return javac()
        .withProcessors(new ModelProcessor())
        .withOptions("-Xlint:all,-processing", "-Werror")
        .compile(sources);
  }
}
