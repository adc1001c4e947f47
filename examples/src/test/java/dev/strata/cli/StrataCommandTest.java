package dev.strata.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.strata.runtime.io.Npy;
import dev.strata.runtime.tensor.TensorData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line as a user runs it: export, then infer through both runtimes. */
class StrataCommandTest {
  @TempDir Path dir;

  private record Result(int code, String err) {}

  private static Result run(String... args) {
    CommandLine cl = Strata.commandLine();
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Result(code, err.toString());
  }

  @Test
  void exportThenInferAgreesAcrossRuntimes() throws Exception {
    Path graph = dir.resolve("crnn");
    assertEquals(0, run("export", "--model", "crnn", "--preset", "tiny", "--set", "imageWidth=64", "--out",
        graph.toString()).code());
    for (String f : new String[] {"model.pt", "model.onnx", "config.json", "dictionary.txt"}) {
      assertTrue(Files.isRegularFile(graph.resolve(f)), f);
    }
    JsonObject config = JsonParser.parseString(Files.readString(graph.resolve("config.json"))).getAsJsonObject();
    assertEquals("crnn", config.get("model").getAsString());
    assertEquals(64, config.getAsJsonObject("config").get("imageWidth").getAsInt());
    assertEquals(36, Files.readAllLines(graph.resolve("dictionary.txt")).size());

    Random rng = new Random(3);
    float[] x = new float[2 * 32 * 64];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rng.nextGaussian();
    }
    Npy.write(TensorData.ofFloats(x, 2, 1, 32, 64), dir.resolve("x.npy"));
    for (String runtime : new String[] {"torchscript", "onnx"}) {
      Result r = run("infer", "--graph", graph.toString(), "--runtime", runtime, "--input",
          dir.resolve("x.npy").toString(), "--output", dir.resolve(runtime + ".npy").toString());
      assertEquals(0, r.code(), r.err());
    }
    TensorData viaTorch = Npy.read(dir.resolve("torchscript.npy"));
    TensorData viaOnnx = Npy.read(dir.resolve("onnx.npy"));
    assertEquals(17, viaTorch.shape()[0], "64 / 4 + 1 columns");
    double diff = viaTorch.maxAbsDiff(viaOnnx);
    System.out.printf("strata infer: torchscript vs onnx max abs difference %.2e%n", diff);
    assertTrue(diff <= 1e-4, "runtimes differ by " + diff);
  }

  @Test
  void userErrorsAreOneLineWithoutStackTraces() throws Exception {
    Result unknown = run("export", "--model", "crnm", "--out", dir.toString());
    assertEquals(2, unknown.code());
    assertEquals("strata export: unknown model 'crnm' (known: crnn)", unknown.err().trim());

    Result badSet = run("export", "--model", "crnn", "--set", "hidden=lots", "--out", dir.toString());
    assertEquals(2, badSet.code());
    assertTrue(badSet.err().contains("'lots' is not an int"), badSet.err());
    assertFalse(badSet.err().contains("\tat "), "no stack trace");

    Result missing = run("infer", "--graph", dir.resolve("nowhere").toString(), "--runtime", "onnx", "--input",
        "x.npy", "--output", "y.npy");
    assertEquals(2, missing.code());
    assertTrue(missing.err().contains("x.npy"), missing.err());

    Npy.write(TensorData.ofFloats(new float[4], 1, 4), dir.resolve("small.npy"));
    run("export", "--model", "crnn", "--preset", "tiny", "--out", dir.resolve("g").toString());
    Result shape = run("infer", "--graph", dir.resolve("g").toString(), "--runtime", "onnx", "--input",
        dir.resolve("small.npy").toString(), "--output", dir.resolve("y.npy").toString());
    assertEquals(2, shape.code());
    assertTrue(shape.err().contains("image"), shape.err());
    assertFalse(Files.exists(dir.resolve("y.npy")), "no output file on failure");
  }
}
