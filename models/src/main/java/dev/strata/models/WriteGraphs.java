package dev.strata.models;

import dev.strata.dsl.ir.Program;
import dev.strata.runtime.io.GraphFolder;
import dev.strata.runtime.tensor.StateDict;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** Run by {@code mvn package}: writes every model's default graphs, freshly initialised, to {@code <dir>/<model>/}. */
public final class WriteGraphs {
  private WriteGraphs() {}

  public static void main(String[] args) throws IOException {
    Path out = Path.of(args.length > 0 ? args[0] : "target/graphs");
    for (ModelSpec spec : Models.all()) {
      Program program = spec.build("default", Map.of());
      Path dir = out.resolve(spec.name());
      GraphFolder.write(dir, spec.name(), "default", program, StateDict.initialize(program, 0), spec.dictionary());
      System.out.println("strata: wrote " + dir);
    }
  }
}
