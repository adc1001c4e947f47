package dev.strata.runtime.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * A DJL {@link Loss} that returns the prediction: our training entries compute their loss inside the graph (the
 * archive's {@code loss} method), so the trainer's loss has nothing left to do. DJL's training config needs one.
 */
final class PassThroughLoss extends Loss {
  PassThroughLoss() {
    super("graph-loss");
  }

  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    return predictions.singletonOrThrow();
  }
}
