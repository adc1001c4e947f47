package dev.strata.processor;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;

/** The {@code @Generated} marker every generated type carries, so tools can skip generated code. */
final class Generation {
  private static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");

  private Generation() {}

  static AnnotationSpec annotation() {
    return AnnotationSpec.builder(GENERATED).addMember("value", "$S", ModuleProcessor.class.getName()).build();
  }
}
