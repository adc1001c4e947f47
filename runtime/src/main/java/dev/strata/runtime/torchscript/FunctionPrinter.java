package dev.strata.runtime.torchscript;

import dev.strata.dsl.Block;
import dev.strata.dsl.ir.DType;
import dev.strata.dsl.ir.Function;
import dev.strata.dsl.ir.Node;
import dev.strata.dsl.ir.State;
import dev.strata.dsl.ir.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Prints one traced {@link Function} as a TorchScript method: one statement (rarely a few) per node, every value
 * in a local variable. Lowerings call aten ops directly ({@code torch.conv2d}, not {@code torch.nn.functional}),
 * which both torch 1.13 and libtorch 2.x resolve; dtypes are ScalarType ints because {@code torch.long} is not a
 * name the loader knows.
 *
 * <p>Statements are written through {@link #line} at the current indentation so that structured control flow
 * ({@code LOOP} as {@code for}/{@code while}, {@code IF} as {@code if}) can print its bodies as nested blocks with
 * the same value names; they are not lowered yet.
 */
final class FunctionPrinter {
  private final Function fn;
  private final Block owner;
  private final StringBuilder out = new StringBuilder();
  private final Map<Value, String> names = new HashMap<>();
  private final Set<String> taken = new HashSet<>();
  private int temps;
  private int indent = 2;

  FunctionPrinter(Function fn) {
    this.fn = fn;
    this.owner = fn.owner();
  }

  /** {@code def <method>(self, x: Tensor) -> Tensor:} and its body, indented for a class body. */
  String print(String method) {
    List<String> params = new ArrayList<>();
    for (Value v : fn.inputs()) {
      String name = fresh(v.hint() != null ? Names.local(v.hint()) : "x");
      names.put(v, name);
      params.add(name + ": Tensor");
    }
    line("def " + method + "(self" + params.stream().map(p -> ", " + p).collect(Collectors.joining()) + ") -> "
        + returnType(fn.outputs().size()) + ":");
    indent += 2;
    for (Node n : fn.nodes()) {
      node(n);
    }
    line("return " + tuple(fn.outputs()));
    indent -= 2;
    return out.toString();
  }

  static String returnType(int outputs) {
    if (outputs == 1) {
      return "Tensor";
    }
    return "Tuple[" + String.join(", ", java.util.Collections.nCopies(outputs, "Tensor")) + "]";
  }

  private void node(Node n) {
    switch (n.op()) {
      case STATE -> {
        State s = n.attr("state", State.class);
        List<String> path = new ArrayList<>(owner.pathTo(s.owner()));
        path.add(s.name());
        assign(n, Names.attribute("self", path));
      }
      case CONSTANT -> assign(n, constant(n));
      case CALL -> {
        Function callee = n.attr("callee", Function.class);
        String target = Names.attribute("self", owner.pathTo(callee.owner()));
        String call = target + "." + callee.owner().methodName(callee) + "(" + args(n.inputs()) + ")";
        List<String> outs = outputs(n);
        line(String.join(", ", outs) + " = " + call);
      }
      case ADD -> call(n, "torch.add", in(n, 0), in(n, 1));
      case SUB -> call(n, "torch.sub", in(n, 0), in(n, 1));
      case MUL -> call(n, "torch.mul", in(n, 0), in(n, 1));
      case DIV -> call(n, "torch.div", in(n, 0), in(n, 1));
      case RELU -> call(n, "torch.relu", in(n, 0));
      case SIGMOID -> call(n, "torch.sigmoid", in(n, 0));
      case TANH -> call(n, "torch.tanh", in(n, 0));
      case NEG -> call(n, "torch.neg", in(n, 0));
      case EXP -> call(n, "torch.exp", in(n, 0));
      case LOG -> call(n, "torch.log", in(n, 0));
      case CONV2D -> call(n, "torch.conv2d", in(n, 0), in(n, 1), optional(n, 2), Names.ints(n.ints("stride")),
          Names.ints(n.ints("padding")), Names.ints(n.ints("dilation")), Long.toString(n.i("groups")));
      case BATCH_NORM -> {
        // As nn.BatchNorm2d does: count batches while training (the running statistics are updated by the op).
        line("if self.training:");
        indent += 2;
        line(temp() + " = torch.add_(" + in(n, 5) + ", 1)");
        indent -= 2;
        call(n, "torch.batch_norm", in(n, 0), in(n, 1), in(n, 2), in(n, 3), in(n, 4), "self.training",
            Names.floating(n.f("momentum")), Names.floating(n.f("eps")), "True");
      }
      case MAX_POOL2D -> call(n, "torch.max_pool2d", in(n, 0), Names.ints(n.ints("kernel")),
          Names.ints(n.ints("stride")), Names.ints(n.ints("padding")), "[1, 1]", "False");
      case LINEAR -> call(n, "torch.linear", in(n, 0), in(n, 1), optional(n, 2));
      case LSTM -> lstm(n);
      case MATMUL -> call(n, "torch.matmul", in(n, 0), in(n, 1));
      case PERMUTE -> call(n, "torch.permute", in(n, 0), Names.ints(n.ints("dims")));
      case RESHAPE -> {
        // ONNX semantics: 0 copies the input's dimension at that position; -1 is inferred by torch as well.
        String x = in(n, 0);
        List<String> dims = new ArrayList<>();
        List<Long> shape = n.ints("shape");
        for (int i = 0; i < shape.size(); i++) {
          dims.add(shape.get(i) == 0 ? x + ".size(" + i + ")" : Long.toString(shape.get(i)));
        }
        call(n, "torch.reshape", x, "[" + String.join(", ", dims) + "]");
      }
      case SQUEEZE -> call(n, "torch.squeeze", in(n, 0), Long.toString(n.i("dim")));
      case UNSQUEEZE -> call(n, "torch.unsqueeze", in(n, 0), Long.toString(n.i("dim")));
      case CONCAT -> call(n, "torch.cat", "[" + args(n.inputs()) + "]", Long.toString(n.i("dim")));
      case SOFTMAX -> call(n, "torch.softmax", in(n, 0), Long.toString(n.i("dim")));
      case LOG_SOFTMAX -> call(n, "torch.log_softmax", in(n, 0), Long.toString(n.i("dim")));
      case ARGMAX -> call(n, "torch.argmax", in(n, 0), Long.toString(n.i("dim")), Names.bool(n.b("keepdim")));
      case MAX -> reduce(n, "torch.amax");
      case MEAN -> reduce(n, "torch.mean");
      case SUM -> reduce(n, "torch.sum");
      case CTC_LOSS -> {
        // Every sequence uses all T frames: input lengths are T for each of the N batch entries.
        String lp = in(n, 0);
        String lengths = temp();
        line(lengths + " = torch.full([" + lp + ".size(1)], " + lp + ".size(0), dtype=4, device=" + lp
            + ".device)");
        // reduction 1 = mean (per-target-length, as F.ctc_loss), zero_infinity = True
        call(n, "torch.ctc_loss", lp, in(n, 1), lengths, in(n, 2), Long.toString(n.i("blank")), "1", "True");
      }
      case CROSS_ENTROPY -> call(n, "torch.cross_entropy_loss", in(n, 0), in(n, 1), "None", "1",
          Long.toString(n.i("ignore_index")), "0.0");
      case CAST -> assign(n, in(n, 0) + ".to(dtype=" + n.attr("dtype", DType.class).torchCode() + ")");
      case LOOP, IF -> throw new UnsupportedOperationException(
          "TorchScript lowering of " + n.op() + " is not implemented yet (in " + fn + ")");
    }
  }

  private void lstm(Node n) {
    String x = in(n, 0);
    boolean bidirectional = n.b("bidirectional");
    int dirs = bidirectional ? 2 : 1;
    String h0 = temp();
    line(h0 + " = torch.zeros([" + dirs + ", " + x + ".size(1), " + n.i("hidden") + "], dtype=" + x
        + ".dtype, device=" + x + ".device)");
    // The flat weight list is built here from the parameters: w_ih, w_hh, b_ih, b_hh, then the reverse direction.
    String weights = "[" + args(n.inputs().subList(1, n.inputs().size())) + "]";
    String hn = temp();
    String cn = temp();
    // has_biases, num_layers, dropout, train, bidirectional, batch_first
    line(name(n.output()) + ", " + hn + ", " + cn + " = torch.lstm(" + x + ", [" + h0 + ", " + h0 + "], " + weights
        + ", True, 1, 0.0, self.training, " + Names.bool(bidirectional) + ", False)");
  }

  private void reduce(Node n, String op) {
    call(n, op, in(n, 0), "[" + n.i("dim") + "]", Names.bool(n.b("keepdim")));
  }

  private String constant(Node n) {
    DType dtype = n.attr("dtype", DType.class);
    Number value = (Number) n.attr("value");
    @SuppressWarnings("unchecked")
    List<Long> shape = (List<Long>) n.attr("shape");
    String literal = dtype.isFloating() ? Names.floating(value.doubleValue())
        : dtype == DType.BOOL ? Names.bool(value.longValue() != 0) : Long.toString(value.longValue());
    // On the device of the function's first input, so that the constant follows the model to a GPU.
    String device = fn.inputs().isEmpty() ? "" : ", device=" + names.get(fn.inputs().get(0)) + ".device";
    return "torch.full(" + Names.ints(shape) + ", " + literal + ", dtype=" + dtype.torchCode() + device + ")";
  }

  private void call(Node n, String op, String... args) {
    assign(n, op + "(" + String.join(", ", args) + ")");
  }

  private void assign(Node n, String expression) {
    line(name(n.output()) + " = " + expression);
  }

  private List<String> outputs(Node n) {
    return n.outputs().stream().map(this::name).toList();
  }

  private String in(Node n, int i) {
    Value v = n.input(i);
    String name = names.get(v);
    if (name == null) {
      throw new IllegalStateException(fn + ": value %" + v.id() + " is used before it is defined");
    }
    return name;
  }

  private String optional(Node n, int i) {
    return n.inputs().size() > i ? in(n, i) : "None";
  }

  private String args(List<Value> values) {
    List<String> out = new ArrayList<>();
    for (Value v : values) {
      String name = names.get(v);
      if (name == null) {
        throw new IllegalStateException(fn + ": value %" + v.id() + " is used before it is defined");
      }
      out.add(name);
    }
    return String.join(", ", out);
  }

  private String tuple(List<Value> values) {
    return values.size() == 1 ? args(values) : "(" + args(values) + ")";
  }

  /** The variable holding a node output, created on first use. */
  private String name(Value v) {
    return names.computeIfAbsent(v, k -> temp());
  }

  private String temp() {
    return fresh("_" + temps++);
  }

  private String fresh(String base) {
    String name = base;
    for (int i = 1; !taken.add(name); i++) {
      name = base + "_" + i;
    }
    return name;
  }

  private void line(String text) {
    out.append(" ".repeat(indent)).append(text).append('\n');
  }
}
