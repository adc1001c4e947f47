package dev.strata.dsl;

import dev.strata.dsl.ir.DType;
import dev.strata.dsl.ir.Dim;
import dev.strata.dsl.ir.Op;
import dev.strata.dsl.ir.State;
import dev.strata.dsl.ir.TensorType;
import dev.strata.dsl.ir.Value;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A symbolic tensor. Operations check shapes, append a node to the traced function and return the result; names
 * and argument orders follow PyTorch. A parameter or buffer is a tensor too: reading it records a state read.
 */
public final class Tensor {
  private final Value value;
  private final State state;

  private Tensor(Value value, State state) {
    this.value = value;
    this.state = state;
  }

  public static Tensor of(Value value) {
    return new Tensor(value, null);
  }

  static Tensor of(State state) {
    return new Tensor(null, state);
  }

  /** The traced value; for a parameter or buffer, its read in the current function. */
  public Value value() {
    return state != null ? Tracer.current().read(state) : value;
  }

  /** The declared parameter or buffer, or null for a computed tensor. */
  public State state() {
    return state;
  }

  public TensorType type() {
    return state != null ? state.type() : value.type();
  }

  public DType dtype() {
    return type().dtype();
  }

  public List<Dim> shape() {
    return type().shape();
  }

  public int rank() {
    return type().rank();
  }

  public Dim dim(int i) {
    return type().dim(i);
  }

  // ---- elementwise --------------------------------------------------------------------------------------------

  public Tensor add(Tensor other) {
    return binary(Op.ADD, other);
  }

  public Tensor sub(Tensor other) {
    return binary(Op.SUB, other);
  }

  public Tensor mul(Tensor other) {
    return binary(Op.MUL, other);
  }

  public Tensor div(Tensor other) {
    return binary(Op.DIV, other);
  }

  public Tensor relu() {
    return unary(Op.RELU);
  }

  public Tensor sigmoid() {
    return unary(Op.SIGMOID);
  }

  public Tensor tanh() {
    return unary(Op.TANH);
  }

  public Tensor neg() {
    return unary(Op.NEG);
  }

  public Tensor exp() {
    return unary(Op.EXP);
  }

  public Tensor log() {
    return unary(Op.LOG);
  }

  /** A scalar constant of this tensor's dtype, for arithmetic with it. */
  public Tensor scalar(double v) {
    return node(Op.CONSTANT, List.of(), attrs("value", v, "dtype", dtype(), "shape", List.of()),
        new TensorType(dtype(), List.of()));
  }

  private Tensor unary(Op op) {
    return node(op, List.of(this), Map.of(), type());
  }

  private Tensor binary(Op op, Tensor other) {
    if (dtype() != other.dtype()) {
      throw Tracer.error(op.name().toLowerCase() + " of " + type() + " and " + other.type() + ": dtypes differ");
    }
    return node(op, List.of(this, other), Map.of(), type().withShape(broadcast(op, shape(), other.shape())));
  }

  private static List<Dim> broadcast(Op op, List<Dim> a, List<Dim> b) {
    int rank = Math.max(a.size(), b.size());
    Dim[] out = new Dim[rank];
    for (int i = 0; i < rank; i++) {
      Dim x = i < rank - a.size() ? Dim.of(1) : a.get(i - (rank - a.size()));
      Dim y = i < rank - b.size() ? Dim.of(1) : b.get(i - (rank - b.size()));
      if (x.equals(Dim.of(1))) {
        out[i] = y;
      } else if (y.equals(Dim.of(1)) || x.compatible(y)) {
        out[i] = x;
      } else {
        throw Tracer.error(op.name().toLowerCase() + ": shapes " + a + " and " + b + " do not broadcast");
      }
    }
    return Arrays.asList(out);
  }

  // ---- layers --------------------------------------------------------------------------------------------------

  /** {@code torch.conv2d}: x [N, C, H, W], weight [O, C/groups, kh, kw]. */
  public Tensor conv2d(Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation, int groups) {
    expectRank("conv2d input", 4);
    Dim c = dim(1);
    long expected = weight.dim(1).size() * groups;
    if (c.isKnown() && c.size() != expected) {
      throw Tracer.error("conv2d expects " + expected + " input channels, got " + c.size() + " (input " + type() + ")");
    }
    Dim h = outSize(dim(2), weight.dim(2).size(), stride[0], padding[0], dilation[0]);
    Dim w = outSize(dim(3), weight.dim(3).size(), stride[1], padding[1], dilation[1]);
    List<Tensor> in = bias == null ? List.of(this, weight) : List.of(this, weight, bias);
    return node(Op.CONV2D, in,
        attrs("stride", ints(stride), "padding", ints(padding), "dilation", ints(dilation), "groups", (long) groups),
        type().withShape(List.of(dim(0), weight.dim(0), h, w)));
  }

  /** {@code torch.batch_norm} over dimension 1 with running statistics (updated while training). */
  public Tensor batchNorm(Tensor weight, Tensor bias, Tensor runningMean, Tensor runningVar, Tensor numBatchesTracked,
      double momentum, double eps) {
    if (rank() < 2 || (dim(1).isKnown() && dim(1).size() != weight.dim(0).size())) {
      throw Tracer.error("batch_norm expects " + weight.dim(0) + " channels in dimension 1, got " + type());
    }
    return node(Op.BATCH_NORM, List.of(this, weight, bias, runningMean, runningVar, numBatchesTracked),
        attrs("momentum", momentum, "eps", eps), type());
  }

  /** {@code torch.max_pool2d} without ceil mode. */
  public Tensor maxPool2d(int[] kernel, int[] stride, int[] padding) {
    expectRank("max_pool2d input", 4);
    Dim h = outSize(dim(2), kernel[0], stride[0], padding[0], 1);
    Dim w = outSize(dim(3), kernel[1], stride[1], padding[1], 1);
    return node(Op.MAX_POOL2D, List.of(this), attrs("kernel", ints(kernel), "stride", ints(stride),
        "padding", ints(padding)), type().withShape(List.of(dim(0), dim(1), h, w)));
  }

  /** {@code torch.linear}: x [..., in], weight [out, in]. */
  public Tensor linear(Tensor weight, Tensor bias) {
    Dim in = dim(-1);
    if (in.isKnown() && in.size() != weight.dim(1).size()) {
      throw Tracer.error("linear expects " + weight.dim(1) + " input features, got " + in + " (input " + type() + ")");
    }
    List<Dim> shape = new ArrayList<>(shape());
    shape.set(shape.size() - 1, weight.dim(0));
    return node(Op.LINEAR, bias == null ? List.of(this, weight) : List.of(this, weight, bias), Map.of(),
        type().withShape(shape));
  }

  /**
   * A one-layer LSTM over x [T, N, I] from zero state; {@code weights} are w_ih, w_hh, b_ih, b_hh for each direction.
   * Returns [T, N, directions × hidden].
   */
  public Tensor lstm(List<Tensor> weights, int hidden, boolean bidirectional) {
    expectRank("lstm input", 3);
    int dirs = bidirectional ? 2 : 1;
    if (weights.size() != 4 * dirs) {
      throw Tracer.error("lstm needs " + 4 * dirs + " weight tensors, got " + weights.size());
    }
    Dim in = dim(2);
    if (in.isKnown() && in.size() != weights.get(0).dim(1).size()) {
      throw Tracer.error("lstm expects " + weights.get(0).dim(1) + " input features, got " + in);
    }
    List<Tensor> inputs = new ArrayList<>();
    inputs.add(this);
    inputs.addAll(weights);
    return node(Op.LSTM, inputs, attrs("hidden", (long) hidden, "bidirectional", bidirectional),
        type().withShape(List.of(dim(0), dim(1), Dim.of((long) dirs * hidden))));
  }

  /** {@code torch.matmul} of batched matrices with equal batch shapes. */
  public Tensor matmul(Tensor other) {
    if (rank() < 2 || other.rank() != rank()) {
      throw Tracer.error("matmul of " + type() + " and " + other.type() + ": ranks must match and be at least 2");
    }
    if (!dim(-1).compatible(other.dim(-2))) {
      throw Tracer.error("matmul of " + type() + " and " + other.type() + ": inner dimensions differ");
    }
    List<Dim> shape = new ArrayList<>(shape());
    shape.set(shape.size() - 1, other.dim(-1));
    return node(Op.MATMUL, List.of(this, other), Map.of(), type().withShape(shape));
  }

  // ---- shape ---------------------------------------------------------------------------------------------------

  public Tensor permute(int... dims) {
    if (dims.length != rank()) {
      throw Tracer.error("permute" + Arrays.toString(dims) + " of a rank-" + rank() + " tensor");
    }
    List<Dim> shape = new ArrayList<>();
    for (int d : dims) {
      shape.add(dim(d));
    }
    return node(Op.PERMUTE, List.of(this), attrs("dims", ints(dims)), type().withShape(shape));
  }

  /** Reshape with ONNX's conventions: 0 keeps the input dimension at that position, one -1 is inferred. */
  public Tensor reshape(long... sizes) {
    List<Dim> shape = new ArrayList<>();
    int infer = -1;
    for (int i = 0; i < sizes.length; i++) {
      if (sizes[i] == 0) {
        shape.add(dim(i));
      } else if (sizes[i] == -1) {
        if (infer >= 0) {
          throw Tracer.error("reshape" + Arrays.toString(sizes) + ": at most one -1");
        }
        infer = i;
        shape.add(Dim.UNKNOWN);
      } else {
        shape.add(Dim.of(sizes[i]));
      }
    }
    if (infer >= 0 && shape().stream().allMatch(Dim::isKnown)) {
      long known = 1;
      for (Dim d : shape) {
        known *= d.isKnown() ? d.size() : 1;
      }
      long total = type().numel();
      if (total % known != 0) {
        throw Tracer.error("cannot reshape " + type() + " to " + Arrays.toString(sizes));
      }
      shape.set(infer, Dim.of(total / known));
    }
    return node(Op.RESHAPE, List.of(this), attrs("shape", Arrays.stream(sizes).boxed().toList()),
        type().withShape(shape));
  }

  public Tensor squeeze(int dim) {
    int d = axis(dim);
    if (dim(d).isKnown() && dim(d).size() != 1) {
      throw Tracer.error("squeeze(" + dim + ") of " + type() + ": dimension is " + dim(d) + ", not 1");
    }
    List<Dim> shape = new ArrayList<>(shape());
    shape.remove(d);
    return node(Op.SQUEEZE, List.of(this), attrs("dim", (long) d), type().withShape(shape));
  }

  public Tensor unsqueeze(int dim) {
    int d = dim < 0 ? dim + rank() + 1 : dim;
    List<Dim> shape = new ArrayList<>(shape());
    shape.add(d, Dim.of(1));
    return node(Op.UNSQUEEZE, List.of(this), attrs("dim", (long) d), type().withShape(shape));
  }

  public static Tensor concat(List<Tensor> parts, int dim) {
    Tensor first = parts.get(0);
    int d = first.axis(dim);
    List<Dim> shape = new ArrayList<>(first.shape());
    Dim total = Dim.of(0);
    for (Tensor t : parts) {
      if (t.rank() != first.rank()) {
        throw Tracer.error("concat of " + first.type() + " and " + t.type() + ": ranks differ");
      }
      for (int i = 0; i < first.rank(); i++) {
        if (i != d && !t.dim(i).compatible(first.dim(i))) {
          throw Tracer.error("concat along " + d + " of " + first.type() + " and " + t.type());
        }
      }
      Dim size = t.dim(d);
      total = total.isKnown() && size.isKnown() ? Dim.of(total.size() + size.size()) : Dim.UNKNOWN;
    }
    shape.set(d, total);
    return first.node(Op.CONCAT, parts, attrs("dim", (long) d), first.type().withShape(shape));
  }

  public Tensor cast(DType to) {
    return node(Op.CAST, List.of(this), attrs("dtype", to), type().withDType(to));
  }

  // ---- reductions and losses -----------------------------------------------------------------------------------

  public Tensor softmax(int dim) {
    return node(Op.SOFTMAX, List.of(this), attrs("dim", (long) axis(dim)), type());
  }

  public Tensor logSoftmax(int dim) {
    return node(Op.LOG_SOFTMAX, List.of(this), attrs("dim", (long) axis(dim)), type());
  }

  public Tensor argmax(int dim) {
    int d = axis(dim);
    List<Dim> shape = new ArrayList<>(shape());
    shape.remove(d);
    return node(Op.ARGMAX, List.of(this), attrs("dim", (long) d, "keepdim", false),
        new TensorType(DType.INT64, shape));
  }

  public Tensor max(int dim) {
    return reduce(Op.MAX, dim);
  }

  public Tensor mean(int dim) {
    return reduce(Op.MEAN, dim);
  }

  public Tensor sum(int dim) {
    return reduce(Op.SUM, dim);
  }

  private Tensor reduce(Op op, int dim) {
    int d = axis(dim);
    List<Dim> shape = new ArrayList<>(shape());
    shape.remove(d);
    return node(op, List.of(this), attrs("dim", (long) d, "keepdim", false), type().withShape(shape));
  }

  /** {@code F.ctc_loss} on log-probabilities [T, N, C], full input lengths, mean reduction, infinities zeroed. */
  public Tensor ctcLoss(Tensor targets, Tensor targetLengths, int blank) {
    expectRank("ctc_loss log_probs", 3);
    if (targets.dtype() != DType.INT64 || targets.rank() != 2 || !targets.dim(0).compatible(dim(1))) {
      throw Tracer.error("ctc_loss targets must be int64 [N, S] with N = " + dim(1) + ", got " + targets.type());
    }
    if (targetLengths.dtype() != DType.INT64 || targetLengths.rank() != 1) {
      throw Tracer.error("ctc_loss target lengths must be int64 [N], got " + targetLengths.type());
    }
    return node(Op.CTC_LOSS, List.of(this, targets, targetLengths), attrs("blank", (long) blank),
        new TensorType(dtype(), List.of()));
  }

  /** {@code F.cross_entropy} of logits [N, C] and class ids [N], mean over targets not equal to ignoreIndex. */
  public Tensor crossEntropy(Tensor targets, int ignoreIndex) {
    expectRank("cross_entropy logits", 2);
    if (targets.dtype() != DType.INT64 || targets.rank() != 1) {
      throw Tracer.error("cross_entropy targets must be int64 [N], got " + targets.type());
    }
    return node(Op.CROSS_ENTROPY, List.of(this, targets), attrs("ignore_index", (long) ignoreIndex),
        new TensorType(dtype(), List.of()));
  }

  // ---- helpers -------------------------------------------------------------------------------------------------

  private Tensor node(Op op, List<Tensor> inputs, Map<String, Object> attrs, TensorType out) {
    List<Value> in = inputs.stream().map(Tensor::value).toList();
    return of(Tracer.current().add(op, in, attrs, out));
  }

  private int axis(int dim) {
    int d = dim < 0 ? dim + rank() : dim;
    if (d < 0 || d >= rank()) {
      throw Tracer.error("dimension " + dim + " is out of range for " + type());
    }
    return d;
  }

  private void expectRank(String what, int rank) {
    if (rank() != rank) {
      throw Tracer.error(what + " must have rank " + rank + ", got " + type());
    }
  }

  private static Dim outSize(Dim in, long kernel, long stride, long pad, long dilation) {
    if (in.isKnown()) {
      long size = (in.size() + 2 * pad - dilation * (kernel - 1) - 1) / stride + 1;
      if (size <= 0) {
        throw Tracer.error("window " + kernel + " (stride " + stride + ", padding " + pad + ") does not fit size "
            + in.size());
      }
      return Dim.of(size);
    }
    return Dim.UNKNOWN;
  }

  private static List<Long> ints(int... values) {
    return Arrays.stream(values).mapToObj(v -> (long) v).toList();
  }

  private static Map<String, Object> attrs(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  @Override
  public String toString() {
    return state != null ? state.toString() : value.toString();
  }
}
