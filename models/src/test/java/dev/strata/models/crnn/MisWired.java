package dev.strata.models.crnn;

import dev.strata.dsl.Block;
import dev.strata.dsl.Child;
import dev.strata.dsl.Forward;
import dev.strata.dsl.Module;
import dev.strata.dsl.Shape;
import dev.strata.dsl.Tensor;
import dev.strata.models.nn.BidirectionalLstm;
import java.util.List;

/** A CRNN whose LSTM is built for 64 features while the conv stack ends with 96: a shape error to catch. */
@Module
public class MisWired extends Block {
  @Child Vgg cnn;
  @Child List<BidirectionalLstm> rnn;

  @Override
  protected void build() {
    cnn = VggConfig.builder().channels(new int[] {16, 32, 64, 64, 96, 96, 96}).build().create();
    rnn = List.of(BidirectionalLstm.of(64, 8, 8));
  }

  @Forward
  public Tensor forward(@Shape("N, 1, 32, 100") Tensor image) {
    return rnn.get(0).forward(cnn.forward(image).squeeze(2).permute(2, 0, 1));
  }
}
