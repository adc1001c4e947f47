package dev.strata.models.nn;

import dev.strata.dsl.Block;
import dev.strata.dsl.Buffer;
import dev.strata.dsl.Forward;
import dev.strata.dsl.Hyper;
import dev.strata.dsl.Module;
import dev.strata.dsl.Param;
import dev.strata.dsl.Tensor;
import dev.strata.dsl.ir.DType;
import dev.strata.dsl.ir.Init;

/** {@code nn.BatchNorm2d}: batch statistics while training, running statistics otherwise. */
@Module
public class BatchNorm2d extends Block {
  @Hyper(min = 1) int numFeatures;
  @Hyper(value = "1e-5", min = 0) double eps;
  @Hyper(value = "0.1", min = 0, max = 1) double momentum;

  @Param Tensor weight;
  @Param Tensor bias;
  @Buffer("running_mean") Tensor runningMean;
  @Buffer("running_var") Tensor runningVar;
  @Buffer("num_batches_tracked") Tensor numBatchesTracked;

  public static BatchNorm2d of(int numFeatures) {
    return BatchNorm2dConfig.builder().numFeatures(numFeatures).build().create();
  }

  @Override
  protected void build() {
    weight = param(Init.constant(1), numFeatures);
    bias = param(Init.constant(0), numFeatures);
    runningMean = buffer(DType.FLOAT32, Init.constant(0), numFeatures);
    runningVar = buffer(DType.FLOAT32, Init.constant(1), numFeatures);
    numBatchesTracked = buffer(DType.INT64, Init.constant(0));
  }

  @Forward
  public Tensor forward(Tensor x) {
    return x.batchNorm(weight, bias, runningMean, runningVar, numBatchesTracked, momentum, eps);
  }
}
