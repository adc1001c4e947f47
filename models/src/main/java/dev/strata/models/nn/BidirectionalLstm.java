package dev.strata.models.nn;

import dev.strata.dsl.Block;
import dev.strata.dsl.Child;
import dev.strata.dsl.Forward;
import dev.strata.dsl.Hyper;
import dev.strata.dsl.Module;
import dev.strata.dsl.Tensor;

/** CRNN's {@code BidirectionalLSTM}: a bidirectional LSTM, then a linear map of both directions to {@code nOut}. */
@Module(name = "BidirectionalLSTM")
public class BidirectionalLstm extends Block {
  @Hyper(min = 1) int nIn;
  @Hyper(min = 1) int nHidden;
  @Hyper(min = 1) int nOut;

  @Child Lstm rnn;
  @Child Linear embedding;

  public static BidirectionalLstm of(int nIn, int nHidden, int nOut) {
    return BidirectionalLstmConfig.builder().nIn(nIn).nHidden(nHidden).nOut(nOut).build().create();
  }

  @Override
  protected void build() {
    rnn = Lstm.of(nIn, nHidden, true);
    embedding = Linear.of(2 * nHidden, nOut);
  }

  /** [T, N, nIn] → [T, N, nOut]. */
  @Forward
  public Tensor forward(Tensor input) {
    return embedding.forward(rnn.forward(input));
  }
}
