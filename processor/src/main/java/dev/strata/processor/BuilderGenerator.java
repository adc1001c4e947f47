package dev.strata.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import com.palantir.javapoet.TypeVariableName;
import dev.strata.processor.ModuleModel.Hyper;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Objects;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;

/**
 * Generates {@code <Name>Config.Builder}. Its fields are boxed so that {@code null} means "not set", which is how
 * {@code build()} finds missing required hyperparameters.
 */
final class BuilderGenerator {
  private static final ClassName IAE = ClassName.get(IllegalArgumentException.class);

  private final ModuleModel model;
  private final ClassName config;
  private final ClassName builder;
  private final String owner;

  private BuilderGenerator(ModuleModel model, ClassName config, ClassName builder, String owner) {
    this.model = model;
    this.config = config;
    this.builder = builder;
    this.owner = owner;
  }

  static TypeSpec generate(ModuleModel model, ClassName config, ClassName builder, String owner) {
    return new BuilderGenerator(model, config, builder, owner).type();
  }

  private TypeSpec type() {
    TypeSpec.Builder type = TypeSpec.classBuilder(builder)
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("Collects hyperparameters for a {@link $T}; starts from the defaults.\n", config);
    for (Hyper h : model.hypers()) {
      FieldSpec.Builder field = FieldSpec.builder(h.type().box(), h.name(), Modifier.PRIVATE);
      if (h.defaultText() != null) {
        field.initializer(Literals.defaultValue(h));
      }
      type.addField(field.build());
    }
    type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
    for (Hyper h : model.hypers()) {
      type.addMethod(setter(h));
    }
    type.addMethod(set()).addMethod(build());
    addParsers(type);
    return type.addMethod(MethodSpec.methodBuilder("invalid")
            .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
            .returns(IAE)
            .addParameter(String.class, "name")
            .addParameter(String.class, "text")
            .addParameter(String.class, "expected")
            .addStatement("return new $T($S + name + $S + text + $S + expected)", IAE, "hyperparameter " + owner + ".",
                ": '", "' is not ")
            .build())
        .build();
  }

  private MethodSpec setter(Hyper h) {
    MethodSpec.Builder method = MethodSpec.methodBuilder(h.name())
        .addModifiers(Modifier.PUBLIC)
        .returns(builder)
        .addParameter(h.type(), h.name());
    if (!h.doc().isEmpty()) {
      method.addJavadoc("$L\n", h.doc());
    }
    switch (h.kind()) {
      case INT_ARRAY -> method.addStatement("this.$N = $N.clone()", h.name(), h.name());
      case STRING, ENUM -> method.addStatement("this.$N = $T.requireNonNull($N, $S)", h.name(), Objects.class,
          h.name(), h.name());
      default -> method.addStatement("this.$N = $N", h.name(), h.name());
    }
    return method.addStatement("return this").build();
  }

  /** Sets a hyperparameter from text, as command lines and config files give them. */
  private MethodSpec set() {
    MethodSpec.Builder method = MethodSpec.methodBuilder("set")
        .addJavadoc("Sets hyperparameter {@code name} from text: numbers, {@code true}/{@code false},"
            + " comma-separated ints, enum constant names.\n\n"
            + "@throws IllegalArgumentException if there is no such hyperparameter or the text does not parse\n")
        .addModifiers(Modifier.PUBLIC)
        .returns(builder)
        .addParameter(String.class, "name")
        .addParameter(String.class, "text");
    String known = model.hypers().isEmpty() ? "it has none"
        : "known: " + model.hypers().stream().map(Hyper::name).collect(Collectors.joining(", "));
    CodeBlock unknown = CodeBlock.of("throw new $T($S + name + $S)", IAE, "unknown hyperparameter '",
        "' of " + owner + " (" + known + ")");
    if (model.hypers().isEmpty()) {
      return method.addStatement(unknown).build();
    }
    CodeBlock.Builder cases = CodeBlock.builder().add("return switch (name) {\n$>");
    for (Hyper h : model.hypers()) {
      cases.add("case $S -> $N($L);\n", h.name(), h.name(), parse(h));
    }
    return method.addCode(cases.add("default -> $L;\n$<};\n", unknown).build()).build();
  }

  private CodeBlock parse(Hyper h) {
    return switch (h.kind()) {
      case INT -> CodeBlock.of("parseInt(name, text)");
      case LONG -> CodeBlock.of("parseLong(name, text)");
      case FLOAT -> CodeBlock.of("parseFloat(name, text)");
      case DOUBLE -> CodeBlock.of("parseDouble(name, text)");
      case BOOLEAN -> CodeBlock.of("parseBoolean(name, text)");
      case STRING -> CodeBlock.of("text");
      case INT_ARRAY -> CodeBlock.of("parseInts(name, text)");
      case ENUM -> CodeBlock.of("parseEnum(name, $T.class, text)", h.type());
    };
  }

  private MethodSpec build() {
    MethodSpec.Builder method = MethodSpec.methodBuilder("build")
        .addJavadoc("The config, once every required hyperparameter is set and every value is in range.\n\n"
            + "@throws IllegalArgumentException naming the first hyperparameter that is missing or out of range\n")
        .addModifiers(Modifier.PUBLIC)
        .returns(config);
    for (Hyper h : model.hypers()) {
      if (h.defaultText() == null) {
        method.beginControlFlow("if (this.$N == null)", h.name())
            .addStatement("throw new $T($S)", IAE, owner + "." + h.name() + " is required")
            .endControlFlow();
      }
    }
    for (Hyper h : model.hypers()) {
      if (!h.hasMin() && !h.hasMax()) {
        continue;
      }
      if (h.kind() == HyperKind.INT_ARRAY) {
        method.beginControlFlow("for (int i = 0; i < this.$N.length; i++)", h.name());
        checkRange(method, h, CodeBlock.of("this.$N[i]", h.name()),
            CodeBlock.of("$S + i + $S", owner + "." + h.name() + "[", "] = "));
        method.endControlFlow();
      } else {
        checkRange(method, h, CodeBlock.of("this.$N", h.name()), CodeBlock.of("$S", owner + "." + h.name() + " = "));
      }
    }
    return method.addStatement("return new $T(this)", config).build();
  }

  private void checkRange(MethodSpec.Builder method, Hyper h, CodeBlock value, CodeBlock label) {
    if (h.hasMin()) {
      method.beginControlFlow("if ($L < $L)", value, Literals.ofDouble(h.min()))
          .addStatement("throw new $T($L + $L + $S)", IAE, label, value,
              " is below its minimum " + HyperKind.formatBound(h.min()))
          .endControlFlow();
    }
    if (h.hasMax()) {
      method.beginControlFlow("if ($L > $L)", value, Literals.ofDouble(h.max()))
          .addStatement("throw new $T($L + $L + $S)", IAE, label, value,
              " is above its maximum " + HyperKind.formatBound(h.max()))
          .endControlFlow();
    }
  }

  /** Adds the parse helpers that {@link #set} uses, each once. */
  private void addParsers(TypeSpec.Builder type) {
    EnumSet<HyperKind> kinds = EnumSet.noneOf(HyperKind.class);
    model.hypers().forEach(h -> kinds.add(h.kind()));
    if (kinds.contains(HyperKind.INT)) {
      type.addMethod(numberParser("parseInt", TypeName.INT, "Integer.parseInt", "an int"));
    }
    if (kinds.contains(HyperKind.LONG)) {
      type.addMethod(numberParser("parseLong", TypeName.LONG, "Long.parseLong", "a long"));
    }
    if (kinds.contains(HyperKind.FLOAT)) {
      type.addMethod(numberParser("parseFloat", TypeName.FLOAT, "Float.parseFloat", "a float"));
    }
    if (kinds.contains(HyperKind.DOUBLE)) {
      type.addMethod(numberParser("parseDouble", TypeName.DOUBLE, "Double.parseDouble", "a double"));
    }
    if (kinds.contains(HyperKind.BOOLEAN)) {
      // Boolean.parseBoolean reads every other word as false; a typo must not silently disable a feature.
      type.addMethod(parser("parseBoolean", TypeName.BOOLEAN)
          .addCode("return switch (text.trim()) {\n$>"
              + "case \"true\" -> true;\n"
              + "case \"false\" -> false;\n"
              + "default -> throw invalid(name, text, $S);\n$<};\n", HyperKind.BOOLEAN.description())
          .build());
    }
    if (kinds.contains(HyperKind.INT_ARRAY)) {
      type.addMethod(parser("parseInts", TypeName.get(int[].class))
          .beginControlFlow("if (text.isBlank())")
          .addStatement("return new int[0]")
          .endControlFlow()
          .addStatement("String[] parts = text.split($S, -1)", ",")
          .addStatement("int[] values = new int[parts.length]")
          .beginControlFlow("try")
          .beginControlFlow("for (int i = 0; i < parts.length; i++)")
          .addStatement("values[i] = Integer.parseInt(parts[i].trim())")
          .endControlFlow()
          .nextControlFlow("catch ($T e)", NumberFormatException.class)
          .addStatement("throw invalid(name, text, $S)", HyperKind.INT_ARRAY.description())
          .endControlFlow()
          .addStatement("return values")
          .build());
    }
    if (kinds.contains(HyperKind.ENUM)) {
      TypeVariableName e = TypeVariableName.get("E",
          ParameterizedTypeName.get(ClassName.get(Enum.class), TypeVariableName.get("E")));
      type.addMethod(MethodSpec.methodBuilder("parseEnum")
          .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
          .addTypeVariable(e)
          .returns(e)
          .addParameter(String.class, "name")
          .addParameter(ParameterizedTypeName.get(ClassName.get(Class.class), e), "type")
          .addParameter(String.class, "text")
          .beginControlFlow("for (E constant : type.getEnumConstants())")
          .beginControlFlow("if (constant.name().equals(text.trim()))")
          .addStatement("return constant")
          .endControlFlow()
          .endControlFlow()
          .addStatement("throw invalid(name, text, $S + type.getSimpleName() + $S\n+ $T.stream(type.getEnumConstants())"
              + ".map(Enum::name).collect($T.joining($S)) + $S)", "a constant of ", " (", Arrays.class,
              Collectors.class, ", ", ")")
          .build());
    }
  }

  private MethodSpec numberParser(String name, TypeName type, String parse, String expected) {
    return parser(name, type)
        .beginControlFlow("try")
        .addStatement("return $L(text.trim())", parse)
        .nextControlFlow("catch ($T e)", NumberFormatException.class)
        .addStatement("throw invalid(name, text, $S)", expected)
        .endControlFlow()
        .build();
  }

  private MethodSpec.Builder parser(String methodName, TypeName returns) {
    return MethodSpec.methodBuilder(methodName)
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(returns)
        .addParameter(String.class, "name")
        .addParameter(String.class, "text");
  }
}
