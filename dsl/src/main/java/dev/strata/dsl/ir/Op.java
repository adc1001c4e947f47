package dev.strata.dsl.ir;

/**
 * The operations of the IR. Each is documented with its inputs and attributes; shape rules live in
 * {@link dev.strata.dsl.Tensor}, lowerings in the emitters. Keep this list small: a composite belongs in a module.
 */
public enum Op {
  /** A parameter or buffer of a module. attrs: state ({@link State}). */
  STATE,
  /** A constant tensor. attrs: value (double or long), dtype, shape (empty: scalar). */
  CONSTANT,
  /** A method of a descendant module. inputs: arguments. attrs: callee ({@link Function}). */
  CALL,
  /** Elementwise with broadcasting. inputs: a, b. */
  ADD, SUB, MUL, DIV,
  /** Elementwise. inputs: x. */
  RELU, SIGMOID, TANH, NEG, EXP, LOG,
  /** inputs: x, weight, [bias]. attrs: stride, padding, dilation (2 ints each), groups. */
  CONV2D,
  /** inputs: x, weight, bias, running_mean, running_var, num_batches_tracked. attrs: momentum, eps. */
  BATCH_NORM,
  /** inputs: x. attrs: kernel, stride, padding (2 ints each). */
  MAX_POOL2D,
  /** inputs: x, weight [out, in], [bias]. */
  LINEAR,
  /** inputs: x [T, N, I], then w_ih, w_hh, b_ih, b_hh per direction (PyTorch gate order i, f, g, o). attrs: hidden, bidirectional. */
  LSTM,
  /** inputs: a, b. Batched matrix product. */
  MATMUL,
  /** inputs: x. attrs: dims (a permutation). */
  PERMUTE,
  /** inputs: x. attrs: shape (ONNX Reshape semantics: 0 copies the input dimension, -1 is inferred). */
  RESHAPE,
  /** inputs: x. attrs: dim. */
  SQUEEZE, UNSQUEEZE,
  /** inputs: tensors. attrs: dim. */
  CONCAT,
  /** inputs: x. attrs: dim. */
  SOFTMAX, LOG_SOFTMAX,
  /** inputs: x. attrs: dim, keepdim. Result int64. */
  ARGMAX,
  /** inputs: x. attrs: dim, keepdim. */
  MAX, MEAN, SUM,
  /** inputs: log_probs [T, N, C], targets [N, S] int64, target_lengths [N] int64. attrs: blank. Mean-reduced scalar. */
  CTC_LOSS,
  /** inputs: logits [N, C], targets [N] int64. attrs: ignore_index. Mean-reduced scalar. */
  CROSS_ENTROPY,
  /** inputs: x. attrs: dtype. */
  CAST,
  /**
   * Structured loop (designed for the autoregressive decoders). inputs: max_trips (int64 scalar), cond (bool scalar),
   * carried values. attrs: body ({@link Function} of (iteration, cond, carried...) → (cond, carried...)). outputs: the
   * final carried values. Lowers to TorchScript {@code for ... if not cond: break} and to ONNX {@code Loop}.
   */
  LOOP,
  /** inputs: cond (bool scalar). attrs: then, else ({@link Function}s without inputs). Lowers to {@code if}/{@code If}. */
  IF
}
