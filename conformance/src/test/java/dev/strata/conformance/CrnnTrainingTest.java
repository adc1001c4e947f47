package dev.strata.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.dsl.ir.Program;
import dev.strata.models.ModelSpec;
import dev.strata.models.Models;
import dev.strata.runtime.engine.OnnxEngine;
import dev.strata.runtime.engine.TorchScriptEngine;
import dev.strata.runtime.io.GraphFolder;
import dev.strata.runtime.onnx.OnnxWriter;
import dev.strata.runtime.tensor.StateDict;
import dev.strata.runtime.tensor.TensorData;
import dev.strata.runtime.torchscript.TorchScriptWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The foundation end to end on the real CRNN: the emitted {@code model.pt} trains in libtorch through DJL (CTC loss
 * computed inside the graph), and the trained weights, written back as TorchScript and as ONNX, compute what the
 * trained module computes.
 */
class CrnnTrainingTest {
  @TempDir Path dir;

  @Test
  void trainsAndWritesBackToBothFormats() throws Exception {
    ModelSpec spec = Models.get("crnn");
    Program program = spec.build("tiny", Map.of());
    Path graph = dir.resolve("crnn");
    GraphFolder.write(graph, "crnn", "tiny", program, StateDict.initialize(program, 7), spec.dictionary());

    Random rng = new Random(42);
    int n = 8;
    List<TensorData> batch = syntheticBatch(rng, n, 6, spec.dictionary().size());
    List<Float> losses = new ArrayList<>();
    StateDict trained;
    List<TensorData> fresh = List.of(images(rng, 3));
    TensorData trainedOut;
    try (TorchScriptEngine engine = TorchScriptEngine.load(graph.resolve(GraphFolder.TORCHSCRIPT))) {
      engine.useAdam(1e-3f);
      for (int step = 0; step < 50; step++) {
        losses.add(engine.trainStep("loss", batch));
      }
      trained = engine.state();
      trainedOut = engine.run("forward", fresh).get(0);
    }
    float first = losses.get(0);
    float last = losses.get(losses.size() - 1);
    System.out.printf("CRNN tiny CTC loss over 50 Adam steps (lr 1e-3, batch %d): %.4f -> %.4f%n", n, first, last);
    assertTrue(last <= first / 2, "loss fell from " + first + " to " + last + ": " + losses);

    assertEquals(program.states().size(), trained.size());
    assertArrayEquals(new long[0], trained.get("cnn.batchnorm2.num_batches_tracked").shape());
    assertEquals(50, trained.get("cnn.batchnorm2.num_batches_tracked").toLongs()[0]);

    Path pt = dir.resolve("trained.pt");
    Path onnx = dir.resolve("trained.onnx");
    TorchScriptWriter.write(program, trained, pt);
    OnnxWriter.write(program, "forward", trained, onnx);
    TensorData viaTorch;
    TensorData viaOnnx;
    try (TorchScriptEngine reloaded = TorchScriptEngine.load(pt)) {
      viaTorch = reloaded.run("forward", fresh).get(0);
    }
    try (OnnxEngine ort = new OnnxEngine(onnx)) {
      viaOnnx = ort.run("forward", fresh).get(0);
    }
    double torchDiff = trainedOut.maxAbsDiff(viaTorch);
    double onnxDiff = trainedOut.maxAbsDiff(viaOnnx);
    System.out.printf("trained forward %s: rewritten TorchScript %.2e, ONNX %.2e%n",
        Arrays.toString(trainedOut.shape()), torchDiff, onnxDiff);
    assertTrue(torchDiff <= 1e-4, "TorchScript rewrite differs by " + torchDiff);
    assertTrue(onnxDiff <= 1e-4, "ONNX rewrite differs by " + onnxDiff);
  }

  static TensorData images(Random rng, int n) {
    float[] pixels = new float[n * 32 * 100];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (float) rng.nextGaussian();
    }
    return TensorData.ofFloats(pixels, n, 1, 32, 100);
  }

  /** Random images with random labels of 3 to {@code maxLen} characters (class ids 1..chars; 0 is the blank). */
  static List<TensorData> syntheticBatch(Random rng, int n, int maxLen, int chars) {
    long[] targets = new long[n * maxLen];
    long[] lengths = new long[n];
    for (int i = 0; i < n; i++) {
      lengths[i] = 3 + rng.nextInt(maxLen - 2);
      for (int j = 0; j < lengths[i]; j++) {
        targets[i * maxLen + j] = 1 + rng.nextInt(chars);
      }
    }
    return List.of(images(rng, n), TensorData.ofLongs(targets, n, maxLen), TensorData.ofLongs(lengths, n));
  }
}
