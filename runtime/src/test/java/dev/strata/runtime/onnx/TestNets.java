package dev.strata.runtime.onnx;

import dev.strata.dsl.Block;
import dev.strata.dsl.Tensor;
import dev.strata.dsl.Tracer;
import dev.strata.dsl.ir.DType;
import dev.strata.dsl.ir.Dim;
import dev.strata.dsl.ir.Init;
import dev.strata.dsl.ir.Program;
import dev.strata.dsl.ir.TensorType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Hand-written stand-ins for what the annotation processor will generate: each block creates its tensors in
 * build(), registers them under PyTorch's state-dict names, and routes its forward method through call().
 */
final class TestNets {
  private TestNets() {}

  static final class Conv2d extends Block {
    final int in, out, k, pad;
    Tensor weight, bias;

    Conv2d(int in, int out, int k, int pad) {
      this.in = in; this.out = out; this.k = k; this.pad = pad;
      build();
      register("weight", weight);
      register("bias", bias);
    }

    @Override protected void build() {
      weight = param(Init.fanIn((long) in * k * k), out, in, k, k);
      bias = param(Init.fanIn((long) in * k * k), out);
    }

    Tensor forward(Tensor x) {
      return (Tensor) call("forward", List.of("x"), a -> ((Tensor) a[0]).conv2d(weight, bias, new int[] {1, 1},
          new int[] {pad, pad}, new int[] {1, 1}, 1), x);
    }
  }

  static final class BatchNorm2d extends Block {
    final int c;
    Tensor weight, bias, runningMean, runningVar, numBatchesTracked;

    BatchNorm2d(int c) {
      this.c = c;
      build();
      register("weight", weight);
      register("bias", bias);
      register("running_mean", runningMean);
      register("running_var", runningVar);
      register("num_batches_tracked", numBatchesTracked);
    }

    @Override protected void build() {
      weight = param(Init.uniform(1), c);
      bias = param(Init.uniform(1), c);
      runningMean = buffer(DType.FLOAT32, Init.constant(0), c);
      runningVar = buffer(DType.FLOAT32, Init.constant(1), c);
      numBatchesTracked = buffer(DType.INT64, Init.constant(0));
    }

    Tensor forward(Tensor x) {
      return (Tensor) call("forward", List.of("x"), a -> ((Tensor) a[0]).batchNorm(weight, bias, runningMean,
          runningVar, numBatchesTracked, 0.1, 1e-5), x);
    }
  }

  /** nn.LSTM(in, hidden, bidirectional=True), one layer. */
  static final class Lstm extends Block {
    final int in, hidden;
    final List<Tensor> weights = new ArrayList<>();

    Lstm(int in, int hidden) {
      this.in = in; this.hidden = hidden;
      build();
      String[] names = {"weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"};
      for (int d = 0; d < 2; d++) {
        for (int j = 0; j < 4; j++) {
          register(names[j] + (d == 1 ? "_reverse" : ""), weights.get(4 * d + j));
        }
      }
    }

    @Override protected void build() {
      Init init = Init.fanIn(hidden);
      for (int d = 0; d < 2; d++) {
        weights.add(param(init, 4L * hidden, in));
        weights.add(param(init, 4L * hidden, hidden));
        weights.add(param(init, 4L * hidden));
        weights.add(param(init, 4L * hidden));
      }
    }

    Tensor forward(Tensor x) {
      return (Tensor) call("forward", List.of("x"), a -> ((Tensor) a[0]).lstm(weights, hidden, true), x);
    }
  }

  static final class Linear extends Block {
    final int in, out;
    Tensor weight, bias;

    Linear(int in, int out) {
      this.in = in; this.out = out;
      build();
      register("weight", weight);
      register("bias", bias);
    }

    @Override protected void build() {
      weight = param(Init.fanIn(in), out, in);
      bias = param(Init.fanIn(in), out);
    }

    Tensor forward(Tensor x) {
      return (Tensor) call("forward", List.of("x"), a -> ((Tensor) a[0]).linear(weight, bias), x);
    }
  }

  /** CRNN's BidirectionalLSTM: an LSTM then a linear embedding. */
  static final class BidirectionalLstm extends Block {
    final Lstm rnn;
    final Linear embedding;

    BidirectionalLstm(int in, int hidden, int out) {
      rnn = new Lstm(in, hidden);
      embedding = new Linear(2 * hidden, out);
      register("rnn", rnn);
      register("embedding", embedding);
    }

    Tensor forward(Tensor x) {
      return (Tensor) call("forward", List.of("x"), a -> embedding.forward(rnn.forward((Tensor) a[0])), x);
    }
  }

  /** image [N, 1, 8, 16] → log-probabilities [T=8, N, 7]. */
  static final class MiniCrnn extends Block {
    static final int C = 4, H = 5, CLASSES = 7;
    final Conv2d conv = new Conv2d(1, C, 3, 1);
    final BatchNorm2d bn = new BatchNorm2d(C);
    final BidirectionalLstm rnn0 = new BidirectionalLstm(C, H, CLASSES);

    MiniCrnn() {
      register("conv", conv);
      register("bn", bn);
      register("rnn", List.of(rnn0));
    }

    Tensor forward(Tensor image) {
      return (Tensor) call("forward", List.of("image"), a -> {
        Tensor x = bn.forward(conv.forward((Tensor) a[0])).relu();
        x = x.maxPool2d(new int[] {8, 2}, new int[] {8, 2}, new int[] {0, 0});
        x = x.squeeze(2).permute(2, 0, 1);
        return rnn0.forward(x).logSoftmax(2);
      }, image);
    }

    static Program trace(MiniCrnn m) {
      return Tracer.trace("MiniCrnn", m, Map.of(), List.of(new Tracer.EntrySpec("forward", List.of("image"),
          List.of(TensorType.of(DType.FLOAT32, Dim.sym("N"), Dim.of(1), Dim.of(8), Dim.of(16))), false,
          a -> m.forward((Tensor) a[0]))));
    }
  }

  /** The remaining ops: Gemm, elementwise, constants, matmul, softmax, reshape, reductions, concat, argmax, cast. */
  static final class OpsNet extends Block {
    final Linear fc = new Linear(6, 4);

    OpsNet() {
      register("fc", fc);
    }

    List<Tensor> forward(Tensor x) {
      @SuppressWarnings("unchecked")
      List<Tensor> out = (List<Tensor>) call("forward", List.of("x"), a -> {
        Tensor h = fc.forward((Tensor) a[0]);                                         // [N, 4], Gemm
        Tensor b = h.sigmoid().mul(h.tanh()).add(h.neg().exp()).sub(h.scalar(0.5)).div(h.scalar(2));
        Tensor c = b.mul(b).add(b.scalar(1)).log().relu();                             // [N, 4]
        Tensor u = c.unsqueeze(2);                                                     // [N, 4, 1]
        Tensor s = u.matmul(u.permute(0, 2, 1)).softmax(2).reshape(0, -1);            // [N, 16]
        Tensor stats = Tensor.concat(List.of(s.sum(1).unsqueeze(1), s.mean(1).unsqueeze(1),
            s.max(1).unsqueeze(1), c.logSoftmax(1)), 1);                               // [N, 7]
        Tensor idx = c.argmax(1);                                                      // [N] int64
        Tensor back = idx.cast(DType.FLOAT32).unsqueeze(1).squeeze(1);                 // [N] float32
        return List.of(stats, idx, back);
      }, x);
      return out;
    }

    static Program trace(OpsNet m) {
      return Tracer.trace("OpsNet", m, Map.of(), List.of(new Tracer.EntrySpec("forward", List.of("x"),
          List.of(TensorType.of(DType.FLOAT32, Dim.sym("N"), Dim.of(6))), false, a -> m.forward((Tensor) a[0]))));
    }
  }

  /** A loss inside an inference-marked entry, and the same as a training entry. */
  static final class LossNet extends Block {
    Tensor forward(Tensor logits, Tensor targets) {
      return (Tensor) call("forward", List.of("logits", "targets"),
          a -> ((Tensor) a[0]).crossEntropy((Tensor) a[1], -100), logits, targets);
    }

    static Program trace(LossNet m, boolean training) {
      return Tracer.trace("LossNet", m, Map.of(), List.of(new Tracer.EntrySpec("loss", List.of("logits", "targets"),
          List.of(TensorType.of(DType.FLOAT32, Dim.sym("N"), Dim.of(5)), TensorType.of(DType.INT64, Dim.sym("N"))),
          training, a -> m.forward((Tensor) a[0], (Tensor) a[1]))));
    }
  }

  /** Integer and bool inputs and outputs through casts: uint8 [N, 4], int32 [N], bool [N]. */
  static final class DtypeNet extends Block {
    List<Tensor> forward(Tensor bytes, Tensor ints, Tensor flags) {
      @SuppressWarnings("unchecked")
      List<Tensor> out = (List<Tensor>) call("forward", List.of("bytes", "ints", "flags"), a -> {
        Tensor b = (Tensor) a[0];
        return List.of(b.cast(DType.FLOAT32), b.cast(DType.BOOL), ((Tensor) a[1]).cast(DType.INT64),
            ((Tensor) a[1]).cast(DType.INT32), ((Tensor) a[2]).cast(DType.UINT8));
      }, bytes, ints, flags);
      return out;
    }

    static Program trace(DtypeNet m) {
      return Tracer.trace("DtypeNet", m, Map.of(), List.of(new Tracer.EntrySpec("forward",
          List.of("bytes", "ints", "flags"), List.of(TensorType.of(DType.UINT8, Dim.sym("N"), Dim.of(4)),
          TensorType.of(DType.INT32, Dim.sym("N")), TensorType.of(DType.BOOL, Dim.sym("N"))), false,
          a -> m.forward((Tensor) a[0], (Tensor) a[1], (Tensor) a[2]))));
    }
  }
}
