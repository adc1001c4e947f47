package dev.strata.processor;

import static dev.strata.processor.Compiled.call;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.strata.dsl.HyperSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Runs the generated config and builder: defaults, text parsing, validation, value semantics. */
class ConfigRuntimeTest {
  private static Compiled compiled;

  @BeforeAll
  static void load() {
    compiled = Compiled.load(Fixtures.TINY, Fixtures.SCALE);
  }

  private static Object tinyBuilder() {
    return compiled.callStatic("TinyConfig", "builder");
  }

  private static String failure(Runnable r) {
    return assertThrows(IllegalArgumentException.class, r::run).getMessage();
  }

  @Test
  void builderStartsFromDefaults() {
    Object config = call(tinyBuilder(), "build");
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("inFeatures", 4);
    expected.put("outFeatures", 3);
    expected.put("big", 1000000000000L);
    expected.put("dropout", 0.5f);
    expected.put("eps", 1e-5);
    expected.put("bias", true);
    expected.put("label", "hello");
    expected.put("sizes", List.of(64, 128));
    expected.put("mode", "SLOW");
    assertEquals(expected, call(config, "toMap"));
    assertEquals(List.copyOf(expected.keySet()), List.copyOf(((Map<?, ?>) call(config, "toMap")).keySet()));
    assertEquals("TinyConfig{inFeatures=4, outFeatures=3, big=1000000000000, dropout=0.5, eps=1.0E-5, bias=true,"
        + " label=hello, sizes=[64, 128], mode=SLOW}", config.toString());
  }

  @Test
  void setParsesTextForEveryType() {
    Object b = tinyBuilder();
    for (String[] kv : new String[][] {
        {"inFeatures", " 8 "}, {"big", "7"}, {"dropout", "0.25"}, {"eps", "1e-3"}, {"bias", "false"},
        {"label", "a, b"}, {"sizes", "1, 2,3"}, {"mode", "FAST"}}) {
      call(b, "set", kv[0], kv[1]);
    }
    Object config = call(b, "build");
    assertEquals(8, call(config, "inFeatures"));
    assertEquals(7L, call(config, "big"));
    assertEquals(0.25f, call(config, "dropout"));
    assertEquals(1e-3, call(config, "eps"));
    assertEquals(false, call(config, "bias"));
    assertEquals("a, b", call(config, "label"));
    assertArrayEquals(new int[] {1, 2, 3}, (int[]) call(config, "sizes"));
    assertEquals("FAST", ((Enum<?>) call(config, "mode")).name());
    assertArrayEquals(new int[0], (int[]) call(call(call(tinyBuilder(), "set", "sizes", ""), "build"), "sizes"));
  }

  @Test
  void setRejectsUnknownNamesAndBadText() {
    Object b = tinyBuilder();
    assertEquals("unknown hyperparameter 'foo' of Tiny (known: inFeatures, outFeatures, big, dropout, eps, bias,"
        + " label, sizes, mode)", failure(() -> call(b, "set", "foo", "1")));
    assertEquals("hyperparameter Tiny.inFeatures: '3x' is not an int", failure(() -> call(b, "set", "inFeatures", "3x")));
    assertEquals("hyperparameter Tiny.big: '1.5' is not a long", failure(() -> call(b, "set", "big", "1.5")));
    assertEquals("hyperparameter Tiny.dropout: 'half' is not a float", failure(() -> call(b, "set", "dropout", "half")));
    assertEquals("hyperparameter Tiny.bias: 'yes' is not a boolean (true or false)",
        failure(() -> call(b, "set", "bias", "yes")));
    assertEquals("hyperparameter Tiny.sizes: '64,,128' is not a comma-separated list of ints",
        failure(() -> call(b, "set", "sizes", "64,,128")));
    assertEquals("hyperparameter Tiny.mode: 'MEDIUM' is not a constant of Mode (FAST, SLOW)",
        failure(() -> call(b, "set", "mode", "MEDIUM")));
  }

  @Test
  void buildRequiresRequiredHypers() {
    Object b = compiled.callStatic("ScaleConfig", "builder");
    assertEquals("Scale.features is required", failure(() -> call(b, "build")));
    assertEquals(5, call(call(call(b, "features", 5), "build"), "features"));
  }

  @Test
  void buildChecksRanges() {
    assertEquals("Tiny.outFeatures = 0 is below its minimum 1",
        failure(() -> call(call(tinyBuilder(), "outFeatures", 0), "build")));
    assertEquals("Tiny.outFeatures = 17 is above its maximum 16",
        failure(() -> call(call(tinyBuilder(), "outFeatures", 17), "build")));
    assertEquals("Tiny.dropout = 1.5 is above its maximum 1",
        failure(() -> call(call(tinyBuilder(), "dropout", 1.5f), "build")));
    assertEquals("Tiny.sizes[1] = 0 is below its minimum 1",
        failure(() -> call(call(tinyBuilder(), "set", "sizes", "4,0"), "build")));
    assertEquals("Scale.features = 0 is below its minimum 1",
        failure(() -> call(call(compiled.callStatic("ScaleConfig", "builder"), "features", 0), "build")));
  }

  @Test
  void configsAreValuesAndImmutable() {
    Object a = call(tinyBuilder(), "build");
    Object b = call(call(tinyBuilder(), "set", "sizes", "64,128"), "build");
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    Object c = call(call(call(a, "toBuilder"), "mode", compiled.type("Tiny$Mode").getEnumConstants()[0]), "build");
    assertNotEquals(a, c);
    assertEquals("FAST", ((Map<?, ?>) call(c, "toMap")).get("mode"));
    assertEquals(call(a, "toMap"), call(call(call(a, "toBuilder"), "build"), "toMap"));
    ((int[]) call(a, "sizes"))[0] = 99;
    assertArrayEquals(new int[] {64, 128}, (int[]) call(a, "sizes"));
  }

  @Test
  void hypersDescribeEveryField() throws ReflectiveOperationException {
    @SuppressWarnings("unchecked")
    List<HyperSpec> specs = (List<HyperSpec>) compiled.type("TinyConfig").getField("HYPERS").get(null);
    assertEquals(List.of("inFeatures", "outFeatures", "big", "dropout", "eps", "bias", "label", "sizes", "mode"),
        specs.stream().map(HyperSpec::name).toList());
    assertEquals(new HyperSpec("inFeatures", "int", "4", 1, Double.POSITIVE_INFINITY, "input features"), specs.get(0));
    assertEquals(new HyperSpec("sizes", "int[]", "64,128", 1, Double.POSITIVE_INFINITY, ""), specs.get(7));
    @SuppressWarnings("unchecked")
    List<HyperSpec> scale = (List<HyperSpec>) compiled.type("ScaleConfig").getField("HYPERS").get(null);
    assertNull(scale.get(0).defaultValue());
  }
}
