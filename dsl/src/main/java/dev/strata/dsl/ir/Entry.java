package dev.strata.dsl.ir;

import java.util.List;

/**
 * A named entry point of a model: a root method traced with typed inputs. Training entries return a scalar loss
 * and go to TorchScript only.
 */
public record Entry(String name, Function function, List<String> inputNames, boolean training) {
  public Entry {
    inputNames = List.copyOf(inputNames);
  }

  public List<TensorType> inputTypes() {
    return function.inputs().stream().map(Value::type).toList();
  }

  public List<TensorType> outputTypes() {
    return function.outputs().stream().map(Value::type).toList();
  }
}
