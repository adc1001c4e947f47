package dev.strata.processor;

import com.palantir.javapoet.CodeBlock;
import dev.strata.processor.ModuleModel.Hyper;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Java source for constant values: defaults and bounds. */
final class Literals {
  private Literals() {}

  /** The parsed default of {@code h} as an expression of its type. */
  static CodeBlock defaultValue(Hyper h) {
    Object v = h.defaultValue();
    return switch (h.kind()) {
      case INT, BOOLEAN -> CodeBlock.of("$L", v);
      case LONG -> CodeBlock.of("$LL", v);
      case FLOAT -> ofFloat((Float) v);
      case DOUBLE -> ofDouble((Double) v);
      case STRING -> CodeBlock.of("$S", v);
      case INT_ARRAY -> CodeBlock.of("new int[] {$L}",
          Arrays.stream((int[]) v).mapToObj(Integer::toString).collect(Collectors.joining(", ")));
      case ENUM -> CodeBlock.of("$T.$N", h.type(), (String) v);
    };
  }

  static CodeBlock ofDouble(double d) {
    if (Double.isNaN(d)) {
      return CodeBlock.of("$T.NaN", Double.class);
    }
    if (Double.isInfinite(d)) {
      return CodeBlock.of("$T.$N", Double.class, d > 0 ? "POSITIVE_INFINITY" : "NEGATIVE_INFINITY");
    }
    return CodeBlock.of("$L", Double.toString(d));
  }

  static CodeBlock ofFloat(float f) {
    if (Float.isNaN(f)) {
      return CodeBlock.of("$T.NaN", Float.class);
    }
    if (Float.isInfinite(f)) {
      return CodeBlock.of("$T.$N", Float.class, f > 0 ? "POSITIVE_INFINITY" : "NEGATIVE_INFINITY");
    }
    return CodeBlock.of("$Lf", Float.toString(f));
  }
}
