package dev.strata.dsl;

import dev.strata.dsl.ir.DType;
import dev.strata.dsl.ir.Function;
import dev.strata.dsl.ir.Init;
import dev.strata.dsl.ir.State;
import dev.strata.dsl.ir.TensorType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Base class of {@link Module} classes. Subclasses create their children and tensors in {@link #build()}; the
 * generated {@code <Name>Module} registers them under their state-dict names and routes {@link Forward} calls
 * through {@link #call}, so that calling a child's method records a call in the graph.
 */
public abstract class Block {
  private Block parent;
  private String name = "";
  private final Map<String, State> states = new LinkedHashMap<>();
  private final Map<String, Block> children = new LinkedHashMap<>();
  private final Map<String, List<Function>> methods = new LinkedHashMap<>();

  /** Creates children and tensors from the hyperparameter fields, like {@code nn.Module.__init__}. */
  protected void build() {}

  /** The TorchScript class name; generated subclasses return the {@link Module#name()}. */
  public String typeName() {
    return getClass().getSimpleName();
  }

  /** A new trainable float32 tensor. */
  protected final Tensor param(Init init, long... shape) {
    return Tensor.of(new State(State.Kind.PARAMETER, TensorType.of(DType.FLOAT32, shape), init));
  }

  /** A new non-trainable tensor. */
  protected final Tensor buffer(DType dtype, Init init, long... shape) {
    return Tensor.of(new State(State.Kind.BUFFER, TensorType.of(dtype, shape), init));
  }

  /** Registers a parameter or buffer; a null tensor (an absent bias) is skipped, as PyTorch skips None. */
  protected final void register(String key, Tensor tensor) {
    if (tensor == null) {
      return;
    }
    State state = tensor.state();
    if (state == null) {
      throw new IllegalStateException(path() + ": '" + key + "' must be created with param() or buffer()");
    }
    claim(key);
    state.attach(this, key);
    states.put(key, state);
  }

  /** Registers a submodule; a null child is skipped. */
  protected final void register(String key, Block child) {
    if (child == null) {
      return;
    }
    if (child.parent != null) {
      throw new IllegalStateException(child.path() + " is already a child; a module has one parent");
    }
    claim(key);
    child.parent = this;
    child.name = key;
    children.put(key, child);
  }

  /** Registers a list of submodules under {@code key.0}, {@code key.1}, … ({@code nn.ModuleList}). */
  protected final void register(String key, List<? extends Block> list) {
    if (list == null) {
      return;
    }
    ModuleList container = new ModuleList();
    for (int i = 0; i < list.size(); i++) {
      container.register(Integer.toString(i), list.get(i));
    }
    register(key, container);
  }

  private void claim(String key) {
    if (states.containsKey(key) || children.containsKey(key)) {
      throw new IllegalStateException(path() + ": duplicate name '" + key + "'");
    }
  }

  /**
   * Runs a forward method under the tracer: traces {@code body} as a function of this module and records a call
   * to it in the caller's function. Generated code calls this; models do not.
   */
  protected final Object call(String method, List<String> argNames, java.util.function.Function<Object[], Object> body,
      Object... args) {
    return Tracer.call(this, method, argNames, body, args);
  }

  /** The state-dict prefix: {@code rnn.0.embedding}; empty for the root. */
  public final String path() {
    if (parent == null) {
      return "";
    }
    String p = parent.path();
    return p.isEmpty() ? name : p + "." + name;
  }

  public final String name() {
    return name;
  }

  public final Block parent() {
    return parent;
  }

  public final Map<String, Block> children() {
    return Collections.unmodifiableMap(children);
  }

  /** Parameters and buffers of this module alone, in registration order. */
  public final Map<String, State> states() {
    return Collections.unmodifiableMap(states);
  }

  /** Traced methods by name; a method traced with different argument types has several variants. */
  public final Map<String, List<Function>> methods() {
    return Collections.unmodifiableMap(methods);
  }

  /** Adds a traced function, or returns the identical variant already recorded. */
  final Function addMethod(Function fn) {
    List<Function> variants = methods.computeIfAbsent(fn.method(), k -> new ArrayList<>());
    String text = fn.render();
    for (Function f : variants) {
      if (f.render().equals(text)) {
        return f;
      }
    }
    variants.add(fn);
    return fn;
  }

  /** The emitted name of a traced function: the method name, then {@code _1}, {@code _2} for further variants. */
  public final String methodName(Function fn) {
    List<Function> variants = methods.get(fn.method());
    int i = variants == null ? -1 : variants.indexOf(fn);
    if (i < 0) {
      throw new IllegalArgumentException(fn + " is not a method of " + path());
    }
    return i == 0 ? fn.method() : fn.method() + "_" + i;
  }

  /** True if {@code other} is this module or below it. */
  public final boolean contains(Block other) {
    for (Block b = other; b != null; b = b.parent) {
      if (b == this) {
        return true;
      }
    }
    return false;
  }

  /** Attribute names from this module down to a descendant. */
  public final List<String> pathTo(Block descendant) {
    List<String> out = new ArrayList<>();
    for (Block b = descendant; b != this; b = b.parent) {
      if (b == null) {
        throw new IllegalArgumentException(descendant.path() + " is not inside " + path());
      }
      out.add(0, b.name);
    }
    return out;
  }

  /** Appends this module's parameters, then its buffers, then each child's, as {@code state_dict()} orders them. */
  public final void collectStates(List<State> out) {
    for (State s : states.values()) {
      if (s.kind() == State.Kind.PARAMETER) {
        out.add(s);
      }
    }
    for (State s : states.values()) {
      if (s.kind() == State.Kind.BUFFER) {
        out.add(s);
      }
    }
    for (Block c : children.values()) {
      c.collectStates(out);
    }
  }

  @Override
  public String toString() {
    return typeName() + "(" + (path().isEmpty() ? "<root>" : path()) + ")";
  }
}
