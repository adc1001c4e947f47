package dev.strata.dsl.ir;

/**
 * One dimension of a tensor type: a known size, or a symbol that stays dynamic (the batch {@code N}). Arithmetic
 * on a symbol gives {@link #UNKNOWN}, a dimension no check can rely on.
 */
public record Dim(long size, String symbol) {
  public static final Dim UNKNOWN = new Dim(-1, "?");

  public Dim {
    if (symbol == null && size < 0) {
      throw new IllegalArgumentException("negative dimension " + size);
    }
  }

  public static Dim of(long size) {
    return new Dim(size, null);
  }

  public static Dim sym(String symbol) {
    return new Dim(-1, symbol);
  }

  public boolean isKnown() {
    return symbol == null;
  }

  /** Equal sizes, or the same symbol; an unknown dimension matches anything. */
  public boolean compatible(Dim other) {
    if (this.equals(UNKNOWN) || other.equals(UNKNOWN)) {
      return true;
    }
    return this.equals(other);
  }

  /** This dimension transformed by {@code f} if known, otherwise unknown. */
  public Dim map(java.util.function.LongUnaryOperator f) {
    return isKnown() ? of(f.applyAsLong(size)) : UNKNOWN;
  }

  @Override
  public String toString() {
    return isKnown() ? Long.toString(size) : symbol;
  }
}
