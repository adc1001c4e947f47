package dev.strata.processor;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.strata.processor.ModuleModel.ForwardMethod;
import dev.strata.processor.ModuleModel.Hyper;
import dev.strata.processor.ModuleModel.Parameter;
import dev.strata.processor.ModuleModel.StateField;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;

/**
 * Generates {@code <Name>Module}, the subclass that is actually instantiated: it assigns hyperparameters, registers
 * state under state-dict names, and overrides each {@code @Forward} method so that calls go through the tracer.
 */
final class ModuleGenerator {
  private static final ClassName TENSOR = ClassName.get("dev.strata.dsl", "Tensor");
  private static final Set<Modifier> VISIBILITY = Set.of(Modifier.PUBLIC, Modifier.PROTECTED);

  private final ModuleModel model;

  private ModuleGenerator(ModuleModel model) {
    this.model = model;
  }

  static JavaFile generate(ModuleModel model) {
    return new ModuleGenerator(model).file();
  }

  private JavaFile file() {
    ClassName module = model.moduleName();
    TypeSpec.Builder type = TypeSpec.classBuilder(module)
        .addModifiers(Modifier.FINAL)
        .superclass(model.className())
        .addAnnotation(Generation.annotation())
        .addOriginatingElement(model.element())
        .addJavadoc("The traced form of {@link $T}; create it with {@link $T#create()}.\n", model.className(),
            model.configName())
        .addMethod(create())
        .addMethod(MethodSpec.methodBuilder("typeName")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .returns(String.class)
            .addStatement("return $S", model.typeName())
            .build());
    for (ForwardMethod f : model.forwards()) {
      type.addMethod(forward(f));
    }
    return JavaFile.builder(module.packageName(), type.build()).skipJavaLangImports(true).build();
  }

  private MethodSpec create() {
    ClassName module = model.moduleName();
    MethodSpec.Builder method = MethodSpec.methodBuilder("create")
        .addModifiers(Modifier.STATIC)
        .returns(model.className())
        .addParameter(model.configName(), "config")
        .addStatement("$T m = new $T()", module, module);
    for (Hyper h : model.hypers()) {
      method.addStatement("m.$N = config.$N()", h.name(), h.name());
    }
    method.addStatement("m.build()");
    for (StateField s : model.states()) {
      method.addStatement("m.register($S, m.$N)", s.key(), s.fieldName());
    }
    return method.addStatement("return m").build();
  }

  /** {@code return (R) call("forward", List.of("x"), a -> super.forward((Tensor) a[0]), x);} */
  private MethodSpec forward(ForwardMethod f) {
    List<String> names = f.parameters().stream().map(Parameter::name).toList();
    String args = "a";
    while (names.contains(args)) {
      args += "_"; // the lambda parameter must not shadow a method parameter
    }
    List<CodeBlock> unpacked = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      unpacked.add(CodeBlock.of("($T) $N[$L]", f.parameters().get(i).type(), args, i));
    }
    CodeBlock argNames = CodeBlock.of("$T.of($L)", List.class,
        names.stream().map(n -> CodeBlock.of("$S", n)).collect(CodeBlock.joining(", ")));
    CodeBlock passed = names.stream().map(n -> CodeBlock.of(", $N", n)).collect(CodeBlock.joining(""));
    MethodSpec.Builder method = MethodSpec.methodBuilder(f.name())
        .addAnnotation(Override.class)
        .addModifiers(f.element().getModifiers().stream().filter(VISIBILITY::contains).collect(Collectors.toSet()))
        .returns(f.returnType())
        .addStatement("return ($T) call($S, $L, $N -> super.$N($L)$L)", f.returnType(), f.name(), argNames, args,
            f.name(), CodeBlock.join(unpacked, ", "), passed);
    for (Parameter p : f.parameters()) {
      method.addParameter(p.type(), p.name());
    }
    if (!f.returnType().equals(TENSOR) && !(f.returnType() instanceof com.palantir.javapoet.ArrayTypeName)) {
      // call() returns Object; the cast to List<Tensor> is safe because the tracer rebuilds the same shape.
      method.addAnnotation(AnnotationSpec.builder(SuppressWarnings.class).addMember("value", "$S", "unchecked")
          .build());
    }
    return method.build();
  }
}
