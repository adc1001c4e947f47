package dev.strata.models.nn;

/** PyTorch's {@code _pair}: one value for both spatial dimensions, or two. */
final class Pair {
  private Pair() {}

  static int[] of(int[] values, String what) {
    if (values.length == 1) {
      return new int[] {values[0], values[0]};
    }
    if (values.length == 2) {
      return values.clone();
    }
    throw new IllegalArgumentException(what + " needs one or two values, got " + values.length);
  }
}
