package dev.strata.runtime.io;

import com.google.gson.GsonBuilder;
import dev.strata.dsl.ir.Entry;
import dev.strata.dsl.ir.Program;
import dev.strata.dsl.ir.TensorType;
import dev.strata.runtime.onnx.OnnxWriter;
import dev.strata.runtime.tensor.StateDict;
import dev.strata.runtime.torchscript.TorchScriptWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A folder of ready-to-use graphs for one model: {@code model.pt} (every entry point, trainable),
 * {@code model.onnx} (the {@code forward} entry), {@code config.json} (model, preset, hyperparameters, entry
 * signatures) and {@code dictionary.txt} (one character per line).
 */
public final class GraphFolder {
  public static final String TORCHSCRIPT = "model.pt";
  public static final String ONNX = "model.onnx";
  public static final String CONFIG = "config.json";
  public static final String DICTIONARY = "dictionary.txt";

  private GraphFolder() {}

  /** Writes all four files; each appears complete or not at all. */
  public static void write(Path dir, String model, String preset, Program program, StateDict weights,
      List<String> dictionary) throws IOException {
    Files.createDirectories(dir);
    byte[] config = configJson(model, preset, program).getBytes(StandardCharsets.UTF_8);
    TorchScriptWriter.write(program, weights, dir.resolve(TORCHSCRIPT), Map.of(CONFIG, config));
    OnnxWriter.write(program, "forward", weights, dir.resolve(ONNX));
    AtomicFiles.write(dir.resolve(CONFIG), config);
    AtomicFiles.write(dir.resolve(DICTIONARY), (String.join("\n", dictionary) + "\n").getBytes(StandardCharsets.UTF_8));
  }

  static String configJson(String model, String preset, Program program) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("model", model);
    root.put("preset", preset);
    root.put("config", program.config());
    Map<String, Object> entries = new LinkedHashMap<>();
    for (Entry e : program.entries().values()) {
      Map<String, Object> sig = new LinkedHashMap<>();
      List<Object> inputs = new ArrayList<>();
      for (int i = 0; i < e.inputNames().size(); i++) {
        inputs.add(describe(e.inputNames().get(i), e.inputTypes().get(i)));
      }
      List<Object> outputs = new ArrayList<>();
      for (int i = 0; i < e.outputTypes().size(); i++) {
        outputs.add(describe("output" + (i == 0 ? "" : "_" + i), e.outputTypes().get(i)));
      }
      sig.put("inputs", inputs);
      sig.put("outputs", outputs);
      sig.put("training", e.training());
      entries.put(e.name(), sig);
    }
    root.put("entries", entries);
    return new GsonBuilder().setPrettyPrinting().create().toJson(root) + "\n";
  }

  private static Map<String, Object> describe(String name, TensorType type) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    m.put("dtype", type.dtype().pythonName());
    m.put("shape", type.shape().stream().map(d -> d.isKnown() ? (Object) d.size() : d.symbol()).toList());
    return m;
  }

  /** Dimensions of an entry input, with symbolic ones replaced by {@code batch}. */
  public static long[] concreteShape(TensorType type, long batch) {
    return type.shape().stream().mapToLong(d -> d.isKnown() ? d.size() : batch).toArray();
  }

}
