package dev.strata.models.nn;

import dev.strata.dsl.Block;
import dev.strata.dsl.Forward;
import dev.strata.dsl.Hyper;
import dev.strata.dsl.Module;
import dev.strata.dsl.Param;
import dev.strata.dsl.Tensor;
import dev.strata.dsl.ir.Init;
import java.util.ArrayList;
import java.util.List;

/** A one-layer {@code nn.LSTM} over [T, N, I] from zero state, with PyTorch's parameter names and gate order. */
@Module(name = "LSTM")
public class Lstm extends Block {
  @Hyper(min = 1) int inputSize;
  @Hyper(min = 1) int hiddenSize;
  @Hyper("false") boolean bidirectional;

  @Param("weight_ih_l0") Tensor weightIh;
  @Param("weight_hh_l0") Tensor weightHh;
  @Param("bias_ih_l0") Tensor biasIh;
  @Param("bias_hh_l0") Tensor biasHh;
  @Param("weight_ih_l0_reverse") Tensor weightIhReverse;
  @Param("weight_hh_l0_reverse") Tensor weightHhReverse;
  @Param("bias_ih_l0_reverse") Tensor biasIhReverse;
  @Param("bias_hh_l0_reverse") Tensor biasHhReverse;

  public static Lstm of(int inputSize, int hiddenSize, boolean bidirectional) {
    return LstmConfig.builder().inputSize(inputSize).hiddenSize(hiddenSize).bidirectional(bidirectional).build()
        .create();
  }

  @Override
  protected void build() {
    Init init = Init.uniform(1.0 / Math.sqrt(hiddenSize));
    int gates = 4 * hiddenSize;
    weightIh = param(init, gates, inputSize);
    weightHh = param(init, gates, hiddenSize);
    biasIh = param(init, gates);
    biasHh = param(init, gates);
    if (bidirectional) {
      weightIhReverse = param(init, gates, inputSize);
      weightHhReverse = param(init, gates, hiddenSize);
      biasIhReverse = param(init, gates);
      biasHhReverse = param(init, gates);
    }
  }

  @Forward
  public Tensor forward(Tensor x) {
    List<Tensor> weights = new ArrayList<>(List.of(weightIh, weightHh, biasIh, biasHh));
    if (bidirectional) {
      weights.addAll(List.of(weightIhReverse, weightHhReverse, biasIhReverse, biasHhReverse));
    }
    return x.lstm(weights, hiddenSize, bidirectional);
  }
}
