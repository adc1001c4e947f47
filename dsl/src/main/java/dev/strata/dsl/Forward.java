package dev.strata.dsl;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A method that computes with symbolic {@link Tensor}s. Calls to it from other modules become calls in the emitted
 * graph (a method of the TorchScript class). When every parameter carries a {@link Shape}, the method is also an
 * entry point of the model.
 */
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.METHOD)
public @interface Forward {
  /** A training entry (returns a scalar loss): emitted to TorchScript only. */
  boolean training() default false;
}
