package dev.strata.dsl;

import dev.strata.dsl.ir.Entry;
import dev.strata.dsl.ir.FunctionBuilder;
import dev.strata.dsl.ir.Node;
import dev.strata.dsl.ir.Op;
import dev.strata.dsl.ir.Program;
import dev.strata.dsl.ir.TensorType;
import dev.strata.dsl.ir.Value;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs forward methods symbolically. Each {@link Tensor} operation appends a node to the function being traced;
 * each call of a module's forward method traces that method as a function of its own and records a call to it.
 */
public final class Tracer {
  private static final ThreadLocal<Deque<FunctionBuilder>> STACK = ThreadLocal.withInitial(ArrayDeque::new);

  private Tracer() {}

  /** An entry point to trace: its name, typed inputs, and how to invoke the method. */
  public record EntrySpec(String name, List<String> inputNames, List<TensorType> inputTypes, boolean training,
      java.util.function.Function<Object[], Object> invoke) {}

  /** Traces every entry point of {@code root} into a program. */
  public static Program trace(String model, Block root, Map<String, Object> config, List<EntrySpec> specs) {
    AtomicInteger ids = new AtomicInteger();
    List<Entry> entries = new ArrayList<>();
    for (EntrySpec spec : specs) {
      FunctionBuilder outer = new FunctionBuilder(root, "<entry " + spec.name() + ">", ids);
      Object[] args = new Object[spec.inputTypes().size()];
      for (int i = 0; i < args.length; i++) {
        args[i] = Tensor.of(outer.input(spec.inputTypes().get(i), spec.inputNames().get(i)));
      }
      STACK.get().push(outer);
      try {
        spec.invoke().apply(args);
      } finally {
        STACK.get().pop();
      }
      List<Node> nodes = outer.build(List.of()).nodes();
      Node call = nodes.get(nodes.size() - 1);
      entries.add(new Entry(spec.name(), call.attr("callee", dev.strata.dsl.ir.Function.class), spec.inputNames(),
          spec.training()));
    }
    return new Program(model, root, entries, config);
  }

  /** The function being traced. */
  public static FunctionBuilder current() {
    FunctionBuilder fb = STACK.get().peek();
    if (fb == null) {
      throw new IllegalStateException(
          "tensor operations run only while a graph is traced: build the model with its generated <Name>Graph");
    }
    return fb;
  }

  /** An error at the module being traced. */
  public static ShapeException error(String message) {
    FunctionBuilder fb = STACK.get().peek();
    return new ShapeException(fb == null ? "" : fb.owner().path(), message);
  }

  /** Runs {@code body} with {@code fb} as the function being traced (loop and branch bodies). */
  static <T> T inside(FunctionBuilder fb, java.util.function.Supplier<T> body) {
    STACK.get().push(fb);
    try {
      return body.get();
    } finally {
      STACK.get().pop();
    }
  }

  static Object call(Block module, String method, List<String> argNames,
      java.util.function.Function<Object[], Object> body, Object[] args) {
    FunctionBuilder caller = current();
    if (!caller.owner().contains(module)) {
      throw error("calls " + module + "." + method + ", which is not one of its submodules");
    }
    FunctionBuilder fb = new FunctionBuilder(module, method, caller.ids());
    Object[] inner = new Object[args.length];
    List<Value> callArgs = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i] instanceof Tensor t) {
        callArgs.add(t.value());
        inner[i] = Tensor.of(fb.input(t.type(), argNames.get(i)));
      } else {
        inner[i] = args[i];
      }
    }
    STACK.get().push(fb);
    List<Value> results;
    Object result;
    try {
      result = body.apply(inner);
      results = flatten(result).stream().map(Tensor::value).toList();
    } finally {
      STACK.get().pop();
    }
    dev.strata.dsl.ir.Function fn = module.addMethod(fb.build(results));
    List<Value> outs = caller.add(Op.CALL, callArgs, Map.of("callee", fn),
        fn.outputs().stream().map(Value::type).toList());
    return unflatten(result, outs.stream().map(Tensor::of).toList());
  }

  private static List<Tensor> flatten(Object result) {
    if (result instanceof Tensor t) {
      return List.of(t);
    }
    if (result instanceof Tensor[] ts) {
      return Arrays.asList(ts);
    }
    if (result instanceof List<?> list) {
      return list.stream().map(Tensor.class::cast).toList();
    }
    throw error("a forward method must return a Tensor, Tensor[] or List<Tensor>, not " + result);
  }

  private static Object unflatten(Object shape, List<Tensor> values) {
    if (shape instanceof Tensor) {
      return values.get(0);
    }
    if (shape instanceof Tensor[]) {
      return values.toArray(Tensor[]::new);
    }
    return values;
  }
}
