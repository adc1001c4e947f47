package dev.strata.dsl.ir;

/** How a fresh parameter or buffer is filled: PyTorch's default initializers reduce to these. */
public sealed interface Init {
  /** U(-bound, bound): {@code kaiming_uniform_(a=√5)} of Linear/Conv weights and their biases, LSTM weights. */
  record Uniform(double bound) implements Init {}

  /** N(mean, std²): embeddings. */
  record Normal(double mean, double std) implements Init {}

  /** Every element equal: zeros, ones, BatchNorm statistics. */
  record Constant(double value) implements Init {}

  static Init uniform(double bound) {
    return new Uniform(bound);
  }

  static Init normal(double mean, double std) {
    return new Normal(mean, std);
  }

  static Init constant(double value) {
    return new Constant(value);
  }

  /** PyTorch's Linear/Conv weight and bias init: U(-1/√fan_in, 1/√fan_in). */
  static Init fanIn(long fanIn) {
    return new Uniform(1.0 / Math.sqrt(fanIn));
  }
}
