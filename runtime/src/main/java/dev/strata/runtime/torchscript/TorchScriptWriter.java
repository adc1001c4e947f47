package dev.strata.runtime.torchscript;

import dev.strata.dsl.ir.Program;
import dev.strata.dsl.ir.State;
import dev.strata.runtime.tensor.StateDict;
import dev.strata.runtime.tensor.TensorData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a program and its weights as a TorchScript archive that {@code torch.jit.load} (1.13+) and DJL's libtorch
 * load, run and train.
 *
 * <p>Records, all under the folder {@code archive/}: {@code version} ({@code 10}: below it the loaders rewrite some
 * ops to old semantics with "upgraders"), {@code data.pkl} (the module tree), {@code data/<i>} (tensor bytes, in
 * state-dict order), {@code constants.pkl} (an empty tuple), {@code code/__torch__/strata.py} (all classes), and
 * {@code extra/<name>} for each extra file.
 *
 * <p>Every module is pickled with {@code training = False}, as {@code torch.jit.save} writes an eval-mode model: a
 * model loaded with {@code torch.jit.load} predicts correctly without a call to {@code eval()}. Trainers switch
 * modes themselves ({@code train()}; DJL's trainer); {@code TorchScriptEngine} sets the mode explicitly at load
 * because DJL's block assumes a fresh module is in training mode.
 */
public final class TorchScriptWriter {
  private static final String FOLDER = "archive";
  private static final byte[] EMPTY_TUPLE_PICKLE = {(byte) 0x80, 2, ')', '.'};

  private TorchScriptWriter() {}

  public static void write(Program program, StateDict weights, Path file) throws IOException {
    write(program, weights, file, Map.of());
  }

  /**
   * @param extraFiles records under {@code extra/} (e.g. {@code config.json}), readable with
   *     {@code torch.jit.load(_extra_files=)} and DJL's {@code optOption("extraFiles", name)}
   * @throws IllegalArgumentException if the weights do not fit the program (names every missing, unexpected or
   *     misshapen key)
   */
  public static void write(Program program, StateDict weights, Path file, Map<String, byte[]> extraFiles)
      throws IOException {
    weights.checkMatches(program);
    ScriptPrinter.Script script = ScriptPrinter.print(program);
    List<State> states = program.states();
    Map<State, String> keys = new IdentityHashMap<>();
    Map<State, TensorData> tensors = new IdentityHashMap<>();
    Map<String, TensorData> records = new LinkedHashMap<>();
    for (int i = 0; i < states.size(); i++) {
      State s = states.get(i);
      String key = Integer.toString(i);
      keys.put(s, key);
      tensors.put(s, weights.get(s.key()));
      records.put(key, weights.get(s.key()));
    }
    byte[] data = new ModulePickler(script, keys, tensors, false).pickle(program.root());
    try (ArchiveWriter zip = new ArchiveWriter(file, FOLDER)) {
      zip.add("version", "10\n");
      zip.add("data.pkl", data);
      zip.add("code/__torch__/strata.py", script.source());
      zip.add("constants.pkl", EMPTY_TUPLE_PICKLE);
      for (Map.Entry<String, TensorData> r : records.entrySet()) {
        zip.add("data/" + r.getKey(), r.getValue().toByteArray());
      }
      for (Map.Entry<String, byte[]> e : extraFiles.entrySet()) {
        zip.add("extra/" + e.getKey(), e.getValue());
      }
      zip.commit();
    }
  }
}
