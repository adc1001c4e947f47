package dev.strata.runtime.onnx;

import com.google.protobuf.ByteString;
import dev.strata.dsl.Block;
import dev.strata.dsl.ir.DType;
import dev.strata.dsl.ir.Dim;
import dev.strata.dsl.ir.Entry;
import dev.strata.dsl.ir.Function;
import dev.strata.dsl.ir.Node;
import dev.strata.dsl.ir.Op;
import dev.strata.dsl.ir.Program;
import dev.strata.dsl.ir.State;
import dev.strata.dsl.ir.TensorType;
import dev.strata.dsl.ir.Value;
import dev.strata.runtime.onnx.proto.OnnxProto.AttributeProto;
import dev.strata.runtime.onnx.proto.OnnxProto.GraphProto;
import dev.strata.runtime.onnx.proto.OnnxProto.ModelProto;
import dev.strata.runtime.onnx.proto.OnnxProto.NodeProto;
import dev.strata.runtime.onnx.proto.OnnxProto.OperatorSetIdProto;
import dev.strata.runtime.onnx.proto.OnnxProto.StringStringEntryProto;
import dev.strata.runtime.onnx.proto.OnnxProto.TensorProto;
import dev.strata.runtime.onnx.proto.OnnxProto.TensorShapeProto;
import dev.strata.runtime.onnx.proto.OnnxProto.TypeProto;
import dev.strata.runtime.onnx.proto.OnnxProto.ValueInfoProto;
import dev.strata.runtime.io.AtomicFiles;
import dev.strata.runtime.tensor.StateDict;
import dev.strata.runtime.tensor.TensorData;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes one entry point of a {@link Program} with its weights as an ONNX model (opset 17, IR version 8).
 *
 * <p>The entry's function becomes the main graph: its inputs keep the entry's input names and types (a symbolic
 * dimension becomes a {@code dim_param} of the same name, so the batch axis stays dynamic); its outputs are named
 * {@code output} (or {@code output_0}, {@code output_1}, … when there are several). Calls of submodule methods are
 * inlined. Parameters and buffers become initializers named by their state-dict keys; layouts ONNX wants differently
 * (LSTM gates, transposed linear weights) become derived initializers computed here, named {@code <key>.onnx_*}.
 *
 * <p>Training-only ops (losses) are refused: training entries are TorchScript-only. {@link Op#LOOP} and
 * {@link Op#IF} are not lowered yet; {@link #emitBody} is the recursive step their subgraphs (ONNX {@code Loop} body,
 * {@code If} branches) will use, with a {@link Scope} whose outer scope resolves captured values.
 */
public final class OnnxWriter {
  public static final int OPSET = 17;
  public static final int IR_VERSION = 8;
  public static final String PRODUCER = "strata";

  private final Program program;
  private final Entry entry;
  private final StateDict weights;
  private final GraphProto.Builder main = GraphProto.newBuilder();
  /** Initializer names already added to the main graph (state keys, derived weights, constants). */
  private final Set<String> initializers = new HashSet<>();
  private int counter;
  private int unknownDims;

  private OnnxWriter(Program program, Entry entry, StateDict weights) {
    this.program = program;
    this.entry = entry;
    this.weights = weights;
  }

  /** Writes {@code entry} of {@code program} to {@code file}, atomically: the file is complete or untouched. */
  public static void write(Program program, String entry, StateDict weights, Path file) throws IOException {
    ModelProto model = toModel(program, entry, weights);
    AtomicFiles.write(file, model::writeTo);
  }


  /** The model for {@code entry}; the weights must match the program exactly. */
  public static ModelProto toModel(Program program, String entryName, StateDict weights) {
    Entry entry = program.entry(entryName);
    if (entry.training()) {
      throw new UnsupportedOperationException("entry '" + entryName + "' of " + program.model()
          + " is a training entry: training entries are TorchScript-only");
    }
    weights.checkMatches(program);
    return new OnnxWriter(program, entry, weights).model();
  }

  private ModelProto model() {
    Function fn = entry.function();
    main.setName(entry.name());
    main.setDocString(program.model() + "." + entry.name() + ", written by Strata");
    List<String> inputNames = new ArrayList<>();
    for (int i = 0; i < fn.inputs().size(); i++) {
      String name = entry.inputNames().get(i);
      inputNames.add(name);
      main.addInput(valueInfo(name, fn.inputs().get(i).type(), true));
    }
    List<String> results = emitBody(fn, inputNames, new Scope(null), main);
    for (int i = 0; i < results.size(); i++) {
      String name = results.size() == 1 ? "output" : "output_" + i;
      // An Identity gives the output its public name whatever produced it (an input, a weight, a deep callee).
      main.addNode(node("Identity", name, List.of(results.get(i)), List.of(name)));
      main.addOutput(valueInfo(name, fn.outputs().get(i).type(), false));
    }
    return ModelProto.newBuilder()
        .setIrVersion(IR_VERSION)
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
        .setProducerName(PRODUCER)
        .setGraph(main)
        .addMetadataProps(meta("strata.model", program.model()))
        .addMetadataProps(meta("strata.entry", entry.name()))
        .build();
  }

  // ---- function bodies -----------------------------------------------------------------------------------------

  /**
   * Names of the values one function body computes. A call gets a fresh scope (a callee may be called from several
   * places); a loop or branch body will get a scope whose {@code outer} is the enclosing one, since bodies capture.
   */
  private static final class Scope {
    final Scope outer;
    final Map<Value, String> names = new IdentityHashMap<>();
    /** Values that are parameter or buffer reads: they become initializers only when a node consumes them. */
    final Map<Value, State> states = new IdentityHashMap<>();

    Scope(Scope outer) {
      this.outer = outer;
    }
  }

  /** Emits the nodes of {@code fn} into {@code graph} with its inputs bound to {@code args}; returns output names. */
  private List<String> emitBody(Function fn, List<String> args, Scope scope, GraphProto.Builder graph) {
    for (int i = 0; i < fn.inputs().size(); i++) {
      scope.names.put(fn.inputs().get(i), args.get(i));
    }
    for (Node n : fn.nodes()) {
      emitNode(fn, n, scope, graph);
    }
    return fn.outputs().stream().map(v -> name(v, scope)).toList();
  }

  /** The ONNX name of a value, registering the initializer of a parameter or buffer on first use. */
  private String name(Value v, Scope scope) {
    for (Scope s = scope; s != null; s = s.outer) {
      State state = s.states.get(v);
      if (state != null) {
        return stateInitializer(state);
      }
      String name = s.names.get(v);
      if (name != null) {
        return name;
      }
    }
    throw new IllegalStateException("value %" + v.id() + " is used before it is computed");
  }

  private void emitNode(Function fn, Node n, Scope scope, GraphProto.Builder graph) {
    if (n.op() == Op.STATE) {
      scope.states.put(n.output(), n.attr("state", State.class));
      return;
    }
    if (n.op() == Op.CALL) {
      // Inlined: ONNX has no calls we could map a module method to (FunctionProto needs opset-level care).
      Function callee = n.attr("callee", Function.class);
      List<String> args = n.inputs().stream().map(v -> name(v, scope)).toList();
      List<String> results = emitBody(callee, args, new Scope(null), graph);
      for (int i = 0; i < results.size(); i++) {
        scope.names.put(n.outputs().get(i), results.get(i));
      }
      return;
    }
    Emit e = new Emit(fn.owner(), n, scope, graph);
    switch (n.op()) {
      case STATE, CALL -> throw new AssertionError(n.op()); // handled above
      case CONSTANT -> e.out(e.node("Constant", List.of()).addAttribute(attr("value", constant(n))));
      case ADD -> e.simple("Add");
      case SUB -> e.simple("Sub");
      case MUL -> e.simple("Mul");
      case DIV -> e.simple("Div");
      case RELU -> e.simple("Relu");
      case SIGMOID -> e.simple("Sigmoid");
      case TANH -> e.simple("Tanh");
      case NEG -> e.simple("Neg");
      case EXP -> e.simple("Exp");
      case LOG -> e.simple("Log");
      case CONV2D -> {
        long[] kernel = n.input(1).type().sizes();
        List<Long> pad = n.ints("padding");
        e.out(e.node("Conv", e.inputs())
            .addAttribute(attr("kernel_shape", List.of(kernel[2], kernel[3])))
            .addAttribute(attr("strides", n.ints("stride")))
            .addAttribute(attr("pads", List.of(pad.get(0), pad.get(1), pad.get(0), pad.get(1))))
            .addAttribute(attr("dilations", n.ints("dilation")))
            .addAttribute(attr("group", n.i("groups"))));
      }
      case BATCH_NORM -> {
        // Inference form: normalizes with the running statistics; momentum and num_batches_tracked matter only
        // while training. ONNX input order: X, scale, B, mean, var.
        List<String> in = List.of(e.in(0), e.in(1), e.in(2), e.in(3), e.in(4));
        e.out(e.node("BatchNormalization", in).addAttribute(attr("epsilon", (float) n.f("eps"))));
      }
      case MAX_POOL2D -> {
        List<Long> pad = n.ints("padding");
        e.out(e.node("MaxPool", e.inputs())
            .addAttribute(attr("kernel_shape", n.ints("kernel")))
            .addAttribute(attr("strides", n.ints("stride")))
            .addAttribute(attr("pads", List.of(pad.get(0), pad.get(1), pad.get(0), pad.get(1)))));
      }
      case LINEAR -> linear(e);
      case LSTM -> lstm(e);
      case MATMUL -> e.simple("MatMul");
      case PERMUTE -> e.out(e.node("Transpose", e.inputs()).addAttribute(attr("perm", n.ints("dims"))));
      case RESHAPE -> {
        String shape = int64Initializer(e.base + ".shape", n.ints("shape"));
        e.out(e.node("Reshape", List.of(e.in(0), shape)));
      }
      case SQUEEZE, UNSQUEEZE -> {
        // Since opset 13 the axes are an input, not an attribute.
        String axes = int64Initializer(e.base + ".axes", List.of(n.i("dim")));
        e.out(e.node(n.op() == Op.SQUEEZE ? "Squeeze" : "Unsqueeze", List.of(e.in(0), axes)));
      }
      case CONCAT -> e.out(e.node("Concat", e.inputs()).addAttribute(attr("axis", n.i("dim"))));
      // Since opset 13 Softmax/LogSoftmax normalize along one axis, as PyTorch does.
      case SOFTMAX -> e.out(e.node("Softmax", e.inputs()).addAttribute(attr("axis", n.i("dim"))));
      case LOG_SOFTMAX -> e.out(e.node("LogSoftmax", e.inputs()).addAttribute(attr("axis", n.i("dim"))));
      case ARGMAX -> e.out(e.node("ArgMax", e.inputs())
          .addAttribute(attr("axis", n.i("dim")))
          .addAttribute(attr("keepdims", n.b("keepdim") ? 1L : 0L)));
      // In opset 17 ReduceMax/ReduceMean still take axes as an attribute; ReduceSum takes them as an input (13+).
      case MAX -> reduceWithAttr(e, "ReduceMax");
      case MEAN -> reduceWithAttr(e, "ReduceMean");
      case SUM -> {
        String axes = int64Initializer(e.base + ".axes", List.of(n.i("dim")));
        e.out(e.node("ReduceSum", List.of(e.in(0), axes)).addAttribute(attr("keepdims", n.b("keepdim") ? 1L : 0L)));
      }
      case CAST -> e.out(e.node("Cast", e.inputs()).addAttribute(attr("to", (long) n.attr("dtype", DType.class)
          .onnxCode())));
      case CTC_LOSS, CROSS_ENTROPY -> throw unsupported(n, fn, "training entries are TorchScript-only");
      case LOOP, IF -> throw unsupported(n, fn, "control flow is not lowered to ONNX Loop/If yet");
    }
  }

  private UnsupportedOperationException unsupported(Node n, Function fn, String why) {
    return new UnsupportedOperationException("ONNX export of entry '" + entry.name() + "' of " + program.model()
        + ": op " + n.op() + " in " + fn + " is not supported (" + why + ")");
  }

  private void reduceWithAttr(Emit e, String opType) {
    e.out(e.node(opType, e.inputs())
        .addAttribute(attr("axes", List.of(e.n.i("dim"))))
        .addAttribute(attr("keepdims", e.n.b("keepdim") ? 1L : 0L)));
  }

  /** {@code y = x Wᵀ + b}: Gemm for matrices; MatMul with a transposed weight (+ Add) for higher ranks. */
  private void linear(Emit e) {
    Node n = e.n;
    boolean hasBias = n.inputs().size() > 2;
    if (n.input(0).type().rank() == 2) {
      e.out(e.node("Gemm", e.inputs()).addAttribute(attr("transB", 1L)));
      return;
    }
    State w = stateOf(n.input(1), e.scope);
    String wt;
    if (w != null) {
      wt = derivedInitializer(w.key() + ".onnx_T", () -> transpose2d(weights.get(w.key())));
    } else {
      wt = e.base + "/Transpose";
      e.graph.addNode(node("Transpose", wt, List.of(e.in(1)), List.of(wt)).toBuilder()
          .addAttribute(attr("perm", List.of(1L, 0L))).build());
    }
    if (!hasBias) {
      e.out(e.node("MatMul", List.of(e.in(0), wt)));
      return;
    }
    String product = e.base + "/MatMul";
    e.graph.addNode(node("MatMul", product, List.of(e.in(0), wt), List.of(product)));
    e.out(e.node("Add", List.of(product, e.in(2))));
  }

  /**
   * One ONNX LSTM from zero state. W, R and B are derived from PyTorch's w_ih, w_hh, b_ih, b_hh (gates reordered
   * from i,f,g,o to ONNX's i,o,f,c; biases concatenated). Y [T, dirs, N, H] is brought to PyTorch's [T, N, dirs·H].
   */
  private void lstm(Emit e) {
    Node n = e.n;
    int hidden = (int) n.i("hidden");
    int dirs = n.b("bidirectional") ? 2 : 1;
    List<TensorData> w = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    for (int i = 1; i < n.inputs().size(); i++) {
      State s = stateOf(n.input(i), e.scope);
      if (s == null) {
        throw new UnsupportedOperationException("ONNX export of " + program.model() + ": LSTM weights must be "
            + "parameters (got a computed tensor for input " + i + " in " + e.owner + ")");
      }
      keys.add(s.key());
      w.add(weights.get(s.key()));
    }
    String prefix = e.owner.path().isEmpty() ? "lstm" : e.owner.path();
    String wName = derivedInitializer(prefix + ".onnx_W", () -> lstmStack(w, dirs, 0, hidden));
    String rName = derivedInitializer(prefix + ".onnx_R", () -> lstmStack(w, dirs, 1, hidden));
    String bName = derivedInitializer(prefix + ".onnx_B", () -> lstmBias(w, dirs, hidden));
    String y = e.base + "/Y";
    e.graph.addNode(node("LSTM", e.base + "/LSTM", List.of(e.in(0), wName, rName, bName), List.of(y)).toBuilder()
        .addAttribute(attr("hidden_size", (long) hidden))
        .addAttribute(attr("direction", dirs == 2 ? "bidirectional" : "forward"))
        .setDocString("weights " + keys)
        .build());
    String t = e.base + "/Transpose";
    e.graph.addNode(node("Transpose", t, List.of(y), List.of(t)).toBuilder()
        .addAttribute(attr("perm", List.of(0L, 2L, 1L, 3L))).build());
    String shape = int64Initializer(e.base + ".shape", List.of(0L, 0L, -1L));
    e.out(e.node("Reshape", List.of(t, shape)));
  }

  /** PyTorch gate blocks i,f,g,o → ONNX i,o,f,c: ONNX block j is PyTorch block GATES[j]. */
  private static final int[] GATES = {0, 3, 1, 2};

  /** W (which = 0: from w_ih) or R (which = 1: from w_hh), [dirs, 4H, cols], gates reordered. */
  private static TensorData lstmStack(List<TensorData> w, int dirs, int which, int hidden) {
    long cols = w.get(which).shape()[1];
    float[] out = new float[(int) (dirs * 4L * hidden * cols)];
    int block = (int) (hidden * cols);
    for (int d = 0; d < dirs; d++) {
      float[] src = w.get(4 * d + which).toFloats();
      for (int j = 0; j < 4; j++) {
        System.arraycopy(src, GATES[j] * block, out, (d * 4 + j) * block, block);
      }
    }
    return TensorData.ofFloats(out, dirs, 4L * hidden, cols);
  }

  /** B [dirs, 8H] = concat(b_ih, b_hh) per direction, gates reordered. */
  private static TensorData lstmBias(List<TensorData> w, int dirs, int hidden) {
    float[] out = new float[dirs * 8 * hidden];
    for (int d = 0; d < dirs; d++) {
      for (int k = 0; k < 2; k++) {
        float[] src = w.get(4 * d + 2 + k).toFloats();
        for (int j = 0; j < 4; j++) {
          System.arraycopy(src, GATES[j] * hidden, out, d * 8 * hidden + k * 4 * hidden + j * hidden, hidden);
        }
      }
    }
    return TensorData.ofFloats(out, dirs, 8L * hidden);
  }

  private static TensorData transpose2d(TensorData t) {
    long[] s = t.shape();
    int rows = (int) s[0];
    int cols = (int) s[1];
    float[] src = t.toFloats();
    float[] out = new float[src.length];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        out[c * rows + r] = src[r * cols + c];
      }
    }
    return TensorData.ofFloats(out, cols, rows);
  }

  private static State stateOf(Value v, Scope scope) {
    for (Scope s = scope; s != null; s = s.outer) {
      State state = s.states.get(v);
      if (state != null) {
        return state;
      }
      if (s.names.containsKey(v)) {
        return null;
      }
    }
    return null;
  }

  // ---- one node ------------------------------------------------------------------------------------------------

  /** The lowering of one IR node: its readable base name ({@code cnn.conv/Conv_3}) and its input names. */
  private final class Emit {
    final Block owner;
    final Node n;
    final Scope scope;
    final GraphProto.Builder graph;
    final String base;

    Emit(Block owner, Node n, Scope scope, GraphProto.Builder graph) {
      this.owner = owner;
      this.n = n;
      this.scope = scope;
      this.graph = graph;
      String path = owner.path();
      this.base = (path.isEmpty() ? "" : path + "/") + opName(n.op()) + "_" + counter++;
    }

    String in(int i) {
      return name(n.input(i), scope);
    }

    List<String> inputs() {
      return n.inputs().stream().map(v -> name(v, scope)).toList();
    }

    /** A node producing this IR node's outputs (named after the node), to be finished by {@link #out}. */
    NodeProto.Builder node(String opType, List<String> inputs) {
      List<String> outs = new ArrayList<>();
      for (int i = 0; i < n.outputs().size(); i++) {
        outs.add(n.outputs().size() == 1 ? base : base + ":" + i);
      }
      return OnnxWriter.node(opType, base, inputs, outs).toBuilder();
    }

    void out(NodeProto.Builder b) {
      graph.addNode(b);
      for (int i = 0; i < n.outputs().size(); i++) {
        scope.names.put(n.outputs().get(i), b.getOutput(i));
      }
    }

    void simple(String opType) {
      out(node(opType, inputs()));
    }
  }

  private static String opName(Op op) {
    StringBuilder b = new StringBuilder();
    for (String part : op.name().toLowerCase().split("_")) {
      b.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
    }
    return b.toString();
  }

  // ---- initializers and protos ---------------------------------------------------------------------------------

  private String stateInitializer(State s) {
    return derivedInitializer(s.key(), () -> weights.get(s.key()));
  }

  private String derivedInitializer(String name, java.util.function.Supplier<TensorData> data) {
    if (initializers.add(name)) {
      main.addInitializer(tensor(name, data.get()));
    }
    return name;
  }

  private String int64Initializer(String name, List<Long> values) {
    return derivedInitializer(name, () -> TensorData.ofLongs(values.stream().mapToLong(Long::longValue).toArray(),
        values.size()));
  }

  private static TensorProto tensor(String name, TensorData t) {
    TensorProto.Builder b = TensorProto.newBuilder().setName(name).setDataType(t.dtype().onnxCode());
    for (long d : t.shape()) {
      b.addDims(d);
    }
    // raw_data is little-endian, as TensorData's bytes are.
    return b.setRawData(ByteString.copyFrom(t.bytes())).build();
  }

  /** A CONSTANT node's value: every element equal to the attribute value. */
  private static TensorProto constant(Node n) {
    DType dtype = n.attr("dtype", DType.class);
    @SuppressWarnings("unchecked")
    List<? extends Number> dims = (List<? extends Number>) n.attr("shape");
    long[] shape = dims.stream().mapToLong(Number::longValue).toArray();
    int count = Math.toIntExact(TensorData.numel(shape));
    Number value = (Number) n.attr("value");
    ByteBuffer buf = ByteBuffer.allocate(count * dtype.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < count; i++) {
      switch (dtype) {
        case FLOAT32 -> buf.putFloat(value.floatValue());
        case FLOAT64 -> buf.putDouble(value.doubleValue());
        case INT64 -> buf.putLong(value.longValue());
        case INT32 -> buf.putInt(value.intValue());
        case INT16 -> buf.putShort(value.shortValue());
        case INT8, UINT8 -> buf.put(value.byteValue());
        case BOOL -> buf.put((byte) (value.doubleValue() != 0 ? 1 : 0));
        default -> throw new UnsupportedOperationException("constant of dtype " + dtype.pythonName());
      }
    }
    buf.flip();
    return tensor("value", new TensorData(dtype, shape, buf));
  }

  /**
   * A graph input or output type. A symbolic dimension keeps its symbol ({@code N}); an unknown one gets a fresh
   * symbol on inputs (unk_0, …: "?" would tie all unknown dimensions together) and no constraint on outputs.
   */
  private ValueInfoProto valueInfo(String name, TensorType type, boolean input) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (Dim d : type.shape()) {
      TensorShapeProto.Dimension.Builder dim = TensorShapeProto.Dimension.newBuilder();
      if (d.isKnown()) {
        dim.setDimValue(d.size());
      } else if (!d.equals(Dim.UNKNOWN)) {
        dim.setDimParam(d.symbol());
      } else if (input) {
        dim.setDimParam("unk_" + unknownDims++);
      }
      shape.addDim(dim);
    }
    return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
        TypeProto.Tensor.newBuilder().setElemType(type.dtype().onnxCode()).setShape(shape))).build();
  }

  private static NodeProto node(String opType, String name, List<String> inputs, List<String> outputs) {
    return NodeProto.newBuilder().setOpType(opType).setName(name).addAllInput(inputs).addAllOutput(outputs).build();
  }

  private static StringStringEntryProto meta(String key, String value) {
    return StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
  }

  private static AttributeProto attr(String name, long value) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
  }

  private static AttributeProto attr(String name, float value) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value).build();
  }

  private static AttributeProto attr(String name, String value) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
        .setS(ByteString.copyFromUtf8(value)).build();
  }

  private static AttributeProto attr(String name, List<Long> values) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS).addAllInts(values)
        .build();
  }

  private static AttributeProto attr(String name, TensorProto value) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.TENSOR).setT(value).build();
  }
}
