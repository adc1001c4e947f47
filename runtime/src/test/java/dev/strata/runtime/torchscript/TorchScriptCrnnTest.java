package dev.strata.runtime.torchscript;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.strata.dsl.ir.Program;
import dev.strata.runtime.engine.TorchScriptEngine;
import dev.strata.runtime.tensor.StateDict;
import dev.strata.runtime.tensor.TensorData;
import java.io.File;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A mini CRNN written as an archive, then run and trained in DJL's libtorch (and in torch 1.13 where present). */
class TorchScriptCrnnTest {
  private static final int N = 4;
  private static final int WIDTH = 16;

  @TempDir
  Path dir;

  @Test
  void forwardMatchesPlainJava() throws Exception {
    Program program = MiniCrnn.trace(MiniCrnn.create());
    StateDict weights = withRunningStats(StateDict.initialize(program, 7));
    Path file = dir.resolve("crnn.pt");
    TorchScriptWriter.write(program, weights, file);
    TensorData image = image(11);
    try (TorchScriptEngine engine = TorchScriptEngine.load(file)) {
      long t0 = System.nanoTime();
      TensorData logits = engine.run("forward", List.of(image)).get(0);
      long t1 = System.nanoTime();
      TensorData expected = new CrnnReference(weights).forward(image);
      double err = logits.maxAbsDiff(expected);
      System.out.printf("forward vs plain Java: max |diff| = %.3g (first run %.1f ms)%n", err, (t1 - t0) / 1e6);
      assertTrue(err <= 1e-5, "max diff " + err);
    }
  }

  @Test
  void trainsStatesAndReemits() throws Exception {
    Program program = MiniCrnn.trace(MiniCrnn.create());
    StateDict initial = StateDict.initialize(program, 3);
    Path file = dir.resolve("crnn.pt");
    TorchScriptWriter.write(program, initial, file);
    List<TensorData> batch = List.of(image(5), targets(), targetLengths());
    float first;
    float last = 0;
    StateDict trained;
    TensorData eval;
    try (TorchScriptEngine engine = TorchScriptEngine.load(file)) {
      engine.useAdam(0.01f);
      long t0 = System.nanoTime();
      first = engine.trainStep("loss", batch);
      for (int i = 1; i < 50; i++) {
        last = engine.trainStep("loss", batch);
      }
      long t1 = System.nanoTime();
      float after = engine.run("loss", batch).get(0).toFloats()[0];
      System.out.printf("CTC loss: step 1 %.4f, step 50 %.4f, eval after %.4f (50 steps %.0f ms)%n", first, last,
          after, (t1 - t0) / 1e6);
      assertTrue(last <= first / 2, "loss " + first + " -> " + last);

      trained = engine.state();
      eval = engine.run("forward", List.of(image(5))).get(0);
    }
    // state(): every key, trained values, BatchNorm buffers updated by the 50 training forwards
    assertEquals(initial.tensors().keySet(), trained.tensors().keySet());
    assertEquals(50, trained.get("cnn.0.bn.num_batches_tracked").toLongs()[0]);
    assertTrue(trained.get("cnn.1.bn.running_mean").maxAbsDiff(initial.get("cnn.1.bn.running_mean")) > 0);
    assertTrue(trained.get("fc.weight").maxAbsDiff(initial.get("fc.weight")) > 1e-3);
    trained.checkMatches(program);

    // Written again from state() and reloaded: the same eval forward.
    Path again = dir.resolve("trained.pt");
    TorchScriptWriter.write(program, trained, again);
    try (TorchScriptEngine engine = TorchScriptEngine.load(again)) {
      double err = engine.run("forward", List.of(image(5))).get(0).maxAbsDiff(eval);
      System.out.printf("re-emitted trained archive: max |diff| = %.3g%n", err);
      assertTrue(err <= 1e-5, "max diff " + err);
      assertEquals(0.0, engine.state().get("rnn.weight_hh_l0_reverse").maxAbsDiff(trained.get(
          "rnn.weight_hh_l0_reverse")));
    }
  }

  @Test
  void extraFilesTravel() throws Exception {
    Program program = MiniCrnn.trace(MiniCrnn.create());
    Path file = dir.resolve("crnn.pt");
    byte[] config = "{\"classes\": 5}".getBytes(StandardCharsets.UTF_8);
    TorchScriptWriter.write(program, StateDict.initialize(program, 1), file, Map.of("config.json", config));
    try (TorchScriptEngine engine = TorchScriptEngine.load(file, List.of("config.json"))) {
      assertEquals("{\"classes\": 5}", engine.extraFile("config.json"));
    }
  }

  @Test
  void torch113LoadsAndAgrees() throws Exception {
    assumeTrue(debianTorch(), "/usr/bin/python3 with torch is not available");
    Program program = MiniCrnn.trace(MiniCrnn.create());
    StateDict weights = withRunningStats(StateDict.initialize(program, 9));
    Path file = dir.resolve("crnn.pt");
    TorchScriptWriter.write(program, weights, file);
    List<TensorData> batch = List.of(image(13), targets(), targetLengths());
    TensorData logits;
    float loss;
    try (TorchScriptEngine engine = TorchScriptEngine.load(file)) {
      logits = engine.run("forward", List.of(batch.get(0))).get(0);
      loss = engine.run("loss", batch).get(0).toFloats()[0];
    }
    write(dir.resolve("image.bin"), batch.get(0));
    write(dir.resolve("logits.bin"), logits);
    String script = String.join("\n",
        "import sys, torch",
        "d = sys.argv[1]",
        "m = torch.jit.load(d + '/crnn.pt')",
        "assert not m.training",
        "x = torch.frombuffer(bytearray(open(d + '/image.bin', 'rb').read()), dtype=torch.float32)"
            + ".reshape(" + N + ", 1, 8, " + WIDTH + ")",
        "ref = torch.frombuffer(bytearray(open(d + '/logits.bin', 'rb').read()), dtype=torch.float32)",
        "y = m(x)",
        "t = torch.tensor(" + java.util.Arrays.toString(batch.get(1).toLongs()) + ").reshape(" + N + ", -1)",
        "tl = torch.tensor(" + java.util.Arrays.toString(batch.get(2).toLongs()) + ")",
        "with torch.no_grad():",
        "  l = m.loss(x, t, tl)",
        "print((y.detach().reshape(-1) - ref).abs().max().item(), abs(l.item() - " + loss + "))");
    Path py = dir.resolve("check.py");
    Files.writeString(py, script);
    Process p = new ProcessBuilder("/usr/bin/python3", py.toString(), dir.toString()).redirectErrorStream(true)
        .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    String[] last = out.lines().reduce((a, b) -> b).orElse("").split(" ");
    double forwardErr = Double.parseDouble(last[0]);
    double lossErr = Double.parseDouble(last[1]);
    System.out.printf("torch 1.13 vs DJL: forward max |diff| = %.3g, loss |diff| = %.3g%n", forwardErr, lossErr);
    assertTrue(forwardErr <= 1e-4 && lossErr <= 1e-4, out);
  }

  @Test
  void wrongWeightShapeNamesTheKey() {
    Program program = MiniCrnn.trace(MiniCrnn.create());
    Map<String, TensorData> tensors = new LinkedHashMap<>(StateDict.initialize(program, 1).tensors());
    tensors.put("cnn.1.conv.weight", TensorData.ofFloats(new float[8 * 3 * 9], 8, 3, 3, 3));
    Path file = dir.resolve("bad.pt");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TorchScriptWriter.write(program, new StateDict(tensors), file));
    assertTrue(e.getMessage().contains("cnn.1.conv.weight"), e.getMessage());
    assertTrue(!Files.exists(file), "no archive is left behind");
  }

  // ---- fixtures ---------------------------------------------------------------------------------------------------

  /** Non-trivial BatchNorm statistics, so that eval mode is distinguishable from train mode. */
  private static StateDict withRunningStats(StateDict weights) {
    Map<String, TensorData> out = new LinkedHashMap<>(weights.tensors());
    Random rng = new Random(42);
    for (String key : weights.tensors().keySet()) {
      if (key.endsWith("running_mean") || key.endsWith("running_var")) {
        float[] v = new float[(int) weights.get(key).numel()];
        for (int i = 0; i < v.length; i++) {
          v[i] = key.endsWith("mean") ? (float) rng.nextGaussian() * 0.2f : 0.5f + rng.nextFloat();
        }
        out.put(key, TensorData.ofFloats(v, weights.get(key).shape()));
      }
    }
    return new StateDict(out);
  }

  private static TensorData image(long seed) {
    Random rng = new Random(seed);
    float[] v = new float[N * MiniCrnn.HEIGHT * WIDTH];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) rng.nextGaussian();
    }
    return TensorData.ofFloats(v, N, 1, MiniCrnn.HEIGHT, WIDTH);
  }

  private static TensorData targets() {
    return TensorData.ofLongs(new long[] {1, 2, 3, 4, 2, 0, 3, 1, 4, 2, 0, 0}, N, 3);
  }

  private static TensorData targetLengths() {
    return TensorData.ofLongs(new long[] {3, 2, 3, 1}, N);
  }

  private static void write(Path file, TensorData t) throws Exception {
    ByteBuffer b = t.bytes().order(ByteOrder.LITTLE_ENDIAN);
    byte[] bytes = new byte[b.remaining()];
    b.get(bytes);
    Files.write(file, bytes);
  }

  private static boolean debianTorch() {
    if (!new File("/usr/bin/python3").canExecute()) {
      return false;
    }
    try {
      Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import torch").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (Exception e) {
      return false;
    }
  }
}
