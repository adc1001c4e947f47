package dev.strata.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.dsl.ir.DType;
import dev.strata.dsl.ir.Dim;
import dev.strata.dsl.ir.TensorType;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Shape inference of single operations, traced in a throwaway root block. */
class TensorShapeTest {
  /** A root block whose forward applies one operation. */
  private static final class Root extends Block {
    private final Function<Tensor, Tensor> op;

    Root(Function<Tensor, Tensor> op) {
      this.op = op;
    }

    Tensor forward(Tensor x) {
      return (Tensor) call("forward", List.of("x"), a -> op.apply((Tensor) a[0]), x);
    }
  }

  private static TensorType traceOne(TensorType in, Function<Tensor, Tensor> op) {
    Root root = new Root(op);
    Tracer.trace("Root", root, Map.of(), List.of(new Tracer.EntrySpec("forward", List.of("x"), List.of(in), false,
        a -> root.forward((Tensor) a[0]))));
    return root.methods().get("forward").get(0).outputs().get(0).type();
  }

  private static final TensorType IMAGE = TensorType.of(DType.FLOAT32, Dim.sym("N"), Dim.of(64), Dim.of(8), Dim.of(25));

  @Test
  void poolWithAsymmetricStrideKeepsWidthPlusOne() {
    TensorType t = traceOne(IMAGE, x -> x.maxPool2d(new int[] {2, 2}, new int[] {2, 1}, new int[] {0, 1}));
    assertEquals(TensorType.of(DType.FLOAT32, Dim.sym("N"), Dim.of(64), Dim.of(4), Dim.of(26)), t);
  }

  @Test
  void squeezePermuteReshape() {
    TensorType in = TensorType.of(DType.FLOAT32, Dim.sym("N"), Dim.of(5), Dim.of(1), Dim.of(7));
    assertEquals(TensorType.of(DType.FLOAT32, Dim.of(7), Dim.sym("N"), Dim.of(5)),
        traceOne(in, x -> x.squeeze(2).permute(2, 0, 1)));
    assertEquals(TensorType.of(DType.FLOAT32, Dim.sym("N"), Dim.of(35)), traceOne(in, x -> x.reshape(0, 35)));
    ShapeException e = assertThrows(ShapeException.class, () -> traceOne(in, x -> x.squeeze(1)));
    assertTrue(e.getMessage().contains("dimension is 5, not 1"), e.getMessage());
  }

  @Test
  void broadcastingAndItsErrors() {
    TensorType a = TensorType.of(DType.FLOAT32, Dim.sym("N"), Dim.of(3), Dim.of(4));
    assertEquals(a, traceOne(a, x -> x.add(x.sum(0).unsqueeze(0))));
    ShapeException e = assertThrows(ShapeException.class, () -> traceOne(a, x -> x.add(x.permute(0, 2, 1))));
    assertTrue(e.getMessage().contains("do not broadcast"), e.getMessage());
  }

  @Test
  void argmaxIsInt64() {
    TensorType t = traceOne(IMAGE, x -> x.argmax(1));
    assertEquals(TensorType.of(DType.INT64, Dim.sym("N"), Dim.of(8), Dim.of(25)), t);
  }
}
