package dev.strata.models.nn;

import dev.strata.dsl.Block;
import dev.strata.dsl.Forward;
import dev.strata.dsl.Hyper;
import dev.strata.dsl.Module;
import dev.strata.dsl.Param;
import dev.strata.dsl.Tensor;
import dev.strata.dsl.ir.Init;

/** {@code nn.Conv2d}. Sizes take one value (square) or two (height, width). */
@Module
public class Conv2d extends Block {
  @Hyper(min = 1) int inChannels;
  @Hyper(min = 1) int outChannels;
  @Hyper(value = "3", min = 1) int[] kernelSize;
  @Hyper(value = "1", min = 1) int[] stride;
  @Hyper(value = "0", min = 0) int[] padding;
  @Hyper(value = "1", min = 1) int[] dilation;
  @Hyper(value = "1", min = 1) int groups;
  @Hyper("true") boolean withBias;

  @Param Tensor weight;
  @Param Tensor bias;

  public static Conv2d of(int in, int out, int kernel, int stride, int padding) {
    return Conv2dConfig.builder().inChannels(in).outChannels(out).kernelSize(new int[] {kernel})
        .stride(new int[] {stride}).padding(new int[] {padding}).build().create();
  }

  @Override
  protected void build() {
    int[] k = Pair.of(kernelSize, "kernelSize");
    long fanIn = (long) inChannels / groups * k[0] * k[1];
    weight = param(Init.fanIn(fanIn), outChannels, inChannels / groups, k[0], k[1]);
    bias = withBias ? param(Init.fanIn(fanIn), outChannels) : null;
  }

  @Forward
  public Tensor forward(Tensor x) {
    return x.conv2d(weight, bias, Pair.of(stride, "stride"), Pair.of(padding, "padding"),
        Pair.of(dilation, "dilation"), groups);
  }
}
