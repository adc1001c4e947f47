package dev.strata.dsl;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class as a network module, the counterpart of PyTorch's {@code nn.Module}. The class extends
 * {@link Block}; the annotation processor generates {@code <Name>Config} (hyperparameters with a builder),
 * {@code <Name>Module} (the parameter table and traced forward methods) and, when some {@link Forward}
 * method has {@link Shape}d inputs, {@code <Name>Graph} (typed entry points).
 */
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.TYPE)
public @interface Module {
  /** Class name in emitted TorchScript ({@code __torch__.strata.<name>}); the Java simple name by default. */
  String name() default "";
}
