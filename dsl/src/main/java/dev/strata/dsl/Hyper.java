package dev.strata.dsl;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A hyperparameter field. Allowed types: {@code int, long, float, double, boolean, String, int[]} and enums.
 * The default is written as text ({@code "256"}, {@code "true"}, {@code "64,128,256"}, an enum constant name) and
 * checked at compile time; without one the hyperparameter is required.
 */
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.FIELD)
public @interface Hyper {
  String REQUIRED = "\u0000required";

  /** The default value as text. */
  String value() default REQUIRED;

  /** Inclusive lower bound for numbers (and for each element of an {@code int[]}). */
  double min() default Double.NEGATIVE_INFINITY;

  /** Inclusive upper bound for numbers. */
  double max() default Double.POSITIVE_INFINITY;

  /** One line of help, shown by {@code strata export --help-model}. */
  String doc() default "";
}
