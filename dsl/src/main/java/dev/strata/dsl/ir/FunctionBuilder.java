package dev.strata.dsl.ir;

import dev.strata.dsl.Block;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Records nodes for one {@link Function}. Value ids come from a counter shared by the whole trace. */
public final class FunctionBuilder {
  private final Block owner;
  private final String method;
  private final AtomicInteger ids;
  private final List<Value> inputs = new ArrayList<>();
  private final List<Node> nodes = new ArrayList<>();
  private final Map<State, Value> stateReads = new IdentityHashMap<>();

  public FunctionBuilder(Block owner, String method, AtomicInteger ids) {
    this.owner = owner;
    this.method = method;
    this.ids = ids;
  }

  public Block owner() {
    return owner;
  }

  public AtomicInteger ids() {
    return ids;
  }

  public Value input(TensorType type, String hint) {
    Value v = new Value(ids.getAndIncrement(), type, hint);
    inputs.add(v);
    return v;
  }

  public List<Value> add(Op op, List<Value> in, Map<String, Object> attrs, List<TensorType> outTypes) {
    List<Value> out = new ArrayList<>(outTypes.size());
    for (TensorType t : outTypes) {
      out.add(new Value(ids.getAndIncrement(), t, null));
    }
    nodes.add(new Node(op, in, attrs, out));
    return out;
  }

  public Value add(Op op, List<Value> in, Map<String, Object> attrs, TensorType outType) {
    return add(op, in, attrs, List.of(outType)).get(0);
  }

  /** Reads a parameter or buffer once per function, however often the code uses it. */
  public Value read(State state) {
    return stateReads.computeIfAbsent(state, s -> add(Op.STATE, List.of(), Map.of("state", s), s.type()));
  }

  public Function build(List<Value> outputs) {
    return new Function(owner, method, inputs, nodes, outputs);
  }
}
