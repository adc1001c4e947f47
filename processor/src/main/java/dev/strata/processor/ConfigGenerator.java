package dev.strata.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.strata.dsl.HyperSpec;
import dev.strata.processor.ModuleModel.Hyper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.lang.model.element.Modifier;

/**
 * Generates {@code <Name>Config}: the immutable hyperparameters of a module, with a builder that fills in defaults,
 * parses text ({@code --set kernelSize=3}) and checks ranges.
 */
final class ConfigGenerator {
  private static final ClassName ARRAYS = ClassName.get(Arrays.class);

  private final ModuleModel model;
  private final ClassName config;
  private final ClassName builder;
  /** How messages name the module: the class users write code against. */
  private final String owner;

  private ConfigGenerator(ModuleModel model) {
    this.model = model;
    this.config = model.configName();
    this.builder = config.nestedClass("Builder");
    this.owner = model.element().getSimpleName().toString();
  }

  static JavaFile generate(ModuleModel model) {
    return new ConfigGenerator(model).file();
  }

  private JavaFile file() {
    TypeSpec.Builder type = TypeSpec.classBuilder(config)
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .addAnnotation(Generation.annotation())
        .addOriginatingElement(model.element())
        .addJavadoc("Hyperparameters of {@link $T}. Generated from its {@code @Hyper} fields.\n", model.className())
        .addField(hypersField());
    MethodSpec.Builder constructor = MethodSpec.constructorBuilder()
        .addModifiers(Modifier.PRIVATE)
        .addParameter(builder, "builder");
    for (Hyper h : model.hypers()) {
      type.addField(h.type(), h.name(), Modifier.PRIVATE, Modifier.FINAL);
      constructor.addStatement("this.$N = builder.$N$L", h.name(), h.name(), isArray(h) ? ".clone()" : "");
    }
    type.addMethod(constructor.build())
        .addMethod(MethodSpec.methodBuilder("builder")
            .addJavadoc("A builder holding the defaults.\n")
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .returns(builder)
            .addStatement("return new $T()", builder)
            .build())
        .addMethod(toBuilder());
    for (Hyper h : model.hypers()) {
      MethodSpec.Builder accessor = MethodSpec.methodBuilder(h.name())
          .addModifiers(Modifier.PUBLIC)
          .returns(h.type())
          .addStatement("return $N$L", h.name(), isArray(h) ? ".clone()" : "");
      if (!h.doc().isEmpty()) {
        accessor.addJavadoc("$L\n", h.doc());
      }
      type.addMethod(accessor.build());
    }
    return JavaFile.builder(config.packageName(), type
            .addMethod(MethodSpec.methodBuilder("create")
                .addJavadoc("Builds the module tree: hyperparameters assigned, {@code build()} run, state registered.\n")
                .addModifiers(Modifier.PUBLIC)
                .returns(model.className())
                .addStatement("return $T.create(this)", model.moduleName())
                .build())
            .addMethod(toMap())
            .addMethod(equalsMethod())
            .addMethod(hashCodeMethod())
            .addMethod(toStringMethod())
            .addType(BuilderGenerator.generate(model, config, builder, owner))
            .build())
        .skipJavaLangImports(true)
        .build();
  }

  private FieldSpec hypersField() {
    CodeBlock.Builder specs = CodeBlock.builder();
    for (int i = 0; i < model.hypers().size(); i++) {
      Hyper h = model.hypers().get(i);
      specs.add(i == 0 ? "\n" : ",\n")
          .add("new $T($S, $S, $S, $L, $L, $S)", HyperSpec.class, h.name(), h.typeText(), h.defaultText(),
              Literals.ofDouble(h.min()), Literals.ofDouble(h.max()), h.doc());
    }
    return FieldSpec.builder(ParameterizedTypeName.get(List.class, HyperSpec.class), "HYPERS",
            Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("Every hyperparameter in declaration order.\n")
        .initializer(model.hypers().isEmpty() ? CodeBlock.of("$T.of()", List.class)
            : CodeBlock.of("$T.of($>$>$L$<$<)", List.class, specs.build()))
        .build();
  }

  private MethodSpec toBuilder() {
    CodeBlock.Builder chain = CodeBlock.builder().add("return builder()");
    for (Hyper h : model.hypers()) {
      chain.add("\n.$N($N)", h.name(), h.name());
    }
    return MethodSpec.methodBuilder("toBuilder")
        .addJavadoc("A builder holding these values.\n")
        .addModifiers(Modifier.PUBLIC)
        .returns(builder)
        .addStatement(chain.build())
        .build();
  }

  /** Plain values for JSON and the IR: int[] as a list, enums by name. */
  private MethodSpec toMap() {
    TypeName mapType = ParameterizedTypeName.get(Map.class, String.class, Object.class);
    MethodSpec.Builder method = MethodSpec.methodBuilder("toMap")
        .addJavadoc("The hyperparameters by name in declaration order; {@code int[]} as {@code List<Integer>},"
            + " enums by name.\n")
        .addModifiers(Modifier.PUBLIC)
        .returns(mapType)
        .addStatement("$T map = new $T<>()", mapType, LinkedHashMap.class);
    for (Hyper h : model.hypers()) {
      CodeBlock value = switch (h.kind()) {
        case INT_ARRAY -> CodeBlock.of("$T.stream(this.$N).boxed().toList()", ARRAYS, h.name());
        case ENUM -> CodeBlock.of("this.$N.name()", h.name());
        default -> CodeBlock.of("this.$N", h.name());
      };
      method.addStatement("map.put($S, $L)", h.name(), value);
    }
    return method.addStatement("return map").build();
  }

  private MethodSpec equalsMethod() {
    MethodSpec.Builder method = MethodSpec.methodBuilder("equals")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .returns(boolean.class)
        .addParameter(Object.class, "o");
    if (model.hypers().isEmpty()) {
      return method.addStatement("return o instanceof $T", config).build();
    }
    List<CodeBlock> comparisons = new ArrayList<>();
    for (Hyper h : model.hypers()) {
      comparisons.add(switch (h.kind()) {
        case FLOAT -> CodeBlock.of("$T.compare(this.$N, that.$N) == 0", Float.class, h.name(), h.name());
        case DOUBLE -> CodeBlock.of("$T.compare(this.$N, that.$N) == 0", Double.class, h.name(), h.name());
        case STRING -> CodeBlock.of("this.$N.equals(that.$N)", h.name(), h.name());
        case INT_ARRAY -> CodeBlock.of("$T.equals(this.$N, that.$N)", ARRAYS, h.name(), h.name());
        default -> CodeBlock.of("this.$N == that.$N", h.name(), h.name());
      });
    }
    return method
        .beginControlFlow("if (o == this)")
        .addStatement("return true")
        .endControlFlow()
        .beginControlFlow("if (!(o instanceof $T that))", config)
        .addStatement("return false")
        .endControlFlow()
        .addStatement("return $L", CodeBlock.join(comparisons, "\n&& "))
        .build();
  }

  private MethodSpec hashCodeMethod() {
    List<CodeBlock> values = model.hypers().stream()
        .map(h -> isArray(h) ? CodeBlock.of("$T.hashCode(this.$N)", ARRAYS, h.name()) : CodeBlock.of("this.$N", h.name()))
        .toList();
    return MethodSpec.methodBuilder("hashCode")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .returns(int.class)
        .addStatement("return $T.hash($L)", Objects.class, CodeBlock.join(values, ", "))
        .build();
  }

  private MethodSpec toStringMethod() {
    CodeBlock.Builder text = CodeBlock.builder().add("$S", config.simpleName() + "{");
    for (int i = 0; i < model.hypers().size(); i++) {
      Hyper h = model.hypers().get(i);
      text.add("\n+ $S + ", (i == 0 ? "" : ", ") + h.name() + "=")
          .add(isArray(h) ? CodeBlock.of("$T.toString(this.$N)", ARRAYS, h.name()) : CodeBlock.of("this.$N", h.name()));
    }
    text.add(" + $S", "}");
    return MethodSpec.methodBuilder("toString")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .returns(String.class)
        .addStatement("return $L", text.build())
        .build();
  }

  static boolean isArray(Hyper h) {
    return h.kind() == HyperKind.INT_ARRAY;
  }
}
