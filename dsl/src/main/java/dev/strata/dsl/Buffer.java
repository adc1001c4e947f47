package dev.strata.dsl;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A non-trainable state tensor (running statistics, constant matrices); named like {@link Param}. */
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.FIELD)
public @interface Buffer {
  String value() default "";
}
