package dev.strata.models.crnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.dsl.ShapeException;
import dev.strata.dsl.ir.DType;
import dev.strata.dsl.ir.Dim;
import dev.strata.dsl.ir.Program;
import dev.strata.dsl.ir.State;
import dev.strata.dsl.ir.TensorType;
import dev.strata.models.Models;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CrnnTest {
  @Test
  void stateDictEqualsCrnnPytorch() throws IOException {
    List<String> reference;
    try (InputStream in = getClass().getResourceAsStream("/crnn_pytorch_state_dict.txt")) {
      reference = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
          .filter(l -> !l.startsWith("#")).toList();
    }
    Program p = CrnnGraph.build();
    List<String> ours = p.states().stream()
        .map(s -> s.key() + " " + Arrays.toString(s.type().sizes())).toList();
    assertEquals(reference, ours);
    long params = p.states().stream().filter(s -> s.kind() == State.Kind.PARAMETER)
        .mapToLong(s -> s.type().numel()).sum();
    assertEquals(8_331_301, params, "crnn.pytorch's sum(p.numel() for p in m.parameters())");
  }

  @Test
  void entryPointsAreTyped() {
    Program p = Models.get("crnn").build("tiny", Map.of("imageWidth", "128"));
    TensorType image = TensorType.of(DType.FLOAT32, Dim.sym("N"), Dim.of(1), Dim.of(32), Dim.of(128));
    assertEquals(List.of(image), p.entry("forward").inputTypes());
    assertEquals(List.of(TensorType.of(DType.FLOAT32, Dim.of(33), Dim.sym("N"), Dim.of(37))),
        p.entry("forward").outputTypes(), "width 128 gives 128 / 4 + 1 columns");
    assertTrue(p.entry("loss").training());
    assertEquals(List.of("image", "targets", "targetLengths"), p.entry("loss").inputNames());
    assertEquals(new TensorType(DType.FLOAT32, List.of()), p.entry("loss").outputTypes().get(0));
  }

  @Test
  void shapeErrorNamesTheModulePath() {
    ShapeException e = assertThrows(ShapeException.class, MisWiredGraph::build);
    assertEquals("rnn.0.rnn", e.path());
    assertTrue(e.getMessage().startsWith("rnn.0.rnn: lstm expects 64 input features, got 96"), e.getMessage());
  }

  @Test
  void presetsAndOverridesAreValidated() {
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
        () -> Models.get("crnn").build("huge", Map.of()));
    assertTrue(unknown.getMessage().contains("unknown preset 'huge' of crnn (known: default, tiny)"));
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
        () -> Models.get("crnn").build("default", Map.of("hidden", "0")));
    assertTrue(bad.getMessage().contains("hidden = 0 is below its minimum 1"), bad.getMessage());
    IllegalArgumentException model = assertThrows(IllegalArgumentException.class, () -> Models.get("crnm"));
    assertTrue(model.getMessage().contains("unknown model 'crnm' (known: crnn)"));
  }
}
