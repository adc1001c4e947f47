package dev.strata.cli;

import dev.strata.dsl.HyperSpec;
import dev.strata.models.ModelSpec;
import dev.strata.models.Models;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code strata models}: what can be exported, with presets and hyperparameters. */
@Command(name = "models", description = "List the models, their presets and hyperparameters.")
final class ModelsCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    for (ModelSpec m : Models.all()) {
      System.out.printf("%s: %s%n  presets: %s%n  hyperparameters (--set key=value):%n", m.name(), m.description(),
          String.join(", ", m.presets()));
      for (HyperSpec h : m.hypers()) {
        System.out.printf("    %-16s %-8s default %-28s %s%n", h.name(), h.type(),
            h.defaultValue() == null ? "(required)" : h.defaultValue(), h.doc());
      }
    }
    return 0;
  }
}
