package dev.strata.runtime.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.dsl.ir.DType;
import dev.strata.dsl.ir.Program;
import dev.strata.runtime.engine.OnnxEngine;
import dev.strata.runtime.onnx.proto.OnnxProto.ModelProto;
import dev.strata.runtime.onnx.proto.OnnxProto.NodeProto;
import dev.strata.runtime.onnx.proto.OnnxProto.TensorProto;
import dev.strata.runtime.tensor.StateDict;
import dev.strata.runtime.tensor.TensorData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxWriterTest {
  private static final double TOLERANCE = 1e-4;

  @TempDir
  Path dir;

  // ---- numerics against the Java reference --------------------------------------------------------------------

  @Test
  void miniCrnnMatchesReferenceForBatchOneAndThree() throws Exception {
    TestNets.MiniCrnn m = new TestNets.MiniCrnn();
    Program p = TestNets.MiniCrnn.trace(m);
    StateDict w = withBatchNormStatistics(StateDict.initialize(p, 7));
    Path file = dir.resolve("crnn.onnx");
    OnnxWriter.write(p, "forward", w, file);
    try (OnnxEngine engine = new OnnxEngine(file)) {
      assertEquals(List.of("image"), engine.inputNames());
      assertEquals(List.of("output"), engine.outputNames());
      for (int n : new int[] {1, 3}) {
        float[] image = random(n * 8 * 16, 100 + n);
        TensorData out = engine.run("forward", List.of(TensorData.ofFloats(image, n, 1, 8, 16))).get(0);
        assertArrayEquals(new long[] {8, n, 7}, out.shape());
        double err = TensorData.maxAbsDiff(crnnReference(w, image, n), out.toFloats());
        System.out.printf("MiniCrnn batch %d: max abs error %.3g%n", n, err);
        assertTrue(err <= TOLERANCE, "batch " + n + ": max abs error " + err);
      }
    }
  }

  @Test
  void remainingOpsMatchReference() throws Exception {
    TestNets.OpsNet m = new TestNets.OpsNet();
    Program p = TestNets.OpsNet.trace(m);
    StateDict w = StateDict.initialize(p, 11);
    Path file = dir.resolve("ops.onnx");
    OnnxWriter.write(p, "forward", w, file);
    try (OnnxEngine engine = new OnnxEngine(file)) {
      assertEquals(List.of("output_0", "output_1", "output_2"), engine.outputNames());
      for (int n : new int[] {1, 3}) {
        float[] x = random(n * 6, 200 + n);
        List<TensorData> out = engine.run("forward", List.of(TensorData.ofFloats(x, n, 6)));
        float[][] ref = opsReference(w, x, n);
        double err = TensorData.maxAbsDiff(ref[0], out.get(0).toFloats());
        System.out.printf("OpsNet batch %d: max abs error %.3g%n", n, err);
        assertTrue(err <= TOLERANCE, "batch " + n + ": max abs error " + err);
        assertEquals(DType.INT64, out.get(1).dtype());
        assertArrayEquals(new long[] {n}, out.get(1).shape());
        assertArrayEquals(ref[1], out.get(1).toFloats());
        assertEquals(DType.FLOAT32, out.get(2).dtype());
        assertArrayEquals(ref[1], out.get(2).toFloats());
      }
    }
  }

  @Test
  void integerAndBoolTensorsRoundTrip() throws Exception {
    TestNets.DtypeNet m = new TestNets.DtypeNet();
    Program p = TestNets.DtypeNet.trace(m);
    Path file = dir.resolve("dtypes.onnx");
    OnnxWriter.write(p, "forward", StateDict.initialize(p, 1), file);
    byte[] bytes = {0, 1, 7, (byte) 200, 3, 0, 0, (byte) 255};
    TensorData u8 = new TensorData(DType.UINT8, new long[] {2, 4}, java.nio.ByteBuffer.wrap(bytes));
    TensorData i32 = TensorData.ofInts(new int[] {-5, 123456}, 2);
    TensorData flags = new TensorData(DType.BOOL, new long[] {2}, java.nio.ByteBuffer.wrap(new byte[] {1, 0}));
    try (OnnxEngine engine = new OnnxEngine(file)) {
      List<TensorData> out = engine.run("forward", List.of(u8, i32, flags));
      assertEquals(List.of(DType.FLOAT32, DType.BOOL, DType.INT64, DType.INT32, DType.UINT8),
          out.stream().map(TensorData::dtype).toList());
      assertArrayEquals(new float[] {0, 1, 7, 200, 3, 0, 0, 255}, out.get(0).toFloats());
      assertArrayEquals(new byte[] {0, 1, 1, 1, 1, 0, 0, 1}, out.get(1).toByteArray());
      assertArrayEquals(new long[] {-5, 123456}, out.get(2).toLongs());
      assertArrayEquals(new long[] {-5, 123456}, out.get(3).toLongs());
      assertArrayEquals(new byte[] {1, 0}, out.get(4).toByteArray());
    }
  }

  // ---- structure and the independent checker ------------------------------------------------------------------

  @Test
  void modelStructure() throws IOException {
    TestNets.MiniCrnn m = new TestNets.MiniCrnn();
    Program p = TestNets.MiniCrnn.trace(m);
    ModelProto model = OnnxWriter.toModel(p, "forward", StateDict.initialize(p, 1));
    assertEquals(8, model.getIrVersion());
    assertEquals(17, model.getOpsetImport(0).getVersion());
    assertEquals("strata", model.getProducerName());
    assertEquals("N", model.getGraph().getInput(0).getType().getTensorType().getShape().getDim(0).getDimParam());
    List<String> inits = model.getGraph().getInitializerList().stream().map(TensorProto::getName).toList();
    assertTrue(inits.contains("conv.weight"), inits.toString());
    assertTrue(inits.contains("bn.running_var"), inits.toString());
    assertTrue(inits.contains("rnn.0.rnn.onnx_W"), inits.toString());
    assertTrue(inits.contains("rnn.0.embedding.weight.onnx_T"), inits.toString());
    // Raw LSTM weights and num_batches_tracked are not consumed by any node, so they are not written.
    assertTrue(inits.stream().noneMatch(k -> k.contains("weight_ih_l0") || k.contains("num_batches")), inits.toString());
    List<String> ops = model.getGraph().getNodeList().stream().map(NodeProto::getOpType).toList();
    assertEquals(List.of("Conv", "BatchNormalization", "Relu", "MaxPool", "Squeeze", "Transpose", "LSTM",
        "Transpose", "Reshape", "MatMul", "Add", "LogSoftmax", "Identity"), ops);
    assertTrue(model.getGraph().getNode(6).getName().matches("rnn\\.0\\.rnn/Lstm_\\d+/LSTM"),
        model.getGraph().getNode(6).getName());
  }

  @Test
  void onnxCheckerAcceptsTheFiles() throws Exception {
    // Debian's python3-onnx is an independent judge; CI machines may not have it, so the test is skipped there.
    Path python = Path.of("/usr/bin/python3");
    Assumptions.assumeTrue(Files.isExecutable(python), "no /usr/bin/python3");
    Assumptions.assumeTrue(exec(python.toString(), "-c", "import onnx").exitCode == 0, "no onnx module");
    TestNets.MiniCrnn crnn = new TestNets.MiniCrnn();
    Program p1 = TestNets.MiniCrnn.trace(crnn);
    TestNets.OpsNet ops = new TestNets.OpsNet();
    Program p2 = TestNets.OpsNet.trace(ops);
    for (Program p : List.of(p1, p2)) {
      Path file = dir.resolve(p.model() + ".onnx");
      OnnxWriter.write(p, "forward", StateDict.initialize(p, 3), file);
      Result r = exec(python.toString(), "-c", "import onnx, sys\n"
          + "m = onnx.load(sys.argv[1])\n"
          + "onnx.checker.check_model(m, full_check=True)\n"
          + "print('ok', m.opset_import[0].version, m.ir_version)", file.toString());
      assertEquals(0, r.exitCode, r.output);
      assertTrue(r.output.contains("ok 17 8"), r.output);
    }
  }

  @Test
  void writeLeavesNoTemporaryFiles() throws IOException {
    TestNets.OpsNet m = new TestNets.OpsNet();
    Program p = TestNets.OpsNet.trace(m);
    Path file = dir.resolve("sub/ops.onnx");
    OnnxWriter.write(p, "forward", StateDict.initialize(p, 1), file);
    OnnxWriter.write(p, "forward", StateDict.initialize(p, 2), file); // replaces
    try (Stream<Path> files = Files.list(file.getParent())) {
      assertEquals(List.of("ops.onnx"), files.map(f -> f.getFileName().toString()).toList());
    }
    assertEquals(OnnxWriter.toModel(p, "forward", StateDict.initialize(p, 2)), ModelProto.parseFrom(
        Files.readAllBytes(file)));
  }

  // ---- errors --------------------------------------------------------------------------------------------------

  @Test
  void wrongWeightShapeNamesKeyAndBothShapes() {
    TestNets.MiniCrnn m = new TestNets.MiniCrnn();
    Program p = TestNets.MiniCrnn.trace(m);
    Map<String, TensorData> bad = new LinkedHashMap<>(StateDict.initialize(p, 1).tensors());
    bad.put("conv.weight", TensorData.ofFloats(new float[24], 4, 1, 3, 2));
    Path file = dir.resolve("bad.onnx");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> OnnxWriter.write(p, "forward", new StateDict(bad), file));
    assertTrue(e.getMessage().contains("conv.weight"), e.getMessage());
    assertTrue(e.getMessage().contains("[4, 1, 3, 3]"), e.getMessage());
    assertTrue(e.getMessage().contains("[4, 1, 3, 2]"), e.getMessage());
    assertTrue(Files.notExists(file));
  }

  @Test
  void unsupportedOpIsNamed() {
    TestNets.LossNet m = new TestNets.LossNet();
    Program p = TestNets.LossNet.trace(m, false);
    UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
        () -> OnnxWriter.toModel(p, "loss", StateDict.initialize(p, 1)));
    assertTrue(e.getMessage().contains("CROSS_ENTROPY"), e.getMessage());
    assertTrue(e.getMessage().contains("'loss'"), e.getMessage());
    assertTrue(e.getMessage().contains("TorchScript-only"), e.getMessage());

    TestNets.LossNet t = new TestNets.LossNet();
    Program training = TestNets.LossNet.trace(t, true);
    UnsupportedOperationException e2 = assertThrows(UnsupportedOperationException.class,
        () -> OnnxWriter.toModel(training, "loss", StateDict.initialize(training, 1)));
    assertTrue(e2.getMessage().contains("training entries are TorchScript-only"), e2.getMessage());
  }

  @Test
  void engineRejectsWrongInputs() throws Exception {
    TestNets.MiniCrnn m = new TestNets.MiniCrnn();
    Program p = TestNets.MiniCrnn.trace(m);
    Path file = dir.resolve("crnn.onnx");
    OnnxWriter.write(p, "forward", withBatchNormStatistics(StateDict.initialize(p, 1)), file);
    try (OnnxEngine engine = new OnnxEngine(file)) {
      IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
          () -> engine.run("forward", List.of(TensorData.ofFloats(new float[2 * 9 * 16], 2, 1, 9, 16))));
      assertTrue(shape.getMessage().contains("'image'"), shape.getMessage());
      assertTrue(shape.getMessage().contains("[N, 1, 8, 16]"), shape.getMessage());
      assertTrue(shape.getMessage().contains("[2, 1, 9, 16]"), shape.getMessage());
      IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
          () -> engine.run("forward", List.of()));
      assertTrue(count.getMessage().contains("takes 1 inputs [image], got 0"), count.getMessage());
      IllegalArgumentException dtype = assertThrows(IllegalArgumentException.class,
          () -> engine.run("forward", List.of(TensorData.ofLongs(new long[128], 1, 1, 8, 16))));
      assertTrue(dtype.getMessage().contains("float32, got [1, 1, 8, 16] int64"), dtype.getMessage());
      assertThrows(IllegalArgumentException.class,
          () -> engine.run("decode", List.of(TensorData.ofFloats(new float[128], 1, 1, 8, 16))));
    }
  }

  // ---- helpers -------------------------------------------------------------------------------------------------

  /** BatchNorm's default statistics (0 and 1) would hide a mix-up of mean and variance: randomize them. */
  private static StateDict withBatchNormStatistics(StateDict w) {
    Map<String, TensorData> t = new LinkedHashMap<>(w.tensors());
    float[] mean = random(MiniCrnnDims.C, 5);
    float[] var = random(MiniCrnnDims.C, 6);
    for (int i = 0; i < var.length; i++) {
      var[i] = 1 + 0.5f * var[i];
    }
    t.put("bn.running_mean", TensorData.ofFloats(mean, MiniCrnnDims.C));
    t.put("bn.running_var", TensorData.ofFloats(var, MiniCrnnDims.C));
    return new StateDict(t);
  }

  private static final class MiniCrnnDims {
    static final int C = TestNets.MiniCrnn.C;
    static final int H = TestNets.MiniCrnn.H;
    static final int K = TestNets.MiniCrnn.CLASSES;
  }

  private static float[] crnnReference(StateDict w, float[] image, int n) {
    int c = MiniCrnnDims.C;
    int hidden = MiniCrnnDims.H;
    int classes = MiniCrnnDims.K;
    float[] x = Reference.conv2d(image, n, 1, 8, 16, f(w, "conv.weight"), f(w, "conv.bias"), c, 3, 1);
    x = Reference.batchNorm(x, n, c, 8 * 16, f(w, "bn.weight"), f(w, "bn.bias"), f(w, "bn.running_mean"),
        f(w, "bn.running_var"), 1e-5);
    x = Reference.maxPool(Reference.relu(x), n, c, 8, 16, 8, 2); // [N, C, 1, 8]
    int t = 8;
    float[] seq = new float[t * n * c]; // squeeze(2).permute(2, 0, 1): [T, N, C]
    for (int s = 0; s < t; s++) {
      for (int b = 0; b < n; b++) {
        for (int ch = 0; ch < c; ch++) {
          seq[(s * n + b) * c + ch] = x[(b * c + ch) * t + s];
        }
      }
    }
    String[] names = {"weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"};
    float[][] lstm = new float[8][];
    for (int d = 0; d < 2; d++) {
      for (int j = 0; j < 4; j++) {
        lstm[4 * d + j] = f(w, "rnn.0.rnn." + names[j] + (d == 1 ? "_reverse" : ""));
      }
    }
    float[] y = Reference.biLstm(seq, t, n, c, hidden, lstm);
    float[] logits = Reference.linear(y, t * n, 2 * hidden, f(w, "rnn.0.embedding.weight"),
        f(w, "rnn.0.embedding.bias"), classes);
    return Reference.logSoftmax(logits, t * n, classes);
  }

  /** OpsNet's math per row: [stats (N×7), argmax as floats (N)]. */
  private static float[][] opsReference(StateDict w, float[] x, int n) {
    float[] h = Reference.linear(x, n, 6, f(w, "fc.weight"), f(w, "fc.bias"), 4);
    float[] stats = new float[n * 7];
    float[] idx = new float[n];
    for (int r = 0; r < n; r++) {
      double[] c = new double[4];
      for (int j = 0; j < 4; j++) {
        double a = h[r * 4 + j];
        double b = (Reference.sigmoid(a) * Math.tanh(a) + Math.exp(-a) - 0.5) / 2;
        c[j] = Math.max(0, Math.log(b * b + 1));
      }
      double sum = 0;
      double max = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < 4; i++) {
        double z = 0;
        for (int j = 0; j < 4; j++) {
          z += Math.exp(c[i] * c[j]);
        }
        for (int j = 0; j < 4; j++) {
          double s = Math.exp(c[i] * c[j]) / z;
          sum += s;
          max = Math.max(max, s);
        }
      }
      stats[r * 7] = (float) sum;
      stats[r * 7 + 1] = (float) (sum / 16);
      stats[r * 7 + 2] = (float) max;
      float[] cf = new float[4];
      int best = 0;
      for (int j = 0; j < 4; j++) {
        cf[j] = (float) c[j];
        best = c[j] > c[best] ? j : best;
      }
      System.arraycopy(Reference.logSoftmax(cf, 1, 4), 0, stats, r * 7 + 3, 4);
      idx[r] = best;
    }
    return new float[][] {stats, idx};
  }

  private static float[] f(StateDict w, String key) {
    return w.get(key).toFloats();
  }

  private static float[] random(int count, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] out = new float[count];
    for (int i = 0; i < count; i++) {
      out[i] = (float) (rng.nextDouble() * 2 - 1);
    }
    return out;
  }

  private record Result(int exitCode, String output) {}

  private static Result exec(String... command) throws IOException, InterruptedException {
    Process proc = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!proc.waitFor(120, TimeUnit.SECONDS)) {
      proc.destroyForcibly();
      return new Result(-1, "timed out\n" + out);
    }
    return new Result(proc.exitValue(), out);
  }
}
