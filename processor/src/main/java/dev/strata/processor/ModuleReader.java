package dev.strata.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import dev.strata.dsl.Buffer;
import dev.strata.dsl.Child;
import dev.strata.dsl.Forward;
import dev.strata.dsl.Hyper;
import dev.strata.dsl.Module;
import dev.strata.dsl.Param;
import dev.strata.dsl.Shape;
import dev.strata.processor.ModuleModel.DimSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import javax.tools.Diagnostic;

/**
 * Reads a {@code @Module} class into a {@link ModuleModel}, reporting every problem on the element that has it.
 * Reading goes on after an error so that one compilation shows all of them.
 */
final class ModuleReader {
  static final String BLOCK = "dev.strata.dsl.Block";
  static final String TENSOR = "dev.strata.dsl.Tensor";

  /** Members of the generated config and builder that a hyperparameter accessor or setter would clash with. */
  private static final Set<String> RESERVED = Set.of("builder", "toBuilder", "create", "toMap", "build", "hashCode",
      "toString", "getClass", "clone", "finalize", "notify", "notifyAll", "wait");

  private static final Pattern INTEGER = Pattern.compile("[0-9]+");
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");

  private final Messager messager;
  private final Types types;
  private final Elements elements;
  private boolean valid;

  ModuleReader(ProcessingEnvironment env) {
    this.messager = env.getMessager();
    this.types = env.getTypeUtils();
    this.elements = env.getElementUtils();
  }

  /** The model of {@code type}, or empty if it has errors (already reported). */
  Optional<ModuleModel> read(TypeElement type) {
    valid = true;
    checkClass(type);
    List<ModuleModel.Hyper> hypers = new ArrayList<>();
    List<ModuleModel.StateField> states = new ArrayList<>();
    for (VariableElement field : ElementFilter.fieldsIn(type.getEnclosedElements())) {
      readField(field, hypers, states);
    }
    checkStateNames(states);
    Map<String, ModuleModel.Hyper> hypersByName =
        hypers.stream().collect(Collectors.toMap(ModuleModel.Hyper::name, h -> h));
    List<ModuleModel.ForwardMethod> forwards = new ArrayList<>();
    for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
      if (method.getAnnotation(Forward.class) != null) {
        readForward(type, method, hypersByName).ifPresent(forwards::add);
      }
    }
    checkEntryNames(forwards);
    if (!valid) {
      return Optional.empty();
    }
    String name = type.getAnnotation(Module.class).name();
    return Optional.of(new ModuleModel(type, ClassName.get(type),
        name.isEmpty() ? type.getSimpleName().toString() : name, hypers, states, forwards));
  }

  private void checkClass(TypeElement type) {
    String name = type.getSimpleName().toString();
    if (!isSubtype(type.asType(), BLOCK)) {
      error(type, "@Module class " + name + " must extend " + BLOCK);
    }
    if (type.getModifiers().contains(Modifier.FINAL)) {
      error(type, "@Module class " + name + " must not be final: its generated " + name + "Module extends it");
    }
    if (type.getModifiers().contains(Modifier.ABSTRACT)) {
      error(type, "@Module class " + name + " must not be abstract");
    }
    if (type.getModifiers().contains(Modifier.PRIVATE)) {
      error(type, "@Module class " + name + " must not be private");
    }
    if (type.getNestingKind() == NestingKind.MEMBER && !type.getModifiers().contains(Modifier.STATIC)) {
      error(type, "@Module class " + name + " must be static: an inner class cannot be created on its own");
    }
    if (!type.getTypeParameters().isEmpty()) {
      error(type, "@Module class " + name + " must not be generic");
    }
    boolean hasNoArgConstructor = ElementFilter.constructorsIn(type.getEnclosedElements()).stream()
        .anyMatch(c -> c.getParameters().isEmpty() && !c.getModifiers().contains(Modifier.PRIVATE));
    // A private class's implicit constructor is private too; that error is already reported.
    if (!hasNoArgConstructor && !type.getModifiers().contains(Modifier.PRIVATE)) {
      error(type, "@Module class " + name + " needs a non-private constructor without parameters");
    }
  }

  private void readField(VariableElement field, List<ModuleModel.Hyper> hypers,
      List<ModuleModel.StateField> states) {
    Hyper hyper = field.getAnnotation(Hyper.class);
    Param param = field.getAnnotation(Param.class);
    Buffer buffer = field.getAnnotation(Buffer.class);
    Child child = field.getAnnotation(Child.class);
    long roles = Stream.of(hyper, param, buffer, child).filter(a -> a != null).count();
    if (roles == 0) {
      return;
    }
    String name = field.getSimpleName().toString();
    if (roles > 1) {
      error(field, "field '" + name + "' has more than one of @Hyper, @Param, @Buffer, @Child");
      return;
    }
    String role = hyper != null ? "@Hyper" : param != null ? "@Param" : buffer != null ? "@Buffer" : "@Child";
    for (Modifier m : List.of(Modifier.PRIVATE, Modifier.FINAL, Modifier.STATIC)) {
      if (field.getModifiers().contains(m)) {
        error(field, role + " field '" + name + "' must not be " + m + ": the generated module assigns it");
      }
    }
    if (hyper != null) {
      readHyper(field, hyper).ifPresent(hypers::add);
      return;
    }
    TypeMirror type = field.asType();
    if (type.getKind() == TypeKind.ERROR) {
      valid = false; // javac reports the missing type itself
    } else if (child != null) {
      if (!isSubtype(type, BLOCK) && !isBlockList(type)) {
        error(field, "@Child field '" + name + "' has type " + type + "; allowed: a " + BLOCK
            + " subtype or a java.util.List of one");
      }
    } else if (!isType(type, TENSOR)) {
      error(field, role + " field '" + name + "' has type " + type + "; allowed: " + TENSOR);
    }
    String key = param != null ? param.value() : buffer != null ? buffer.value() : child.value();
    key = key.isEmpty() ? name : key;
    if (key.contains(".")) {
      error(field, "state-dict name '" + key + "' of field '" + name + "' must not contain '.'");
    }
    states.add(new ModuleModel.StateField(field, name, key));
  }

  private Optional<ModuleModel.Hyper> readHyper(VariableElement field, Hyper hyper) {
    String name = field.getSimpleName().toString();
    TypeMirror type = field.asType();
    if (type.getKind() == TypeKind.ERROR) {
      valid = false;
      return Optional.empty();
    }
    HyperKind kind = hyperKind(type);
    if (kind == null) {
      error(field, "@Hyper field '" + name + "' has unsupported type " + type
          + "; allowed: int, long, float, double, boolean, String, int[], enums");
      return Optional.empty();
    }
    if (RESERVED.contains(name)) {
      error(field, "@Hyper field '" + name + "' clashes with a method of the generated config; rename it");
    }
    List<String> constants = kind == HyperKind.ENUM ? enumConstants(type) : List.of();
    double min = hyper.min();
    double max = hyper.max();
    boolean bounded = min != Double.NEGATIVE_INFINITY || max != Double.POSITIVE_INFINITY;
    if (bounded && !kind.isNumeric()) {
      error(field, "@Hyper field '" + name + "' has min/max, which apply only to numbers");
    }
    if (min > max) {
      error(field, "@Hyper field '" + name + "' has min " + HyperKind.formatBound(min) + " above its max "
          + HyperKind.formatBound(max));
    }
    String text = hyper.value().equals(Hyper.REQUIRED) ? null : hyper.value();
    Object value = null;
    if (text != null) {
      value = kind.parse(text, constants);
      if (value == null) {
        String what = kind == HyperKind.ENUM
            ? "a constant of " + types.asElement(type).getSimpleName() + " (" + String.join(", ", constants) + ")"
            : kind.description();
        error(field, "@Hyper default '" + text + "' of '" + name + "' is not " + what);
      } else if (kind.isNumeric()) {
        for (double v : HyperKind.numbers(value)) {
          if (v < min || v > max) {
            error(field, "@Hyper default '" + text + "' of '" + name + "' is "
                + (v < min ? "below its minimum " + HyperKind.formatBound(min)
                    : "above its maximum " + HyperKind.formatBound(max)));
            break;
          }
        }
      }
    }
    return Optional.of(new ModuleModel.Hyper(field, name, kind, TypeName.get(type), constants, text, value, min,
        max, hyper.doc()));
  }

  private HyperKind hyperKind(TypeMirror type) {
    switch (type.getKind()) {
      case INT:
        return HyperKind.INT;
      case LONG:
        return HyperKind.LONG;
      case FLOAT:
        return HyperKind.FLOAT;
      case DOUBLE:
        return HyperKind.DOUBLE;
      case BOOLEAN:
        return HyperKind.BOOLEAN;
      case ARRAY:
        return ((ArrayType) type).getComponentType().getKind() == TypeKind.INT ? HyperKind.INT_ARRAY : null;
      case DECLARED:
        if (isType(type, "java.lang.String")) {
          return HyperKind.STRING;
        }
        return types.asElement(type).getKind() == ElementKind.ENUM ? HyperKind.ENUM : null;
      default:
        return null;
    }
  }

  private List<String> enumConstants(TypeMirror type) {
    return types.asElement(type).getEnclosedElements().stream()
        .filter(e -> e.getKind() == ElementKind.ENUM_CONSTANT)
        .map(e -> e.getSimpleName().toString())
        .toList();
  }

  /** Parameters, buffers and children share one namespace in the state dict. */
  private void checkStateNames(List<ModuleModel.StateField> states) {
    Map<String, String> owners = new HashMap<>();
    for (ModuleModel.StateField s : states) {
      String previous = owners.putIfAbsent(s.key(), s.fieldName());
      if (previous != null) {
        error(s.element(), "duplicate state-dict name '" + s.key() + "' (already used by field '" + previous + "')");
      }
    }
  }

  private Optional<ModuleModel.ForwardMethod> readForward(TypeElement owner, ExecutableElement method,
      Map<String, ModuleModel.Hyper> hypers) {
    boolean ok = true;
    String name = method.getSimpleName().toString();
    for (Modifier m : List.of(Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL, Modifier.ABSTRACT)) {
      if (method.getModifiers().contains(m)) {
        ok = error(method, "@Forward method '" + name + "' must not be " + m
            + ": the generated module overrides it to trace it");
      }
    }
    if (!method.getTypeParameters().isEmpty()) {
      ok = error(method, "@Forward method '" + name + "' must not be generic");
    }
    if (!method.getThrownTypes().isEmpty()) {
      ok = error(method, "@Forward method '" + name + "' must not declare exceptions");
    }
    if (method.isVarArgs()) {
      ok = error(method, "@Forward method '" + name + "' must not take varargs");
    }
    TypeMirror returned = method.getReturnType();
    if (returned.getKind() == TypeKind.ERROR) {
      ok = valid = false; // javac reports the missing type itself
    } else if (!isForwardResult(returned)) {
      ok = error(method, "@Forward method '" + name + "' has unsupported return type " + returned
          + "; allowed: Tensor, Tensor[], java.util.List<Tensor>");
    }
    List<ModuleModel.Parameter> parameters = new ArrayList<>();
    for (VariableElement p : method.getParameters()) {
      String pname = p.getSimpleName().toString();
      TypeMirror type = p.asType();
      boolean tensor = isType(type, TENSOR);
      if (type.getKind() == TypeKind.ERROR) {
        ok = valid = false;
      } else if (!tensor && !isForwardScalar(type)) {
        ok = error(p, "@Forward method '" + name + "' has parameter '" + pname + "' of unsupported type " + type
            + "; allowed: Tensor, int, long, float, double, boolean");
      }
      Shape shape = p.getAnnotation(Shape.class);
      List<DimSpec> dims = null;
      if (shape != null) {
        if (!tensor) {
          ok = error(p, "@Shape on parameter '" + pname + "' of '" + name + "', which is not a Tensor");
        } else {
          dims = parseShape(owner, p, shape.value(), hypers);
          ok &= dims != null;
        }
      }
      parameters.add(new ModuleModel.Parameter(pname, TypeName.get(type), dims,
          shape == null ? null : shape.dtype()));
    }
    ModuleModel.ForwardMethod forward = new ModuleModel.ForwardMethod(method, name, parameters,
        TypeName.get(returned), method.getAnnotation(Forward.class).training());
    if (ok && !forward.isEntry() && parameters.stream().anyMatch(p -> p.shape() != null)) {
      messager.printMessage(Diagnostic.Kind.WARNING, "@Forward method '" + name
          + "' is not an entry point: only some of its parameters have a @Shape", method);
    }
    return ok ? Optional.of(forward) : Optional.empty();
  }

  /** Parses "N, inputChannels, 32"; null after reporting the first bad item. */
  private List<DimSpec> parseShape(TypeElement owner, VariableElement parameter, String text,
      Map<String, ModuleModel.Hyper> hypers) {
    String pname = parameter.getSimpleName().toString();
    List<DimSpec> dims = new ArrayList<>();
    for (String raw : text.split(",", -1)) {
      String item = raw.trim();
      if (item.isEmpty()) {
        error(parameter, "@Shape of '" + pname + "' has an empty item: \"" + text + "\"");
        return null;
      }
      if (INTEGER.matcher(item).matches()) {
        try {
          dims.add(new DimSpec.Fixed(Long.parseLong(item)));
        } catch (NumberFormatException e) {
          error(parameter, "@Shape of '" + pname + "' has size " + item + ", which is too large");
          return null;
        }
      } else if (!IDENTIFIER.matcher(item).matches()) {
        error(parameter, "@Shape of '" + pname + "' has item '" + item
            + "', which is not an integer, a symbol (N) or an int @Hyper");
        return null;
      } else if (Character.isUpperCase(item.charAt(0))) {
        dims.add(new DimSpec.Symbol(item));
      } else {
        ModuleModel.Hyper hyper = hypers.get(item);
        if (hyper == null || !hyper.kind().isDimension()) {
          error(parameter, "@Shape of '" + pname + "' names '" + item + "', which is not an int @Hyper of "
              + owner.getSimpleName());
          return null;
        }
        dims.add(new DimSpec.FromHyper(item));
      }
    }
    return dims;
  }

  /** Overloaded forward methods can be entry points only under distinct names. */
  private void checkEntryNames(List<ModuleModel.ForwardMethod> forwards) {
    Map<String, ModuleModel.ForwardMethod> seen = new LinkedHashMap<>();
    for (ModuleModel.ForwardMethod f : forwards) {
      if (f.isEntry() && seen.putIfAbsent(f.name(), f) != null) {
        error(f.element(), "duplicate entry point '" + f.name() + "': only one overload may have @Shape inputs");
      }
    }
  }

  private boolean isForwardScalar(TypeMirror type) {
    return switch (type.getKind()) {
      case INT, LONG, FLOAT, DOUBLE, BOOLEAN -> true;
      default -> false;
    };
  }

  private boolean isForwardResult(TypeMirror type) {
    if (isType(type, TENSOR)) {
      return true;
    }
    if (type.getKind() == TypeKind.ARRAY) {
      return isType(((ArrayType) type).getComponentType(), TENSOR);
    }
    if (type.getKind() == TypeKind.DECLARED && isErasure(type, "java.util.List")) {
      List<? extends TypeMirror> args = ((DeclaredType) type).getTypeArguments();
      return args.size() == 1 && isType(args.get(0), TENSOR);
    }
    return false;
  }

  /** {@code List<X>} or {@code List<? extends X>} with X a Block. */
  private boolean isBlockList(TypeMirror type) {
    if (type.getKind() != TypeKind.DECLARED || !isErasure(type, "java.util.List")) {
      return false;
    }
    List<? extends TypeMirror> args = ((DeclaredType) type).getTypeArguments();
    if (args.size() != 1) {
      return false;
    }
    TypeMirror arg = args.get(0);
    if (arg.getKind() == TypeKind.WILDCARD) {
      arg = ((javax.lang.model.type.WildcardType) arg).getExtendsBound();
    }
    return arg != null && isSubtype(arg, BLOCK);
  }

  private boolean isType(TypeMirror type, String qualifiedName) {
    return type.getKind() == TypeKind.DECLARED
        && ((TypeElement) types.asElement(type)).getQualifiedName().contentEquals(qualifiedName);
  }

  private boolean isErasure(TypeMirror type, String qualifiedName) {
    return isType(types.erasure(type), qualifiedName);
  }

  private boolean isSubtype(TypeMirror type, String qualifiedName) {
    TypeElement target = elements.getTypeElement(qualifiedName);
    return target != null && types.isSubtype(types.erasure(type), types.erasure(target.asType()));
  }

  /** Reports an error and returns false, so checks can read {@code ok = error(...)}. */
  private boolean error(Element element, String message) {
    messager.printMessage(Diagnostic.Kind.ERROR, message, element);
    valid = false;
    return false;
  }
}
