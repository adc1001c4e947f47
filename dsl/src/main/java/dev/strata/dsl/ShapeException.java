package dev.strata.dsl;

/** A graph that cannot be built: the message starts with the module path at fault. */
public final class ShapeException extends RuntimeException {
  private final String path;

  public ShapeException(String path, String message) {
    super((path.isEmpty() ? "<root>" : path) + ": " + message);
    this.path = path;
  }

  /** The state-dict prefix of the module at fault; empty for the root. */
  public String path() {
    return path;
  }
}
