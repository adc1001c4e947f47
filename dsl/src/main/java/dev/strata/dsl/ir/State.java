package dev.strata.dsl.ir;

import dev.strata.dsl.Block;

/** A parameter or buffer of a module: its type and initializer; owner and name are set when it is registered. */
public final class State {
  public enum Kind { PARAMETER, BUFFER }

  private final Kind kind;
  private final TensorType type;
  private final Init init;
  private Block owner;
  private String name;

  public State(Kind kind, TensorType type, Init init) {
    this.kind = kind;
    this.type = type;
    this.init = init;
  }

  public Kind kind() {
    return kind;
  }

  public TensorType type() {
    return type;
  }

  public Init init() {
    return init;
  }

  public Block owner() {
    return owner;
  }

  /** The name within its owner ({@code weight}). */
  public String name() {
    return name;
  }

  /** The state-dict key ({@code rnn.0.embedding.weight}). */
  public String key() {
    String prefix = owner.path();
    return prefix.isEmpty() ? name : prefix + "." + name;
  }

  public void attach(Block owner, String name) {
    if (this.owner != null) {
      throw new IllegalStateException("tensor already registered as " + key());
    }
    this.owner = owner;
    this.name = name;
  }

  @Override
  public String toString() {
    return (owner == null ? "<unregistered>" : key()) + " " + type;
  }
}
