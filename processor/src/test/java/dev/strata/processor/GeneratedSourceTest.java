package dev.strata.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The generated sources contain the API the rest of Strata programs against. */
class GeneratedSourceTest {
  private static Compilation compilation;

  @BeforeAll
  static void compile() {
    compilation = Compiled.compile(Fixtures.TINY, Fixtures.SCALE);
    assertThat(compilation).succeededWithoutWarnings();
  }

  private static String source(String name) throws IOException {
    return compilation.generatedSourceFile(name).orElseThrow().getCharContent(true).toString();
  }

  @Test
  void configHasAccessorsBuilderAndSpecs() throws IOException {
    String config = source("p.TinyConfig");
    for (String line : new String[] {
        "public final class TinyConfig {",
        "public static final List<HyperSpec> HYPERS = List.of(",
        "new HyperSpec(\"inFeatures\", \"int\", \"4\", 1.0, Double.POSITIVE_INFINITY, \"input features\")",
        "new HyperSpec(\"mode\", \"Mode\", \"SLOW\", Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, \"\")",
        "public static Builder builder() {",
        "public Builder toBuilder() {",
        "public int inFeatures() {",
        "public int[] sizes() {",
        "public Tiny.Mode mode() {",
        "return TinyModule.create(this);",
        "public Map<String, Object> toMap() {",
        "map.put(\"sizes\", Arrays.stream(this.sizes).boxed().toList());",
        "map.put(\"mode\", this.mode.name());",
        "public static final class Builder {",
        "private Integer inFeatures = 4;",
        "private Long big = 1000000000000L;",
        "private Float dropout = 0.5f;",
        "private int[] sizes = new int[] {64, 128};",
        "private Tiny.Mode mode = Tiny.Mode.SLOW;",
        "public Builder set(String name, String text) {",
        "case \"inFeatures\" -> inFeatures(parseInt(name, text));",
        "case \"mode\" -> mode(parseEnum(name, Tiny.Mode.class, text));",
        "public TinyConfig build() {",
    }) {
      assertTrue(config.contains(line), () -> "missing <" + line + "> in\n" + config);
    }
  }

  @Test
  void moduleRegistersStateAndRoutesForwardCalls() throws IOException {
    String module = source("p.TinyModule");
    for (String line : new String[] {
        "final class TinyModule extends Tiny {",
        "static Tiny create(TinyConfig config) {",
        "m.inFeatures = config.inFeatures();",
        "m.build();",
        "m.register(\"weight\", m.weight);",
        "m.register(\"b\", m.biasTensor);",
        "m.register(\"extra\", m.extras);",
        "return \"TinyNet\";",
        "return (Tensor) call(\"forward\", List.of(\"x\"), a -> super.forward((Tensor) a[0]), x);",
        // The parameter named 'a' moves the lambda's parameter out of its way.
        "return (Tensor[]) call(\"pair\", List.of(\"a\", \"b\"), a_ -> super.pair((Tensor) a_[0], (Tensor) a_[1]), a, b);",
        "protected Tensor repeat(Tensor x, int times) {",
        "super.repeat((Tensor) a[0], (int) a[1]), x, times);",
        "@SuppressWarnings(\"unchecked\")",
        "List<Tensor> both(Tensor x) {",
    }) {
      assertTrue(module.contains(line), () -> "missing <" + line + "> in\n" + module);
    }
  }

  @Test
  void graphHasOneEntrySpecPerShapedForward() throws IOException {
    String graph = source("p.TinyGraph");
    for (String line : new String[] {
        "public final class TinyGraph {",
        "public static Program build() {",
        "public static Program build(TinyConfig config) {",
        "return Tracer.trace(\"TinyNet\", m, config.toMap(), List.of(",
        "List.of(TensorType.of(DType.FLOAT32, Dim.sym(\"N\"), Dim.of(config.inFeatures()))),",
        "true, a -> m.loss((Tensor) a[0]))",
    }) {
      assertTrue(graph.contains(line), () -> "missing <" + line + "> in\n" + graph);
    }
    assertFalse(graph.contains("m.repeat"), graph);
  }

  @Test
  void noGraphWithoutEntryPoints() {
    // Scale's forward has no @Shape, and it has a required hyperparameter.
    assertTrue(compilation.generatedSourceFile("p.ScaleConfig").isPresent());
    assertTrue(compilation.generatedSourceFile("p.ScaleModule").isPresent());
    assertFalse(compilation.generatedSourceFile("p.ScaleGraph").isPresent());
  }

  @Test
  void noDefaultBuildWhenAHyperIsRequired() throws IOException {
    Compilation c = Compiled.compile(Fixtures.SCALE.replace("Tensor forward(Tensor x)",
        "Tensor forward(@Shape(\"N, features\") Tensor x)"));
    assertThat(c).succeededWithoutWarnings();
    String graph = c.generatedSourceFile("p.ScaleGraph").orElseThrow().getCharContent(true).toString();
    assertTrue(graph.contains("public static Program build(ScaleConfig config)"), graph);
    assertFalse(graph.contains("public static Program build()"), graph);
  }
}
