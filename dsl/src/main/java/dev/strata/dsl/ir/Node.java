package dev.strata.dsl.ir;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One operation: inputs, attributes, outputs. Immutable. */
public final class Node {
  private final Op op;
  private final List<Value> inputs;
  private final Map<String, Object> attrs;
  private final List<Value> outputs;

  Node(Op op, List<Value> inputs, Map<String, Object> attrs, List<Value> outputs) {
    this.op = op;
    this.inputs = List.copyOf(inputs);
    this.attrs = Collections.unmodifiableMap(new LinkedHashMap<>(attrs));
    this.outputs = List.copyOf(outputs);
  }

  public Op op() {
    return op;
  }

  public List<Value> inputs() {
    return inputs;
  }

  public Value input(int i) {
    return inputs.get(i);
  }

  public Map<String, Object> attrs() {
    return attrs;
  }

  public List<Value> outputs() {
    return outputs;
  }

  public Value output() {
    if (outputs.size() != 1) {
      throw new IllegalStateException(op + " has " + outputs.size() + " outputs");
    }
    return outputs.get(0);
  }

  public Object attr(String name) {
    Object v = attrs.get(name);
    if (v == null && !attrs.containsKey(name)) {
      throw new IllegalStateException(op + " has no attribute " + name);
    }
    return v;
  }

  public long i(String name) {
    return ((Number) attr(name)).longValue();
  }

  public double f(String name) {
    return ((Number) attr(name)).doubleValue();
  }

  public boolean b(String name) {
    return (Boolean) attr(name);
  }

  @SuppressWarnings("unchecked")
  public List<Long> ints(String name) {
    return (List<Long>) attr(name);
  }

  public <T> T attr(String name, Class<T> type) {
    return type.cast(attr(name));
  }

  @Override
  public String toString() {
    return outputs + " = " + op.name().toLowerCase() + inputs.stream().map(v -> "%" + v.id()).toList() + " " + attrs;
  }
}
