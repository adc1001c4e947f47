package dev.strata.dsl.ir;

/** A tensor that a {@link Node} (or a function input) produces; identity is the object. */
public final class Value {
  private final int id;
  private final TensorType type;
  private final String hint;

  Value(int id, TensorType type, String hint) {
    this.id = id;
    this.type = type;
    this.hint = hint;
  }

  /** Unique within its {@link Function}. */
  public int id() {
    return id;
  }

  public TensorType type() {
    return type;
  }

  /** A preferred printed name (an argument name), or null. */
  public String hint() {
    return hint;
  }

  @Override
  public String toString() {
    return (hint != null ? hint : "%" + id) + ": " + type;
  }
}
