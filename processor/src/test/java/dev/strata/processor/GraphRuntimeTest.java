package dev.strata.processor;

import static dev.strata.processor.Compiled.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.dsl.Block;
import dev.strata.dsl.ir.DType;
import dev.strata.dsl.ir.Dim;
import dev.strata.dsl.ir.Entry;
import dev.strata.dsl.ir.Program;
import dev.strata.dsl.ir.State;
import dev.strata.dsl.ir.TensorType;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Traces the fixture through its generated graph: entry points, types, state names, child calls. */
class GraphRuntimeTest {
  private static Compiled compiled;

  @BeforeAll
  static void load() {
    compiled = Compiled.load(Fixtures.TINY, Fixtures.SCALE);
  }

  private static TensorType floats(Dim... dims) {
    return TensorType.of(DType.FLOAT32, dims);
  }

  @Test
  void buildWithDefaultsTracesEveryEntryPoint() {
    Program program = (Program) compiled.callStatic("TinyGraph", "build");
    assertEquals("TinyNet", program.model());
    assertEquals(List.of("forward", "loss", "pair"), List.copyOf(program.entries().keySet()));

    Entry forward = program.entry("forward");
    assertEquals(List.of("x"), forward.inputNames());
    assertEquals(List.of(floats(Dim.sym("N"), Dim.of(4))), forward.inputTypes());
    assertEquals(List.of(floats(Dim.sym("N"), Dim.of(3))), forward.outputTypes());
    assertFalse(forward.training());

    Entry loss = program.entry("loss");
    assertTrue(loss.training());
    assertEquals(List.of(floats(Dim.sym("N"))), loss.outputTypes());

    Entry pair = program.entry("pair");
    assertEquals(List.of("a", "b"), pair.inputNames());
    assertEquals(List.of(floats(Dim.sym("B"), Dim.of(4)), floats(Dim.sym("B"), Dim.of(4))), pair.outputTypes());
  }

  @Test
  void configShapesTheInputsAndTheStates() {
    Object config = call(call(compiled.callStatic("TinyConfig", "builder"), "set", "inFeatures", "8"), "build");
    Program program = (Program) compiled.callStatic("TinyGraph", "build", config);
    assertEquals(List.of(floats(Dim.sym("N"), Dim.of(8))), program.entry("forward").inputTypes());
    assertEquals(call(config, "toMap"), program.config());
    assertEquals(List.of("weight", "b", "steps", "scale.gain", "extra.0.gain", "extra.1.gain"),
        program.states().stream().map(State::key).toList());
    assertEquals(List.of(3L, 8L), program.states().get(0).type().shape().stream().map(Dim::size).toList());
  }

  @Test
  void modulesReportTheirTypeNameAndTracedMethods() {
    Program program = (Program) compiled.callStatic("TinyGraph", "build");
    Block root = program.root();
    assertEquals("TinyNet", root.typeName());
    assertEquals("Scale", root.children().get("scale").typeName());
    // Child calls and helper methods became methods of their own.
    assertTrue(root.methods().keySet().containsAll(List.of("forward", "loss", "pair", "repeat", "both")),
        root.methods().keySet().toString());
    assertTrue(root.children().get("scale").methods().containsKey("forward"));
  }

  @Test
  void absentOptionalParamIsNotRegistered() {
    Object config = call(call(compiled.callStatic("TinyConfig", "builder"), "bias", false), "build");
    Program program = (Program) compiled.callStatic("TinyGraph", "build", config);
    assertFalse(program.states().stream().anyMatch(s -> s.key().equals("b")));
    assertEquals(List.of(floats(Dim.sym("N"), Dim.of(3))), program.entry("forward").outputTypes());
  }
}
