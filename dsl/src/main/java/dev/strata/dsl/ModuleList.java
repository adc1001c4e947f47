package dev.strata.dsl;

/** The container behind a {@code List} child: children named {@code 0}, {@code 1}, … and no code of its own. */
public final class ModuleList extends Block {
  @Override
  public String typeName() {
    return "ModuleList";
  }
}
