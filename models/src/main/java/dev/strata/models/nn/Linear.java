package dev.strata.models.nn;

import dev.strata.dsl.Block;
import dev.strata.dsl.Forward;
import dev.strata.dsl.Hyper;
import dev.strata.dsl.Module;
import dev.strata.dsl.Param;
import dev.strata.dsl.Tensor;
import dev.strata.dsl.ir.Init;

/** {@code nn.Linear} over the last dimension. */
@Module
public class Linear extends Block {
  @Hyper(min = 1) int inFeatures;
  @Hyper(min = 1) int outFeatures;
  @Hyper("true") boolean withBias;

  @Param Tensor weight;
  @Param Tensor bias;

  public static Linear of(int in, int out) {
    return LinearConfig.builder().inFeatures(in).outFeatures(out).build().create();
  }

  @Override
  protected void build() {
    weight = param(Init.fanIn(inFeatures), outFeatures, inFeatures);
    bias = withBias ? param(Init.fanIn(inFeatures), outFeatures) : null;
  }

  @Forward
  public Tensor forward(Tensor x) {
    return x.linear(weight, bias);
  }
}
