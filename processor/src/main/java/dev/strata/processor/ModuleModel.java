package dev.strata.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import dev.strata.dsl.ir.DType;
import java.util.List;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;

/**
 * A {@code @Module} class as the generators see it: read and checked by {@link ModuleReader}, so generators never
 * meet an invalid declaration.
 */
record ModuleModel(TypeElement element, ClassName className, String typeName, List<Hyper> hypers,
    List<StateField> states, List<ForwardMethod> forwards) {

  ClassName configName() {
    return sibling("Config");
  }

  ClassName moduleName() {
    return sibling("Module");
  }

  ClassName graphName() {
    return sibling("Graph");
  }

  /** Generated types sit next to the class; a nested class's enclosing names are joined with '_'. */
  private ClassName sibling(String suffix) {
    return ClassName.get(className.packageName(), String.join("_", className.simpleNames()) + suffix);
  }

  List<ForwardMethod> entryPoints() {
    return forwards.stream().filter(ForwardMethod::isEntry).toList();
  }

  boolean allHypersHaveDefaults() {
    return hypers.stream().allMatch(h -> h.defaultText() != null);
  }

  /**
   * A {@code @Hyper} field.
   *
   * @param defaultText the default as written, {@code null} if required
   * @param defaultValue the default parsed by {@link HyperKind#parse}, {@code null} if required
   * @param enumConstants the constants of an enum type, otherwise empty
   */
  record Hyper(VariableElement element, String name, HyperKind kind, TypeName type, List<String> enumConstants,
      String defaultText, Object defaultValue, double min, double max, String doc) {
    /** The type as {@code HyperSpec.type} shows it. */
    String typeText() {
      return kind == HyperKind.ENUM ? ((ClassName) type).simpleName() : kind.javaName();
    }

    boolean hasMin() {
      return min != Double.NEGATIVE_INFINITY;
    }

    boolean hasMax() {
      return max != Double.POSITIVE_INFINITY;
    }
  }

  /** A {@code @Param}, {@code @Buffer} or {@code @Child} field and its state-dict name. */
  record StateField(VariableElement element, String fieldName, String key) {}

  /** A {@code @Forward} method; an entry point when every parameter is a {@code @Shape}d tensor. */
  record ForwardMethod(ExecutableElement element, String name, List<Parameter> parameters, TypeName returnType,
      boolean training) {
    boolean isEntry() {
      return !parameters.isEmpty() && parameters.stream().allMatch(p -> p.shape() != null);
    }
  }

  /**
   * A parameter of a {@code @Forward} method.
   *
   * @param shape the parsed {@code @Shape}, or {@code null} if the parameter has none
   */
  record Parameter(String name, TypeName type, List<DimSpec> shape, DType dtype) {}

  /** One item of a {@code @Shape}. */
  sealed interface DimSpec {
    record Fixed(long size) implements DimSpec {}

    record Symbol(String name) implements DimSpec {}

    record FromHyper(String hyper) implements DimSpec {}
  }
}
