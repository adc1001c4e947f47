package dev.strata.dsl;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A trainable tensor field, created in {@link Block#build()} with {@link Block#param}. Its state-dict name is
 * {@link #value()} or the field name; a field left {@code null} (an absent bias) has no entry, as in PyTorch.
 */
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.FIELD)
public @interface Param {
  String value() default "";
}
