package dev.strata.cli;

import dev.strata.dsl.ir.Program;
import dev.strata.models.ModelSpec;
import dev.strata.models.Models;
import dev.strata.runtime.io.GraphFolder;
import dev.strata.runtime.tensor.StateDict;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code strata export}: a model's graphs, freshly initialised and ready to train. */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = "Write model.pt (TorchScript, trainable), model.onnx, config.json and dictionary.txt.")
final class ExportCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, description = "Model name (see 'strata models').")
  String model;

  @Option(names = "--preset", defaultValue = "default", description = "Preset (default: ${DEFAULT-VALUE}).")
  String preset;

  @Option(names = "--set", description = "Override a hyperparameter: --set hidden=128 (repeatable).")
  Map<String, String> overrides = new LinkedHashMap<>();

  @Option(names = "--seed", defaultValue = "0", description = "Seed of the initial weights (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", required = true, description = "Output folder.")
  Path out;

  @Override
  public Integer call() throws Exception {
    ModelSpec spec = Models.get(model);
    Program program = spec.build(preset, overrides);
    StateDict weights = StateDict.initialize(program, seed);
    GraphFolder.write(out, spec.name(), preset, program, weights, spec.dictionary());
    long params = program.states().stream()
        .filter(s -> s.kind() == dev.strata.dsl.ir.State.Kind.PARAMETER).mapToLong(s -> s.type().numel()).sum();
    System.out.printf("exported %s (%s, %,d parameters) to %s: %s, %s, %s, %s%n", spec.name(), preset, params, out,
        GraphFolder.TORCHSCRIPT, GraphFolder.ONNX, GraphFolder.CONFIG, GraphFolder.DICTIONARY);
    return 0;
  }
}
