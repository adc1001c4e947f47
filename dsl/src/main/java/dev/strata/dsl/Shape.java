package dev.strata.dsl;

import dev.strata.dsl.ir.DType;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The type of an entry-point input, e.g. {@code "N, inputChannels, imageHeight, 100"}: integers, names of
 * {@code int} hyperparameters, and symbolic dimensions (capitalised names such as {@code N}) that stay dynamic.
 */
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.PARAMETER)
public @interface Shape {
  String value();

  DType dtype() default DType.FLOAT32;
}
