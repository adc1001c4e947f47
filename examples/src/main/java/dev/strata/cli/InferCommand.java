package dev.strata.cli;

import dev.strata.runtime.engine.Engine;
import dev.strata.runtime.io.Npy;
import dev.strata.runtime.tensor.TensorData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code strata infer}: raw tensors through a graph, for debugging and cross-checks. */
@Command(name = "infer", mixinStandardHelpOptions = true,
    description = "Run an entry point of an exported graph on .npy inputs and write .npy outputs.")
final class InferCommand implements Callable<Integer> {
  @Option(names = "--graph", required = true, description = "Folder written by 'strata export'.")
  Path graph;

  @Option(names = "--runtime", required = true, description = "torchscript (libtorch via DJL) or onnx (ONNX Runtime).")
  Runtime runtime;

  @Option(names = "--input", required = true, description = "Input .npy file, one per entry input, in order.")
  List<Path> inputs;

  @Option(names = "--output", required = true,
      description = "Output .npy file; further outputs go to NAME_1.npy, NAME_2.npy, ...")
  Path output;

  @Option(names = "--entry", defaultValue = "forward", description = "Entry point (default: ${DEFAULT-VALUE}).")
  String entry;

  @Override
  public Integer call() throws Exception {
    List<TensorData> in = new ArrayList<>();
    for (Path p : inputs) {
      in.add(Npy.read(p));
    }
    List<TensorData> out;
    try (Engine engine = runtime.open(graph)) {
      out = engine.run(entry, in);
    }
    for (int i = 0; i < out.size(); i++) {
      Path file = i == 0 ? output : sibling(output, i);
      Npy.write(out.get(i), file);
      System.out.printf("wrote %s %s %s%n", file, Arrays.toString(out.get(i).shape()),
          out.get(i).dtype().pythonName());
    }
    return 0;
  }

  private static Path sibling(Path file, int i) {
    String name = file.getFileName().toString();
    String stem = name.endsWith(".npy") ? name.substring(0, name.length() - 4) : name;
    return file.resolveSibling(stem + "_" + i + ".npy");
  }
}
