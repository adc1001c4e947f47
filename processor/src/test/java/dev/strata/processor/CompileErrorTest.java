package dev.strata.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Every mistake in a module declaration is a compile error on the element that has it. */
class CompileErrorTest {
  /** The file last compiled, which errors are expected in. */
  private JavaFileObject file;

  private Compilation compile(String text) {
    file = Compiled.source(text);
    return Compiled.compile(file);
  }

  /** A module {@code p.M} with {@code body} as its members. */
  private Compilation module(String body) {
    return compile("""
        package p;

        import dev.strata.dsl.*;
        import dev.strata.dsl.Module;
        import java.util.List;

        @Module
        public class M extends Block {
        %s
        }
        """.formatted(body));
  }

  @Test
  void invalidDefaultNamesTheField() {
    Compilation c = module("@Hyper(\"abc\") int hidden;");
    assertThat(c).hadErrorContaining("@Hyper default 'abc' of 'hidden' is not an int");
    assertThat(c).hadErrorContaining("@Hyper default 'abc' of 'hidden'")
        .inFile(file).onLineContaining("int hidden");
    assertThat(c).hadErrorCount(1);
  }

  @Test
  void defaultsOfOtherTypesAreChecked() {
    Compilation c = module("""
          enum Mode { A, B }
          @Hyper("maybe") boolean flag;
          @Hyper("1,x") int[] sizes;
          @Hyper("C") Mode mode;
          @Hyper(value = "0", min = 1) int layers;
          @Hyper(value = "2.5", max = 1) double rate;
          @Hyper(value = "1,0", min = 1) int[] widths;
        """);
    assertThat(c).hadErrorContaining("@Hyper default 'maybe' of 'flag' is not a boolean (true or false)");
    assertThat(c).hadErrorContaining("@Hyper default '1,x' of 'sizes' is not a comma-separated list of ints");
    assertThat(c).hadErrorContaining("@Hyper default 'C' of 'mode' is not a constant of Mode (A, B)");
    assertThat(c).hadErrorContaining("@Hyper default '0' of 'layers' is below its minimum 1").inFile(file).onLineContaining("int layers");
    assertThat(c).hadErrorContaining("@Hyper default '2.5' of 'rate' is above its maximum 1");
    assertThat(c).hadErrorContaining("@Hyper default '1,0' of 'widths' is below its minimum 1");
    assertThat(c).hadErrorCount(6);
  }

  @Test
  void wrongFieldTypes() {
    Compilation c = module("""
          @Hyper List<String> names;
          @Hyper Integer boxed;
          @Param int weight;
          @Buffer float[] table;
          @Child String head;
          @Child List<String> heads;
        """);
    assertThat(c).hadErrorContaining("@Hyper field 'names' has unsupported type java.util.List<java.lang.String>;"
        + " allowed: int, long, float, double, boolean, String, int[], enums")
        .inFile(file).onLineContaining("names;");
    assertThat(c).hadErrorContaining("@Hyper field 'boxed' has unsupported type java.lang.Integer");
    assertThat(c).hadErrorContaining("@Param field 'weight' has type int; allowed: dev.strata.dsl.Tensor");
    assertThat(c).hadErrorContaining("@Buffer field 'table' has type float[]");
    assertThat(c).hadErrorContaining("@Child field 'head' has type java.lang.String");
    assertThat(c).hadErrorContaining("@Child field 'heads' has type java.util.List<java.lang.String>");
    assertThat(c).hadErrorCount(6);
  }

  @Test
  void fieldsTheModuleCannotAssign() {
    Compilation c = module("""
          @Hyper private int a;
          @Hyper("1") final int b = 1;
          @Param static Tensor w;
        """);
    assertThat(c).hadErrorContaining("@Hyper field 'a' must not be private");
    assertThat(c).hadErrorContaining("@Hyper field 'b' must not be final");
    assertThat(c).hadErrorContaining("@Param field 'w' must not be static");
  }

  @Test
  void duplicateStateDictName() {
    Compilation c = module("""
          @Param("weight") Tensor a;
          @Param("weight") Tensor b;
          @Buffer Tensor scale;
          @Child("scale") M inner;
        """);
    assertThat(c).hadErrorContaining("duplicate state-dict name 'weight' (already used by field 'a')").inFile(file).onLineContaining("Tensor b;");
    assertThat(c).hadErrorContaining("duplicate state-dict name 'scale' (already used by field 'scale')").inFile(file).onLineContaining("M inner;");
    assertThat(c).hadErrorCount(2);
  }

  @Test
  void badShapeItems() {
    Compilation c = module("""
          @Hyper("32") int imgWidth;
          @Hyper("x") String label;
          @Forward public Tensor a(@Shape("N, imgHeight") Tensor image) { return image; }
          @Forward public Tensor b(@Shape("N, label") Tensor image) { return image; }
          @Forward public Tensor c(@Shape("N,, 3") Tensor image) { return image; }
          @Forward public Tensor d(@Shape("N, -1") Tensor image) { return image; }
          @Forward public Tensor e(@Shape("N") Tensor image, @Shape("N") int steps) { return image; }
        """);
    assertThat(c).hadErrorContaining("@Shape of 'image' names 'imgHeight', which is not an int @Hyper of M").inFile(file).onLineContaining("Tensor a(");
    assertThat(c).hadErrorContaining("@Shape of 'image' names 'label', which is not an int @Hyper of M");
    assertThat(c).hadErrorContaining("@Shape of 'image' has an empty item");
    assertThat(c).hadErrorContaining("@Shape of 'image' has item '-1', which is not an integer");
    assertThat(c).hadErrorContaining("@Shape on parameter 'steps' of 'e', which is not a Tensor");
    assertThat(c).hadErrorCount(5);
  }

  @Test
  void forwardMethodsTheModuleCannotOverride() {
    Compilation c = module("""
          @Forward private Tensor a(Tensor x) { return x; }
          @Forward static Tensor b(Tensor x) { return x; }
          @Forward public final Tensor c(Tensor x) { return x; }
          @Forward public Tensor d(String s) { return null; }
          @Forward public void e(Tensor x) {}
          @Forward public List<String> f(Tensor x) { return null; }
        """);
    assertThat(c).hadErrorContaining("@Forward method 'a' must not be private")
        .inFile(file).onLineContaining("private Tensor a(");
    assertThat(c).hadErrorContaining("@Forward method 'b' must not be static");
    assertThat(c).hadErrorContaining("@Forward method 'c' must not be final");
    assertThat(c).hadErrorContaining("@Forward method 'd' has parameter 's' of unsupported type java.lang.String");
    assertThat(c).hadErrorContaining("@Forward method 'e' has unsupported return type void");
    assertThat(c).hadErrorContaining("@Forward method 'f' has unsupported return type java.util.List<java.lang.String>");
    assertThat(c).hadErrorCount(6);
  }

  @Test
  void overloadedEntryPoints() {
    Compilation c = module("""
          @Forward public Tensor run(@Shape("N") Tensor x) { return x; }
          @Forward public Tensor run(@Shape("N") Tensor x, @Shape("N") Tensor y) { return x; }
        """);
    assertThat(c).hadErrorContaining("duplicate entry point 'run'")
        .inFile(file).onLineContaining("Tensor y)");
  }

  @Test
  void partlyShapedForwardIsAWarning() {
    Compilation c = module("@Forward public Tensor run(@Shape(\"N\") Tensor x, Tensor y) { return x; }");
    assertThat(c).succeeded();
    assertThat(c).hadWarningContaining("@Forward method 'run' is not an entry point");
  }

  @Test
  void badModuleClasses() {
    Compilation c = compile("""
        package p;

        import dev.strata.dsl.*;
        import dev.strata.dsl.Module;

        public class Outer {
          @Module class Inner extends Block {}
          @Module static final class Sealed extends Block {}
          @Module abstract static class Abstract extends Block {}
          @Module private static class Hidden extends Block {}
          @Module static class NoBlock {}
          @Module static class Needy extends Block { Needy(int x) {} }
          @Module interface Shape {}
        }
        """);
    assertThat(c).hadErrorContaining("@Module class Inner must be static");
    assertThat(c).hadErrorContaining("@Module class Sealed must not be final");
    assertThat(c).hadErrorContaining("@Module class Abstract must not be abstract");
    assertThat(c).hadErrorContaining("@Module class Hidden must not be private");
    assertThat(c).hadErrorContaining("@Module class NoBlock must extend dev.strata.dsl.Block").inFile(file).onLineContaining("class NoBlock");
    assertThat(c).hadErrorContaining("@Module class Needy needs a non-private constructor without parameters");
    assertThat(c).hadErrorContaining("@Module applies to classes, not to interface");
    assertThat(c).hadErrorCount(7);
  }

  @Test
  void memberAnnotationsOutsideAModule() {
    Compilation c = compile("""
        package p;

        import dev.strata.dsl.*;

        public class Plain extends Block {
          @Hyper("1") int size;
          @Param Tensor weight;
          @Forward public Tensor run(Tensor x) { return x; }
          public Tensor helper(@Shape("N") Tensor x) { return x; }
        }
        """);
    assertThat(c).hadErrorContaining("@Hyper field 'size' is in Plain, which is not a @Module class").inFile(file).onLineContaining("int size");
    assertThat(c).hadErrorContaining("@Param field 'weight' is in Plain");
    assertThat(c).hadErrorContaining("@Forward method 'run' is in Plain");
    assertThat(c).hadErrorContaining("@Shape on parameter 'x' has no effect");
    assertThat(c).hadErrorCount(4);
  }

  @Test
  void wildcardImportOfModuleGetsAHint() {
    Compilation c = compile("""
        package p;

        import dev.strata.dsl.*;

        @Module public class A extends Block {
          @Hyper("1") int size;
        }
        """);
    assertThat(c).hadErrorContaining("reference to Module is ambiguous");
    assertThat(c).hadErrorContaining("import dev.strata.dsl.Module explicitly").inFile(file)
        .onLineContaining("int size");
  }

  @Test
  void fieldsWithTwoRolesAndReservedNames() {
    Compilation c = module("""
          @Hyper("1") @Param int both;
          @Hyper("1") int build;
          @Param("a.b") Tensor dotted;
        """);
    assertThat(c).hadErrorContaining("field 'both' has more than one of @Hyper, @Param, @Buffer, @Child");
    assertThat(c).hadErrorContaining("@Hyper field 'build' clashes with a method of the generated config");
    assertThat(c).hadErrorContaining("state-dict name 'a.b' of field 'dotted' must not contain '.'");
    assertThat(c).hadErrorCount(3);
  }

  @Test
  void nestedStaticModuleGetsPrefixedNames() {
    Compilation c = compile("""
        package p;

        import dev.strata.dsl.*;
        import dev.strata.dsl.Module;

        public class Outer {
          @Module(name = "Head") public static class Inner extends Block {
            @Hyper("2") int width;
            @Forward public Tensor run(@Shape("N, width") Tensor x) { return x; }
          }
        }
        """);
    assertThat(c).succeededWithoutWarnings();
    assertThat(c).generatedSourceFile("p.Outer_InnerConfig").contentsAsUtf8String()
        .contains("public Outer.Inner create()");
    assertThat(c).generatedSourceFile("p.Outer_InnerGraph").contentsAsUtf8String()
        .contains("Tracer.trace(\"Head\"");
  }
}
