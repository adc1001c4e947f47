package dev.strata.dsl;

/**
 * A hyperparameter as the generated {@code <Name>Config.HYPERS} describes it, for help texts and tools that set
 * hyperparameters from text.
 *
 * @param name the field name
 * @param type the Java type as written: {@code int, long, float, double, boolean, String, int[]} or an enum's
 *     simple name
 * @param defaultValue the default as text, or {@code null} if the hyperparameter is required
 * @param min inclusive lower bound ({@code -Infinity} if none)
 * @param max inclusive upper bound ({@code Infinity} if none)
 * @param doc one line of help, possibly empty
 */
public record HyperSpec(String name, String type, String defaultValue, double min, double max, String doc) {
  public boolean required() {
    return defaultValue == null;
  }
}
