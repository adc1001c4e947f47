package dev.strata.dsl;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A submodule field: a {@link Block} subtype, or a {@code List} of them (named {@code <field>.0}, {@code <field>.1},
 * as {@code nn.ModuleList}/{@code nn.Sequential} children are). Its state-dict prefix is {@link #value()} or the
 * field name.
 */
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.FIELD)
public @interface Child {
  String value() default "";
}
