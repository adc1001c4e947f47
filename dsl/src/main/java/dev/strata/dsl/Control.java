package dev.strata.dsl;

import dev.strata.dsl.ir.DType;
import dev.strata.dsl.ir.FunctionBuilder;
import dev.strata.dsl.ir.Op;
import dev.strata.dsl.ir.TensorType;
import dev.strata.dsl.ir.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Data-dependent control flow, recorded as structured nodes: the body is traced once into a function of its own
 * (which may read tensors of the enclosing function) and becomes a TorchScript {@code for}/{@code if} or an ONNX
 * {@code Loop}/{@code If}. Plain Java loops, by contrast, unroll at trace time.
 */
public final class Control {
  private Control() {}

  /** One iteration: from the iteration number (int64 scalar) and the carried tensors, the next ones. */
  @FunctionalInterface
  public interface LoopBody {
    Step apply(Tensor iteration, List<Tensor> carried);
  }

  /** What an iteration returns: whether to go on (bool scalar) and the next carried tensors. */
  public record Step(Tensor proceed, List<Tensor> carried) {}

  /**
   * {@code for i in range(maxTrips): if not cond: break; ...}: runs {@code body} while {@code cond} holds, at most
   * {@code maxTrips} (int64 scalar) times, and returns the final carried tensors. Each carried tensor keeps its
   * type across iterations.
   */
  public static List<Tensor> loop(Tensor maxTrips, Tensor cond, List<Tensor> carried, LoopBody body) {
    expectScalar("loop trip count", maxTrips, DType.INT64);
    expectScalar("loop condition", cond, DType.BOOL);
    FunctionBuilder outer = Tracer.current();
    List<Value> inputs = new ArrayList<>(List.of(maxTrips.value(), cond.value()));
    carried.forEach(t -> inputs.add(t.value()));

    FunctionBuilder fb = new FunctionBuilder(outer.owner(), "loop_body", outer.ids());
    Tensor iteration = Tensor.of(fb.input(new TensorType(DType.INT64, List.of()), "i"));
    Tensor inCond = Tensor.of(fb.input(new TensorType(DType.BOOL, List.of()), "cond"));
    List<Tensor> inCarried = carried.stream().map(t -> Tensor.of(fb.input(t.type(), null))).toList();
    List<Value> results = Tracer.inside(fb, () -> {
      Step step = body.apply(iteration, inCarried);
      expectScalar("loop body condition", step.proceed(), DType.BOOL);
      if (step.carried().size() != carried.size()) {
        throw Tracer.error("loop body returns " + step.carried().size() + " carried tensors, expected "
            + carried.size());
      }
      List<Value> out = new ArrayList<>(List.of(step.proceed().value()));
      for (int i = 0; i < carried.size(); i++) {
        TensorType want = carried.get(i).type();
        TensorType got = step.carried().get(i).type();
        if (!sameType(want, got)) {
          throw Tracer.error("loop-carried tensor " + i + " changes type from " + want + " to " + got);
        }
        out.add(step.carried().get(i).value());
      }
      return out;
    });
    List<Value> outs = outer.add(Op.LOOP, inputs, Map.of("body", fb.build(results)),
        carried.stream().map(Tensor::type).toList());
    return outs.stream().map(Tensor::of).toList();
  }

  /** {@code if cond: ... else: ...}: both branches return tensors of the same types. */
  public static List<Tensor> when(Tensor cond, Supplier<List<Tensor>> then, Supplier<List<Tensor>> otherwise) {
    expectScalar("if condition", cond, DType.BOOL);
    FunctionBuilder outer = Tracer.current();
    FunctionBuilder thenFb = new FunctionBuilder(outer.owner(), "then", outer.ids());
    FunctionBuilder elseFb = new FunctionBuilder(outer.owner(), "else", outer.ids());
    List<Tensor> thenOut = Tracer.inside(thenFb, then);
    List<Tensor> elseOut = Tracer.inside(elseFb, otherwise);
    if (thenOut.size() != elseOut.size()) {
      throw Tracer.error("if branches return " + thenOut.size() + " and " + elseOut.size() + " tensors");
    }
    for (int i = 0; i < thenOut.size(); i++) {
      if (!sameType(thenOut.get(i).type(), elseOut.get(i).type())) {
        throw Tracer.error("if branches return " + thenOut.get(i).type() + " and " + elseOut.get(i).type()
            + " as result " + i);
      }
    }
    List<Value> thenValues = Tracer.inside(thenFb, () -> thenOut.stream().map(Tensor::value).toList());
    List<Value> elseValues = Tracer.inside(elseFb, () -> elseOut.stream().map(Tensor::value).toList());
    List<Value> outs = outer.add(Op.IF, List.of(cond.value()),
        Map.of("then", thenFb.build(thenValues), "else", elseFb.build(elseValues)),
        thenOut.stream().map(Tensor::type).toList());
    return outs.stream().map(Tensor::of).toList();
  }

  private static boolean sameType(TensorType a, TensorType b) {
    if (a.dtype() != b.dtype() || a.rank() != b.rank()) {
      return false;
    }
    for (int i = 0; i < a.rank(); i++) {
      if (!a.dim(i).compatible(b.dim(i))) {
        return false;
      }
    }
    return true;
  }

  private static void expectScalar(String what, Tensor t, DType dtype) {
    if (t.rank() != 0 || t.dtype() != dtype) {
      throw Tracer.error(what + " must be a " + dtype.pythonName() + " scalar, got " + t.type());
    }
  }
}
