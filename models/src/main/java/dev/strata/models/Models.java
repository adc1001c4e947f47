package dev.strata.models;

import dev.strata.models.crnn.CrnnSpec;
import java.util.List;

/** The recognizers Strata ships. */
public final class Models {
  private static final List<ModelSpec> ALL = List.of(new CrnnSpec());

  private Models() {}

  public static List<ModelSpec> all() {
    return ALL;
  }

  public static ModelSpec get(String name) {
    return ALL.stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow(() ->
        new IllegalArgumentException("unknown model '" + name + "' (known: "
            + String.join(", ", ALL.stream().map(ModelSpec::name).toList()) + ")"));
  }
}
