package dev.strata.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.strata.dsl.Tensor;
import dev.strata.dsl.Tracer;
import dev.strata.dsl.ir.Dim;
import dev.strata.dsl.ir.DType;
import dev.strata.dsl.ir.Program;
import dev.strata.dsl.ir.TensorType;
import dev.strata.processor.ModuleModel.DimSpec;
import dev.strata.processor.ModuleModel.ForwardMethod;
import dev.strata.processor.ModuleModel.Parameter;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Generates {@code <Name>Graph}: traces a configured module through its entry points (the {@code @Forward} methods
 * whose inputs all have a {@code @Shape}) into a {@link Program}.
 */
final class GraphGenerator {
  private static final ClassName ENTRY_SPEC = ClassName.get(Tracer.EntrySpec.class);

  private final ModuleModel model;

  private GraphGenerator(ModuleModel model) {
    this.model = model;
  }

  /** Only modules with an entry point get a graph. */
  static boolean applies(ModuleModel model) {
    return !model.entryPoints().isEmpty();
  }

  static JavaFile generate(ModuleModel model) {
    return new GraphGenerator(model).file();
  }

  private JavaFile file() {
    ClassName graph = model.graphName();
    TypeSpec.Builder type = TypeSpec.classBuilder(graph)
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .addAnnotation(Generation.annotation())
        .addOriginatingElement(model.element())
        .addJavadoc("Entry points of {@link $T}, traced into a {@link $T}.\n", model.className(), Program.class)
        .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
    if (model.allHypersHaveDefaults()) {
      type.addMethod(MethodSpec.methodBuilder("build")
          .addJavadoc("Traces the module with default hyperparameters.\n")
          .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
          .returns(Program.class)
          .addStatement("return build($T.builder().build())", model.configName())
          .build());
    }
    type.addMethod(build());
    return JavaFile.builder(graph.packageName(), type.build()).skipJavaLangImports(true).build();
  }

  private MethodSpec build() {
    List<CodeBlock> specs = new ArrayList<>();
    for (ForwardMethod f : model.entryPoints()) {
      specs.add(entrySpec(f));
    }
    return MethodSpec.methodBuilder("build")
        .addJavadoc("Builds the module from {@code config} and traces every entry point.\n")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(Program.class)
        .addParameter(model.configName(), "config")
        .addStatement("$T m = config.create()", model.className())
        .addStatement("return $T.trace($S, m, config.toMap(), $T.of(\n$L))", Tracer.class, model.typeName(),
            List.class, CodeBlock.join(specs, ",\n"))
        .build();
  }

  private CodeBlock entrySpec(ForwardMethod f) {
    List<CodeBlock> names = new ArrayList<>();
    List<CodeBlock> types = new ArrayList<>();
    List<CodeBlock> args = new ArrayList<>();
    for (int i = 0; i < f.parameters().size(); i++) {
      Parameter p = f.parameters().get(i);
      names.add(CodeBlock.of("$S", p.name()));
      List<CodeBlock> dims = new ArrayList<>();
      for (DimSpec d : p.shape()) {
        dims.add(dim(d));
      }
      types.add(CodeBlock.of("$T.of($T.$N, $L)", TensorType.class, DType.class, p.dtype().name(),
          CodeBlock.join(dims, ", ")));
      args.add(CodeBlock.of("($T) a[$L]", Tensor.class, i));
    }
    return CodeBlock.of("new $T($S, $T.of($L),\n$>$>$T.of($L),\n$L, a -> m.$N($L))$<$<", ENTRY_SPEC, f.name(),
        List.class, CodeBlock.join(names, ", "), List.class, CodeBlock.join(types, ",\n"), f.training(), f.name(),
        CodeBlock.join(args, ", "));
  }

  private static CodeBlock dim(DimSpec d) {
    if (d instanceof DimSpec.Fixed fixed) {
      // A size beyond int range needs the long suffix to compile.
      return CodeBlock.of("$T.of($L)", Dim.class, fixed.size() <= Integer.MAX_VALUE ? fixed.size() : fixed.size() + "L");
    }
    if (d instanceof DimSpec.Symbol symbol) {
      return CodeBlock.of("$T.sym($S)", Dim.class, symbol.name());
    }
    return CodeBlock.of("$T.of(config.$N())", Dim.class, ((DimSpec.FromHyper) d).hyper());
  }
}
