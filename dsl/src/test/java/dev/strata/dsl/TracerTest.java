package dev.strata.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.dsl.ir.DType;
import dev.strata.dsl.ir.Dim;
import dev.strata.dsl.ir.Function;
import dev.strata.dsl.ir.Init;
import dev.strata.dsl.ir.Op;
import dev.strata.dsl.ir.Program;
import dev.strata.dsl.ir.TensorType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tracing by hand-registered blocks (what generated code does), without the processor. */
class TracerTest {
  /** A conv layer registered the way a generated {@code Conv2dModule} registers it. */
  static final class Conv extends Block {
    final int in;
    final int out;
    Tensor weight;

    Conv(int in, int out) {
      this.in = in;
      this.out = out;
      weight = param(Init.fanIn(in * 9L), out, in, 3, 3);
      register("weight", weight);
    }

    Tensor forward(Tensor x) {
      return (Tensor) call("forward", List.of("x"),
          a -> ((Tensor) a[0]).conv2d(weight, null, new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1}, 1), x);
    }
  }

  static final class Net extends Block {
    final Conv first;
    final Conv second;

    Net(int secondIn) {
      first = new Conv(1, 8);
      second = new Conv(secondIn, 4);
      register("layers", List.of(first, second));
    }

    Tensor forward(Tensor x) {
      return (Tensor) call("forward", List.of("image"), a -> second.forward(first.forward((Tensor) a[0])).relu(), x);
    }
  }

  private static Program trace(Net net) {
    TensorType image = TensorType.of(DType.FLOAT32, Dim.sym("N"), Dim.of(1), Dim.of(8), Dim.of(8));
    return Tracer.trace("Net", net, Map.of(),
        List.of(new Tracer.EntrySpec("forward", List.of("image"), List.of(image), false,
            a -> net.forward((Tensor) a[0]))));
  }

  @Test
  void tracesCallsIntoFunctionsOfEachModule() {
    Net net = new Net(8);
    Program p = trace(net);
    Function fn = p.entry("forward").function();
    assertSame(net, fn.owner());
    assertEquals(List.of(Op.CALL, Op.CALL, Op.RELU), fn.nodes().stream().map(n -> n.op()).toList());
    assertEquals(TensorType.of(DType.FLOAT32, Dim.sym("N"), Dim.of(4), Dim.of(8), Dim.of(8)), fn.outputs().get(0).type());
    assertEquals("layers.1", net.second.path());
    assertEquals(List.of("layers.0.weight", "layers.1.weight"), p.states().stream().map(s -> s.key()).toList());
    Function conv = net.first.methods().get("forward").get(0);
    assertEquals(List.of(Op.STATE, Op.CONV2D), conv.nodes().stream().map(n -> n.op()).toList());
  }

  @Test
  void shapeErrorNamesTheModulePath() {
    ShapeException e = assertThrows(ShapeException.class, () -> trace(new Net(3)));
    assertEquals("layers.1", e.path());
    assertTrue(e.getMessage().startsWith("layers.1: conv2d expects 3 input channels, got 8"), e.getMessage());
  }

  @Test
  void identicalTracesShareOneMethod() {
    Net net = new Net(8);
    TensorType image = TensorType.of(DType.FLOAT32, Dim.sym("N"), Dim.of(1), Dim.of(8), Dim.of(8));
    TensorType wide = TensorType.of(DType.FLOAT32, Dim.sym("N"), Dim.of(1), Dim.of(8), Dim.of(16));
    Tracer.trace("Net", net, Map.of(), List.of(
        new Tracer.EntrySpec("a", List.of("image"), List.of(image), false, a -> net.forward((Tensor) a[0])),
        new Tracer.EntrySpec("b", List.of("image"), List.of(image), false, a -> net.forward((Tensor) a[0])),
        new Tracer.EntrySpec("c", List.of("image"), List.of(wide), false, a -> net.forward((Tensor) a[0]))));
    assertEquals(2, net.methods().get("forward").size(), "same types share a variant, other types add one");
    assertEquals("forward_1", net.methodName(net.methods().get("forward").get(1)));
  }

  @Test
  void operationsOutsideATraceFailClearly() {
    Conv conv = new Conv(1, 1);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> conv.weight.relu());
    assertTrue(e.getMessage().contains("only while a graph is traced"));
  }

  @Test
  void duplicateNamesAreRejected() {
    Block b = new Block() {};
    b.register("x", new Conv(1, 1));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> b.register("x", new Conv(1, 1)));
    assertTrue(e.getMessage().contains("duplicate name 'x'"));
  }
}
