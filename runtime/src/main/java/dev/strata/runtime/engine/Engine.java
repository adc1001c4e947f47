package dev.strata.runtime.engine;

import dev.strata.runtime.tensor.TensorData;
import java.util.List;

/**
 * A loaded graph that runs entry points on host tensors. One engine holds one native session for its lifetime:
 * create it once and call {@link #run} as often as needed.
 */
public interface Engine extends AutoCloseable {
  /** Runs an entry point (the TorchScript method, or the ONNX graph's inputs) in inference mode. */
  List<TensorData> run(String entry, List<TensorData> inputs);

  @Override
  void close();
}
