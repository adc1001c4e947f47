package dev.strata.processor;

/** Valid modules shared by the tests: a parent with every hyperparameter type, a child, and a list of children. */
final class Fixtures {
  private Fixtures() {}

  static final String TINY = """
      package p;

      import dev.strata.dsl.*;
import dev.strata.dsl.Module; // java.lang.Module would make the wildcard ambiguous
      import dev.strata.dsl.ir.DType;
      import dev.strata.dsl.ir.Init;
      import java.util.ArrayList;
      import java.util.List;

      @Module(name = "TinyNet")
      public class Tiny extends Block {
        public enum Mode { FAST, SLOW }

        @Hyper(value = "4", min = 1, doc = "input features") int inFeatures;
        @Hyper(value = "3", min = 1, max = 16) int outFeatures;
        @Hyper("1000000000000") long big;
        @Hyper(value = "0.5", min = 0, max = 1) float dropout;
        @Hyper("1e-5") double eps;
        @Hyper("true") boolean bias;
        @Hyper("hello") String label;
        @Hyper(value = "64,128", min = 1) int[] sizes;
        @Hyper("SLOW") Mode mode;

        @Param Tensor weight;
        @Param("b") Tensor biasTensor;
        @Buffer Tensor steps;
        @Child Scale scale;
        @Child("extra") List<Scale> extras;

        @Override
        protected void build() {
          weight = param(Init.fanIn(inFeatures), outFeatures, inFeatures);
          biasTensor = bias ? param(Init.fanIn(inFeatures), outFeatures) : null;
          steps = buffer(DType.INT64, Init.constant(0));
          scale = ScaleConfig.builder().features(outFeatures).build().create();
          extras = new ArrayList<>();
          for (int i = 0; i < 2; i++) {
            extras.add(ScaleConfig.builder().features(outFeatures).build().create());
          }
        }

        @Forward
        public Tensor forward(@Shape("N, inFeatures") Tensor x) {
          return scale.forward(x.linear(weight, biasTensor)).relu();
        }

        @Forward(training = true)
        public Tensor loss(@Shape("N, inFeatures") Tensor x) {
          return forward(x).sum(1);
        }

        @Forward
        public Tensor[] pair(@Shape("B, inFeatures") Tensor a, @Shape(value = "B, 4", dtype = DType.FLOAT32) Tensor b) {
          List<Tensor> both = both(a);
          return new Tensor[] {repeat(both.get(1), 2), b};
        }

        @Forward
        protected Tensor repeat(Tensor x, int times) {
          Tensor y = x;
          for (int i = 1; i < times; i++) {
            y = y.add(x);
          }
          return y;
        }

        @Forward
        List<Tensor> both(Tensor x) {
          return List.of(x, x.relu());
        }
      }
      """;

  static final String SCALE = """
      package p;

      import dev.strata.dsl.*;
import dev.strata.dsl.Module; // java.lang.Module would make the wildcard ambiguous
      import dev.strata.dsl.ir.Init;

      @Module
      public class Scale extends Block {
        @Hyper(min = 1) int features;
        @Param Tensor gain;

        @Override
        protected void build() {
          gain = param(Init.constant(1), features);
        }

        @Forward
        public Tensor forward(Tensor x) {
          return x.mul(gain);
        }
      }
      """;
}
