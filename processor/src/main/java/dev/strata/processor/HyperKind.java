package dev.strata.processor;

import java.util.List;

/**
 * The types a {@code @Hyper} field may have. The processor parses defaults with {@link #parse} and the generated
 * {@code Builder.set} parses text with the same library calls, so a default that compiles also parses at run time.
 */
enum HyperKind {
  INT("int", "an int"),
  LONG("long", "a long"),
  FLOAT("float", "a float"),
  DOUBLE("double", "a double"),
  BOOLEAN("boolean", "a boolean (true or false)"),
  STRING("String", "a String"),
  INT_ARRAY("int[]", "a comma-separated list of ints"),
  ENUM("enum", "a constant of the enum");

  private final String javaName;
  private final String description;

  HyperKind(String javaName, String description) {
    this.javaName = javaName;
    this.description = description;
  }

  /** The type as written in Java; enums use their own name instead. */
  String javaName() {
    return javaName;
  }

  /** Completes "'x' is not ...". */
  String description() {
    return description;
  }

  /** Whether {@code @Hyper(min, max)} applies; for {@code int[]} it bounds each element. */
  boolean isNumeric() {
    return this == INT || this == LONG || this == FLOAT || this == DOUBLE || this == INT_ARRAY;
  }

  /** Whether a {@code @Shape} item may name a hyperparameter of this kind. */
  boolean isDimension() {
    return this == INT || this == LONG;
  }

  /**
   * The value of {@code text}: Integer, Long, Float, Double, Boolean, String, int[], or the enum constant's name;
   * {@code null} if it does not parse.
   */
  Object parse(String text, List<String> enumConstants) {
    try {
      return switch (this) {
        case INT -> Integer.parseInt(text.trim());
        case LONG -> Long.parseLong(text.trim());
        case FLOAT -> Float.parseFloat(text.trim());
        case DOUBLE -> Double.parseDouble(text.trim());
        case BOOLEAN -> text.trim().equals("true") ? Boolean.TRUE : text.trim().equals("false") ? Boolean.FALSE : null;
        case STRING -> text;
        case INT_ARRAY -> parseInts(text);
        case ENUM -> enumConstants.contains(text.trim()) ? text.trim() : null;
      };
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Same rules as the generated {@code parseInts}: blank is empty, otherwise comma-separated ints. */
  static int[] parseInts(String text) {
    if (text.isBlank()) {
      return new int[0];
    }
    String[] parts = text.split(",", -1);
    int[] out = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      out[i] = Integer.parseInt(parts[i].trim());
    }
    return out;
  }

  /** The numbers {@code min}/{@code max} bound in a parsed value. */
  static double[] numbers(Object value) {
    if (value instanceof int[] ints) {
      return java.util.Arrays.stream(ints).asDoubleStream().toArray();
    }
    return new double[] {((Number) value).doubleValue()};
  }

  /** A bound as people write it: {@code 1}, not {@code 1.0}. */
  static String formatBound(double bound) {
    if (bound == Math.rint(bound) && Math.abs(bound) < 1e15) {
      return Long.toString((long) bound);
    }
    return Double.toString(bound);
  }
}
