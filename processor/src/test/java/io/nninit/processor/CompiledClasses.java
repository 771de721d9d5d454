package io.nninit.processor;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import javax.tools.JavaFileObject;

/**
 * Loads the class files of a compile-testing compilation, runtime classes from the test's loader.
 */
final class CompiledClasses extends ClassLoader {
  private final Map<String, byte[]> classes = new HashMap<>();

  CompiledClasses(Compilation compilation) {
    super(CompiledClasses.class.getClassLoader());
    for (JavaFileObject f : compilation.generatedFiles()) {
      if (f.getKind() != JavaFileObject.Kind.CLASS) {
        continue;
      }
      String path = f.toUri().getPath();
      String name =
          path.substring(
                  path.indexOf("CLASS_OUTPUT/") + "CLASS_OUTPUT/".length(),
                  path.length() - ".class".length())
              .replace('/', '.');
      try (InputStream in = f.openInputStream()) {
        classes.put(name, in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    byte[] bytes = classes.get(name);
    if (bytes == null) {
      throw new ClassNotFoundException(name);
    }
    return defineClass(name, bytes, 0, bytes.length);
  }

  /** A new instance of model {@code name} and of its generated {@code _Layers} class. */
  Object[] newModel(String name, Long modelSeed) throws ReflectiveOperationException {
    Class<?> model = loadClass(name);
    var ctor = model.getDeclaredConstructor();
    ctor.setAccessible(true);
    Object instance = ctor.newInstance();
    Class<?> layers = loadClass(name + "_Layers");
    Object initializer;
    if (modelSeed == null) {
      var c = layers.getDeclaredConstructor(model);
      c.setAccessible(true);
      initializer = c.newInstance(instance);
    } else {
      var c = layers.getDeclaredConstructor(model, long.class);
      c.setAccessible(true);
      initializer = c.newInstance(instance, modelSeed);
    }
    return new Object[] {instance, initializer};
  }

  /** The value of field {@code field} of {@code model}. */
  static Object field(Object model, String field) throws ReflectiveOperationException {
    var f = model.getClass().getDeclaredField(field);
    f.setAccessible(true);
    return f.get(model);
  }
}
