package dev.strata.dsl.ir;

import dev.strata.dsl.Block;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One traced method of one module (or the body of a {@link Op#LOOP}/{@link Op#IF}): typed inputs, nodes in
 * execution order, outputs. Nodes may read values of an enclosing function (loop bodies capture them).
 */
public final class Function {
  private final Block owner;
  private final String method;
  private final List<Value> inputs;
  private final List<Node> nodes;
  private final List<Value> outputs;

  Function(Block owner, String method, List<Value> inputs, List<Node> nodes, List<Value> outputs) {
    this.owner = owner;
    this.method = method;
    this.inputs = List.copyOf(inputs);
    this.nodes = List.copyOf(nodes);
    this.outputs = List.copyOf(outputs);
  }

  public Block owner() {
    return owner;
  }

  public String method() {
    return method;
  }

  public List<Value> inputs() {
    return inputs;
  }

  public List<Node> nodes() {
    return nodes;
  }

  public List<Value> outputs() {
    return outputs;
  }

  /** Structure without value ids: two traces of one method agree exactly when their renderings do. */
  public String render() {
    java.util.Map<Value, Integer> local = new java.util.HashMap<>();
    StringBuilder out = new StringBuilder(method).append('(');
    for (Value v : inputs) {
      local.put(v, local.size());
      out.append(v.type()).append(", ");
    }
    out.append(")\n");
    for (Node n : nodes) {
      for (Value v : n.outputs()) {
        local.put(v, local.size());
      }
      out.append(n.op()).append(n.inputs().stream()
              .map(v -> local.containsKey(v) ? "%" + local.get(v) : "outer")
              .collect(Collectors.joining(",", "(", ")")));
      n.attrs().forEach((k, v) -> out.append(' ').append(k).append('=').append(
          v instanceof Function f ? "{" + f.owner().path() + "." + f.render() + "}" : v instanceof State s ? s.key() : v));
      out.append(" -> ").append(n.outputs().stream().map(v -> v.type().toString()).collect(Collectors.joining(", ")));
      out.append('\n');
    }
    out.append("return ").append(outputs.stream().map(v -> "%" + local.get(v)).collect(Collectors.joining(", ")));
    return out.toString();
  }

  @Override
  public String toString() {
    return (owner.path().isEmpty() ? "" : owner.path() + ".") + method;
  }
}
