package dev.strata.models.crnn;

import dev.strata.dsl.HyperSpec;
import dev.strata.dsl.ir.Program;
import dev.strata.models.ModelSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** CRNN with the 36-character alphabet (digits and lower-case letters) after the CTC blank. */
public final class CrnnSpec implements ModelSpec {
  static final String ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";

  private static final Map<String, Map<String, String>> PRESETS = new LinkedHashMap<>();

  static {
    PRESETS.put("default", Map.of());
    // A tenth of the multiply-adds of the default: for tests, demos and CPU-only experiments.
    PRESETS.put("tiny", Map.of("channels", "16,32,64,64,96,96,96", "hidden", "48"));
  }

  @Override
  public String name() {
    return "crnn";
  }

  @Override
  public String description() {
    return "CRNN: VGG-style CNN + 2 x BiLSTM + CTC, grayscale 32x100, 36 characters";
  }

  @Override
  public List<String> presets() {
    return List.copyOf(PRESETS.keySet());
  }

  @Override
  public List<HyperSpec> hypers() {
    return CrnnConfig.HYPERS;
  }

  @Override
  public Program build(String preset, Map<String, String> overrides) {
    Map<String, String> base = PRESETS.get(preset);
    if (base == null) {
      throw new IllegalArgumentException("unknown preset '" + preset + "' of crnn (known: "
          + String.join(", ", PRESETS.keySet()) + ")");
    }
    CrnnConfig.Builder b = CrnnConfig.builder();
    base.forEach(b::set);
    overrides.forEach(b::set);
    return CrnnGraph.build(b.build());
  }

  @Override
  public List<String> dictionary() {
    return ALPHABET.chars().mapToObj(c -> String.valueOf((char) c)).toList();
  }
}
