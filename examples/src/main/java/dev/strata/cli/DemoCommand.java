package dev.strata.cli;

import dev.strata.dsl.ir.Entry;
import dev.strata.dsl.ir.Program;
import dev.strata.models.ModelSpec;
import dev.strata.models.Models;
import dev.strata.runtime.engine.Engine;
import dev.strata.runtime.io.GraphFolder;
import dev.strata.runtime.io.Npy;
import dev.strata.runtime.tensor.StateDict;
import dev.strata.runtime.tensor.TensorData;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code strata demo}: the main job end to end on built-in data. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Export CRNN, run it in libtorch (TorchScript) and ONNX Runtime on a generated batch, and "
        + "print how well the two agree.")
final class DemoCommand implements Callable<Integer> {
  @Option(names = "--model", defaultValue = "crnn", description = "Model (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(names = "--preset", defaultValue = "tiny", description = "Preset (default: ${DEFAULT-VALUE}).")
  String preset;

  @Option(names = "--out", defaultValue = "target/demo", description = "Working folder (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--batch", defaultValue = "4", description = "Batch size (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--seed", defaultValue = "0", description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--tolerance", defaultValue = "1e-4", description = "Largest allowed difference (default: ${DEFAULT-VALUE}).")
  double tolerance;

  @Override
  public Integer call() throws Exception {
    ModelSpec spec = Models.get(model);
    Program program = spec.build(preset, Map.of());
    Path graph = out.resolve(spec.name());
    GraphFolder.write(graph, spec.name(), preset, program, StateDict.initialize(program, seed), spec.dictionary());
    System.out.println("1/3 exported " + spec.name() + " (" + preset + ") to " + graph);

    Entry forward = program.entry("forward");
    long[] shape = GraphFolder.concreteShape(forward.inputTypes().get(0), batch);
    Random rng = new Random(seed);
    float[] pixels = new float[(int) TensorData.numel(shape)];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (float) rng.nextGaussian();
    }
    TensorData input = TensorData.ofFloats(pixels, shape);
    Npy.write(input, out.resolve("input.npy"));
    System.out.println("2/3 generated input " + Arrays.toString(shape) + " -> " + out.resolve("input.npy"));

    TensorData viaTorch = runOnce(Runtime.torchscript, graph, input);
    TensorData viaOnnx = runOnce(Runtime.onnx, graph, input);
    double diff = viaTorch.maxAbsDiff(viaOnnx);
    boolean agree = diff <= tolerance;
    System.out.printf("3/3 output %s: torchscript (libtorch) vs onnx (ONNX Runtime) max abs difference %.3e "
        + "(tolerance %.0e): %s%n", Arrays.toString(viaTorch.shape()), diff, tolerance, agree ? "AGREE" : "DISAGREE");
    return agree ? 0 : 1;
  }

  private static TensorData runOnce(Runtime runtime, Path graph, TensorData input) throws Exception {
    try (Engine engine = runtime.open(graph)) {
      return engine.run("forward", List.of(input)).get(0);
    }
  }
}
