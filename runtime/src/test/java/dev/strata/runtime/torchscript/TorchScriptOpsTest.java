package dev.strata.runtime.torchscript;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.dsl.Block;
import dev.strata.dsl.Tensor;
import dev.strata.dsl.Tracer;
import dev.strata.dsl.ir.DType;
import dev.strata.dsl.ir.Dim;
import dev.strata.dsl.ir.Op;
import dev.strata.dsl.ir.Program;
import dev.strata.dsl.ir.TensorType;
import dev.strata.runtime.engine.TorchScriptEngine;
import dev.strata.runtime.tensor.StateDict;
import dev.strata.runtime.tensor.TensorData;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lowerings not used by the CRNN, each checked in libtorch against a plain-Java computation. */
class TorchScriptOpsTest {
  private static final int N = 3;

  @TempDir
  Path dir;

  /** A child with two outputs: a multi-output call. */
  static final class Split extends Block {
    Tensor[] forward(Tensor x) {
      return (Tensor[]) call("forward", List.of("x"), a -> new Tensor[] {((Tensor) a[0]).relu(), ((Tensor) a[0]).neg()},
          x);
    }
  }

  static class OpsNet extends Block {
    final Split split = new Split();

    OpsNet() {
      register("split", split);
    }

    @SuppressWarnings("unchecked")
    List<Tensor> forward(Tensor a, Tensor b) {
      return (List<Tensor>) call("forward", List.of("a", "b"), args -> body((Tensor) args[0], (Tensor) args[1]), a, b);
    }

    private List<Tensor> body(Tensor a, Tensor b) {
      Tensor s = a.add(b).mul(a).sub(b).div(b.exp());
      Tensor[] parts = split.forward(s);
      Tensor u = parts[0].add(parts[1]).add(s.sigmoid()).add(s.tanh()).add(a.exp().log());
      Tensor twice = a.mul(a.scalar(2.0));
      Tensor flat = a.reshape(0, 2, 2).matmul(a.reshape(0, 2, 2)).permute(0, 2, 1).reshape(0, -1);
      Tensor cat = Tensor.concat(List.of(a, flat), 1).unsqueeze(1).squeeze(1);
      Tensor arg = cat.argmax(1);
      return List.of(u, twice, flat, cat.softmax(1), cat.logSoftmax(1), arg, cat.max(1), cat.mean(1), cat.sum(1),
          arg.cast(DType.FLOAT32), cat.crossEntropy(arg, -100));
    }
  }

  private static Program trace(OpsNet m, String entry) {
    TensorType t = TensorType.of(DType.FLOAT32, Dim.sym("N"), Dim.of(4));
    return Tracer.trace("OpsNet", m, Map.of(), List.of(new Tracer.EntrySpec(entry, List.of("a", "b"),
        List.of(t, t), false, x -> m.forward((Tensor) x[0], (Tensor) x[1]))));
  }

  @Test
  void opsMatchPlainJava() throws Exception {
    OpsNet m = new OpsNet();
    // An entry named differently from the method it traces gets an alias method of its name.
    Program program = trace(m, "heads");
    Path file = dir.resolve("ops.pt");
    TorchScriptWriter.write(program, StateDict.initialize(program, 1), file);
    float[] a = random(1);
    float[] b = random(2);
    List<TensorData> out;
    try (TorchScriptEngine engine = TorchScriptEngine.load(file)) {
      out = engine.run("heads", List.of(TensorData.ofFloats(a, N, 4), TensorData.ofFloats(b, N, 4)));
    }
    assertEquals(11, out.size());
    float[] u = new float[N * 4];
    float[] twice = new float[N * 4];
    float[] flat = new float[N * 4];
    for (int i = 0; i < N * 4; i++) {
      double s = ((a[i] + b[i]) * a[i] - b[i]) / Math.exp(b[i]);
      u[i] = (float) (Math.max(0, s) - s + 1 / (1 + Math.exp(-s)) + Math.tanh(s) + a[i]);
      twice[i] = 2 * a[i];
    }
    for (int n = 0; n < N; n++) {
      for (int i = 0; i < 2; i++) {
        for (int j = 0; j < 2; j++) { // (A·A)ᵀ[i][j] = (A·A)[j][i]
          flat[n * 4 + i * 2 + j] = a[n * 4 + j * 2] * a[n * 4 + i] + a[n * 4 + j * 2 + 1] * a[n * 4 + 2 + i];
        }
      }
    }
    close(out.get(0), u, N, 4);
    close(out.get(1), twice, N, 4);
    close(out.get(2), flat, N, 4);
    float[] sm = new float[N * 8];
    float[] lsm = new float[N * 8];
    long[] arg = new long[N];
    float[] max = new float[N];
    float[] mean = new float[N];
    float[] sum = new float[N];
    double ce = 0;
    for (int n = 0; n < N; n++) {
      double[] row = new double[8];
      for (int j = 0; j < 4; j++) {
        row[j] = a[n * 4 + j];
        row[4 + j] = flat[n * 4 + j];
      }
      double m0 = Double.NEGATIVE_INFINITY;
      double total = 0;
      for (int j = 0; j < 8; j++) {
        if (row[j] > m0) {
          m0 = row[j];
          arg[n] = j;
        }
        total += row[j];
      }
      double z = 0;
      for (double v : row) {
        z += Math.exp(v - m0);
      }
      for (int j = 0; j < 8; j++) {
        lsm[n * 8 + j] = (float) (row[j] - m0 - Math.log(z));
        sm[n * 8 + j] = (float) Math.exp(lsm[n * 8 + j]);
      }
      max[n] = (float) m0;
      mean[n] = (float) (total / 8);
      sum[n] = (float) total;
      ce += -lsm[n * 8 + (int) arg[n]] / N;
    }
    close(out.get(3), sm, N, 8);
    close(out.get(4), lsm, N, 8);
    assertEquals(DType.INT64, out.get(5).dtype());
    assertArrayEquals(arg, out.get(5).toLongs());
    close(out.get(6), max, N);
    close(out.get(7), mean, N);
    close(out.get(8), sum, N);
    assertEquals(DType.FLOAT32, out.get(9).dtype());
    close(out.get(9), new float[] {arg[0], arg[1], arg[2]}, N);
    close(out.get(10), new float[] {(float) ce});
  }

  @Test
  void loopIsNotLoweredYet() {
    OpsNet m = new OpsNet() {
      @Override
      @SuppressWarnings("unchecked")
      List<Tensor> forward(Tensor a, Tensor b) {
        return (List<Tensor>) call("forward", List.of("a", "b"), args -> List.of(Tensor.of(Tracer.current().add(
            Op.LOOP, List.of(((Tensor) args[0]).value()), Map.of(), ((Tensor) args[0]).type()))), a, b);
      }
    };
    Program program = trace(m, "forward");
    UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
        () -> ScriptPrinter.print(program));
    assertTrue(e.getMessage().contains("LOOP"), e.getMessage());
  }

  private static float[] random(long seed) {
    Random rng = new Random(seed);
    float[] v = new float[N * 4];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) rng.nextGaussian();
    }
    return v;
  }

  private static void close(TensorData actual, float[] expected, long... shape) {
    assertArrayEquals(shape, actual.shape(), actual.toString());
    double err = actual.maxAbsDiff(TensorData.ofFloats(expected, shape));
    assertTrue(err <= 1e-5, actual + ": max diff " + err);
  }
}
