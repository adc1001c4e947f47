package dev.strata.runtime.torchscript;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Spelling rules of TorchScript source: identifiers, attribute access, literals. */
final class Names {
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Set<String> RESERVED = Set.of("False", "None", "True", "and", "as", "assert", "async",
      "await", "break", "class", "continue", "def", "del", "elif", "else", "except", "finally", "for", "from",
      "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try",
      "while", "with", "yield", "self", "torch", "Tensor", "List", "Dict", "Tuple", "Optional", "int", "float",
      "bool", "str", "getattr", "range", "len", "print", "ops", "CONSTANTS", "__torch__", "annotate", "uninitialized");

  private Names() {}

  /** True if {@code name} can be written as {@code self.name} and declared as {@code name : T}. */
  static boolean isIdentifier(String name) {
    return IDENTIFIER.matcher(name).matches() && !RESERVED.contains(name);
  }

  /** {@code base.a.b}, using {@code getattr(base, "0")} for names that are not identifiers (list children). */
  static String attribute(String base, List<String> path) {
    String out = base;
    for (String name : path) {
      out = isIdentifier(name) ? out + "." + name : "getattr(" + out + ", " + quote(name) + ")";
    }
    return out;
  }

  /** A local variable name derived from a hint: identifier characters only, never reserved. */
  static String local(String hint) {
    String s = hint.replaceAll("[^A-Za-z0-9_]", "_");
    if (s.isEmpty() || Character.isDigit(s.charAt(0)) || RESERVED.contains(s)) {
      s = "v_" + s;
    }
    return s;
  }

  static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /** A float literal: always with a decimal point or exponent (an int where a float is expected fails to match). */
  static String floating(double v) {
    if (Double.isNaN(v)) {
      return "float(\"nan\")";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "float(\"inf\")" : "float(\"-inf\")";
    }
    return Double.toString(v); // 1.0, 1.0E-5: both parse as floats
  }

  static String ints(List<Long> values) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < values.size(); i++) {
      b.append(i == 0 ? "" : ", ").append(values.get(i));
    }
    return b.append(']').toString();
  }

  static String bool(boolean v) {
    return v ? "True" : "False";
  }
}
