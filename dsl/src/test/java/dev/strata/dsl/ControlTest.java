package dev.strata.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.dsl.ir.DType;
import dev.strata.dsl.ir.Dim;
import dev.strata.dsl.ir.Function;
import dev.strata.dsl.ir.Node;
import dev.strata.dsl.ir.Op;
import dev.strata.dsl.ir.TensorType;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/** Structured loops and conditionals are traced once into body functions with checked types. */
class ControlTest {
  private static final class Root extends Block {
    private final BiFunction<Tensor, Tensor, Tensor> body;

    Root(BiFunction<Tensor, Tensor, Tensor> body) {
      this.body = body;
    }

    Tensor forward(Tensor x, Tensor steps) {
      return (Tensor) call("forward", List.of("x", "steps"), a -> body.apply((Tensor) a[0], (Tensor) a[1]), x, steps);
    }
  }

  private static Function trace(BiFunction<Tensor, Tensor, Tensor> body) {
    Root root = new Root(body);
    TensorType x = TensorType.of(DType.FLOAT32, Dim.sym("N"), Dim.of(4));
    TensorType steps = new TensorType(DType.INT64, List.of());
    return Tracer.trace("Root", root, Map.of(), List.of(new Tracer.EntrySpec("forward", List.of("x", "steps"),
        List.of(x, steps), false, a -> root.forward((Tensor) a[0], (Tensor) a[1])))).entry("forward").function();
  }

  private static Tensor alwaysTrue(Tensor x) {
    return x.sum(1).sum(0).scalar(1).cast(DType.BOOL);
  }

  @Test
  void loopBodyIsOneFunctionReadingOuterValues() {
    Function fn = trace((x, steps) -> Control.loop(steps, alwaysTrue(x), List.of(x),
        (i, carried) -> new Control.Step(alwaysTrue(x), List.of(carried.get(0).add(x).relu()))).get(0));
    Node loop = fn.nodes().stream().filter(n -> n.op() == Op.LOOP).findFirst().orElseThrow();
    Function body = loop.attr("body", Function.class);
    assertEquals(3, body.inputs().size(), "iteration, condition, one carried tensor");
    assertEquals(2, body.outputs().size(), "condition, one carried tensor");
    assertTrue(body.nodes().stream().anyMatch(n -> n.op() == Op.ADD));
    assertEquals(fn.inputs().get(0).type(), loop.outputs().get(0).type());
  }

  @Test
  void carriedTypeMustNotChange() {
    ShapeException e = assertThrows(ShapeException.class, () -> trace((x, steps) -> Control.loop(steps,
        alwaysTrue(x), List.of(x),
        (i, carried) -> new Control.Step(alwaysTrue(x), List.of(carried.get(0).sum(1)))).get(0)));
    assertTrue(e.getMessage().contains("loop-carried tensor 0 changes type from [N, 4] float32 to [N] float32"),
        e.getMessage());
  }

  @Test
  void branchesMustAgree() {
    Function fn = trace((x, steps) -> Control.when(alwaysTrue(x), () -> List.of(x.relu()), () -> List.of(x.neg()))
        .get(0));
    assertEquals(Op.IF, fn.nodes().get(fn.nodes().size() - 1).op());
    ShapeException e = assertThrows(ShapeException.class, () -> trace((x, steps) -> Control.when(alwaysTrue(x),
        () -> List.of(x), () -> List.of(x.sum(0))).get(0)));
    assertTrue(e.getMessage().contains("if branches return"), e.getMessage());
  }
}
