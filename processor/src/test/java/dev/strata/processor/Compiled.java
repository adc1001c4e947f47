package dev.strata.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;
import javax.tools.JavaFileObject;

/** Compiles sources with the processor and loads the resulting classes, so tests can run generated code. */
final class Compiled {
  private final ClassLoader loader;

  private Compiled(ClassLoader loader) {
    this.loader = loader;
  }

  /** Each source is the text of one file in package {@code p}; its first type names the file. */
  static Compilation compile(String... sources) {
    JavaFileObject[] files = new JavaFileObject[sources.length];
    for (int i = 0; i < sources.length; i++) {
      files[i] = source(sources[i]);
    }
    return Compiler.javac().withProcessors(new ModuleProcessor()).compile(files);
  }

  static Compilation compile(JavaFileObject source) {
    return Compiler.javac().withProcessors(new ModuleProcessor()).compile(source);
  }

  static JavaFileObject source(String text) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?:class|enum|interface|record) (\\w+)").matcher(text);
    if (!m.find()) {
      throw new IllegalArgumentException("no type in " + text);
    }
    return JavaFileObjects.forSourceString("p." + m.group(1), text);
  }

  /** Compiles, expects success, and loads the classes (sources and generated) in a fresh class loader. */
  static Compiled load(String... sources) {
    Compilation c = compile(sources);
    assertThat(c).succeededWithoutWarnings();
    Map<String, byte[]> classes = new HashMap<>();
    for (JavaFileObject f : c.generatedFiles()) {
      String path = f.toUri().getPath();
      int at = path.indexOf("CLASS_OUTPUT/");
      if (f.getKind() == JavaFileObject.Kind.CLASS && at >= 0) {
        String name = path.substring(at + "CLASS_OUTPUT/".length(), path.length() - ".class".length());
        try (InputStream in = f.openInputStream()) {
          classes.put(name.replace('/', '.'), in.readAllBytes());
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return new Compiled(new ClassLoader(Compiled.class.getClassLoader()) {
      @Override
      protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes = classes.get(name);
        if (bytes == null) {
          throw new ClassNotFoundException(name);
        }
        return defineClass(name, bytes, 0, bytes.length);
      }
    });
  }

  Class<?> type(String name) {
    try {
      return loader.loadClass("p." + name);
    } catch (ClassNotFoundException e) {
      throw new AssertionError(e);
    }
  }

  /** Calls a static method of {@code p.<type>}. */
  Object callStatic(String type, String method, Object... args) {
    return invoke(type(type), null, method, args);
  }

  /** Calls a public method on {@code target}; unwraps exceptions the method throws. */
  static Object call(Object target, String method, Object... args) {
    return invoke(target.getClass(), target, method, args);
  }

  private static Object invoke(Class<?> type, Object target, String name, Object... args) {
    for (Method m : type.getMethods()) {
      if (m.getName().equals(name) && m.getParameterCount() == args.length && accepts(m, args)) {
        try {
          return m.invoke(target, args);
        } catch (InvocationTargetException e) {
          if (e.getCause() instanceof RuntimeException r) {
            throw r;
          }
          throw new AssertionError(e.getCause());
        } catch (IllegalAccessException e) {
          throw new AssertionError(e);
        }
      }
    }
    throw new AssertionError("no method " + name + " on " + type);
  }

  private static boolean accepts(Method m, Object[] args) {
    Class<?>[] params = m.getParameterTypes();
    for (int i = 0; i < args.length; i++) {
      Class<?> p = params[i].isPrimitive() ? box(params[i]) : params[i];
      if (args[i] != null && !p.isInstance(args[i])) {
        return false;
      }
    }
    return true;
  }

  private static Class<?> box(Class<?> primitive) {
    return java.lang.invoke.MethodType.methodType(primitive).wrap().returnType();
  }
}
