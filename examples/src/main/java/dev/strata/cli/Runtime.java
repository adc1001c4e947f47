package dev.strata.cli;

import dev.strata.runtime.engine.Engine;
import dev.strata.runtime.engine.OnnxEngine;
import dev.strata.runtime.engine.TorchScriptEngine;
import dev.strata.runtime.io.GraphFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The runtimes a graph folder can run on. */
enum Runtime {
  torchscript(GraphFolder.TORCHSCRIPT),
  onnx(GraphFolder.ONNX);

  private final String file;

  Runtime(String file) {
    this.file = file;
  }

  Engine open(Path graphDir) throws IOException {
    Path path = graphDir.resolve(file);
    if (!Files.isRegularFile(path)) {
      throw new IOException(path + " not found (export the model first: strata export --model NAME --out "
          + graphDir + ")");
    }
    return this == torchscript ? TorchScriptEngine.load(path) : new OnnxEngine(path);
  }
}
