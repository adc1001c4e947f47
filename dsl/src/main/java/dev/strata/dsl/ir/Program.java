package dev.strata.dsl.ir;

import dev.strata.dsl.Block;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A traced model: the module tree (structure and parameter declarations), its entry points, and the configuration
 * it was built from. Weights are not part of it: emitters combine a program with a state dict.
 */
public final class Program {
  private final String model;
  private final Block root;
  private final Map<String, Entry> entries;
  private final Map<String, Object> config;

  public Program(String model, Block root, List<Entry> entries, Map<String, Object> config) {
    this.model = model;
    this.root = root;
    LinkedHashMap<String, Entry> byName = new LinkedHashMap<>();
    for (Entry e : entries) {
      if (byName.put(e.name(), e) != null) {
        throw new IllegalArgumentException("duplicate entry point " + e.name());
      }
    }
    this.entries = Collections.unmodifiableMap(byName);
    this.config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
  }

  /** The root module's type name, e.g. {@code Crnn}. */
  public String model() {
    return model;
  }

  public Block root() {
    return root;
  }

  public Map<String, Entry> entries() {
    return entries;
  }

  public Entry entry(String name) {
    Entry e = entries.get(name);
    if (e == null) {
      throw new IllegalArgumentException(model + " has no entry point '" + name + "' (has " + entries.keySet() + ")");
    }
    return e;
  }

  /** Hyperparameters by name, as the config type holds them. */
  public Map<String, Object> config() {
    return config;
  }

  /** Every parameter and buffer in PyTorch's state-dict order. */
  public List<State> states() {
    List<State> out = new ArrayList<>();
    root.collectStates(out);
    return out;
  }
}
