package dev.strata.runtime.torchscript;

import dev.strata.dsl.Block;
import dev.strata.dsl.Tensor;
import dev.strata.dsl.Tracer;
import dev.strata.dsl.ir.DType;
import dev.strata.dsl.ir.Dim;
import dev.strata.dsl.ir.Init;
import dev.strata.dsl.ir.Program;
import dev.strata.dsl.ir.TensorType;
import java.util.List;
import java.util.Map;

/**
 * A small CRNN written as the annotation processor will generate modules: blocks that create and register their
 * tensors and route forward methods through {@code call}. Image [N, 1, 8, W] → two conv/BN/ReLU/pool stages →
 * [T = W/2, N, 8] → bidirectional LSTM → linear → logits [T, N, classes]; {@code loss} adds log-softmax and CTC.
 */
final class MiniCrnn extends Block {
  static final int HEIGHT = 8;
  static final int CLASSES = 5;
  static final int HIDDEN = 6;

  List<ConvBnRelu> cnn;
  Lstm rnn;
  Linear fc;

  static MiniCrnn create() {
    MiniCrnn m = new MiniCrnn();
    m.cnn = List.of(ConvBnRelu.create(1, 4), ConvBnRelu.create(4, 8));
    m.rnn = Lstm.create(8, HIDDEN, true);
    m.fc = Linear.create(2 * HIDDEN, CLASSES);
    m.register("cnn", m.cnn);
    m.register("rnn", m.rnn);
    m.register("fc", m.fc);
    return m;
  }

  static Program trace(MiniCrnn m) {
    TensorType image = TensorType.of(DType.FLOAT32, Dim.sym("N"), Dim.of(1), Dim.of(HEIGHT), Dim.sym("W"));
    TensorType targets = TensorType.of(DType.INT64, Dim.sym("N"), Dim.sym("S"));
    TensorType lengths = TensorType.of(DType.INT64, Dim.sym("N"));
    return Tracer.trace("MiniCrnn", m, Map.of("classes", CLASSES), List.of(
        new Tracer.EntrySpec("forward", List.of("image"), List.of(image), false, a -> m.forward((Tensor) a[0])),
        new Tracer.EntrySpec("loss", List.of("image", "targets", "target_lengths"),
            List.of(image, targets, lengths), true,
            a -> m.loss((Tensor) a[0], (Tensor) a[1], (Tensor) a[2]))));
  }

  @Override
  public String typeName() {
    return "MiniCrnn";
  }

  Tensor forward(Tensor image) {
    return (Tensor) call("forward", List.of("image"), a -> {
      Tensor x = cnn.get(0).forward((Tensor) a[0]).maxPool2d(new int[] {2, 2}, new int[] {2, 2}, new int[] {0, 0});
      x = cnn.get(1).forward(x).maxPool2d(new int[] {4, 1}, new int[] {4, 1}, new int[] {0, 0});
      x = x.squeeze(2).permute(2, 0, 1); // [T, N, C]
      return fc.forward(rnn.forward(x));
    }, image);
  }

  Tensor loss(Tensor image, Tensor targets, Tensor lengths) {
    return (Tensor) call("loss", List.of("image", "targets", "target_lengths"),
        a -> forward((Tensor) a[0]).logSoftmax(2).ctcLoss((Tensor) a[1], (Tensor) a[2], 0), image, targets, lengths);
  }

  static final class ConvBnRelu extends Block {
    Conv2d conv;
    BatchNorm2d bn;

    static ConvBnRelu create(int in, int out) {
      ConvBnRelu m = new ConvBnRelu();
      m.conv = Conv2d.create(in, out, 3, 1);
      m.bn = BatchNorm2d.create(out);
      m.register("conv", m.conv);
      m.register("bn", m.bn);
      return m;
    }

    @Override
    public String typeName() {
      return "ConvBnRelu";
    }

    Tensor forward(Tensor x) {
      return (Tensor) call("forward", List.of("x"), a -> bn.forward(conv.forward((Tensor) a[0])).relu(), x);
    }
  }

  static final class Conv2d extends Block {
    Tensor weight;
    Tensor bias;
    int padding;

    static Conv2d create(int in, int out, int k, int padding) {
      Conv2d m = new Conv2d();
      m.weight = m.param(Init.fanIn((long) in * k * k), out, in, k, k);
      m.bias = m.param(Init.fanIn((long) in * k * k), out);
      m.padding = padding;
      m.register("weight", m.weight);
      m.register("bias", m.bias);
      return m;
    }

    @Override
    public String typeName() {
      return "Conv2d";
    }

    Tensor forward(Tensor x) {
      return (Tensor) call("forward", List.of("x"), a -> ((Tensor) a[0]).conv2d(weight, bias, new int[] {1, 1},
          new int[] {padding, padding}, new int[] {1, 1}, 1), x);
    }
  }

  static final class BatchNorm2d extends Block {
    Tensor weight;
    Tensor bias;
    Tensor runningMean;
    Tensor runningVar;
    Tensor numBatchesTracked;

    static BatchNorm2d create(int c) {
      BatchNorm2d m = new BatchNorm2d();
      m.weight = m.param(Init.constant(1), c);
      m.bias = m.param(Init.constant(0), c);
      m.runningMean = m.buffer(DType.FLOAT32, Init.constant(0), c);
      m.runningVar = m.buffer(DType.FLOAT32, Init.constant(1), c);
      m.numBatchesTracked = m.buffer(DType.INT64, Init.constant(0));
      m.register("weight", m.weight);
      m.register("bias", m.bias);
      m.register("running_mean", m.runningMean);
      m.register("running_var", m.runningVar);
      m.register("num_batches_tracked", m.numBatchesTracked);
      return m;
    }

    @Override
    public String typeName() {
      return "BatchNorm2d";
    }

    Tensor forward(Tensor x) {
      return (Tensor) call("forward", List.of("x"),
          a -> ((Tensor) a[0]).batchNorm(weight, bias, runningMean, runningVar, numBatchesTracked, 0.1, 1e-5), x);
    }
  }

  static final class Lstm extends Block {
    List<Tensor> weights;
    int hidden;
    boolean bidirectional;

    static Lstm create(int in, int hidden, boolean bidirectional) {
      Lstm m = new Lstm();
      m.hidden = hidden;
      m.bidirectional = bidirectional;
      Init init = Init.fanIn((long) hidden);
      java.util.ArrayList<Tensor> w = new java.util.ArrayList<>();
      for (String suffix : bidirectional ? List.of("", "_reverse") : List.of("")) {
        Tensor ih = m.param(init, 4L * hidden, in);
        Tensor hh = m.param(init, 4L * hidden, hidden);
        Tensor bih = m.param(init, 4L * hidden);
        Tensor bhh = m.param(init, 4L * hidden);
        m.register("weight_ih_l0" + suffix, ih);
        m.register("weight_hh_l0" + suffix, hh);
        m.register("bias_ih_l0" + suffix, bih);
        m.register("bias_hh_l0" + suffix, bhh);
        w.addAll(List.of(ih, hh, bih, bhh));
      }
      m.weights = w;
      return m;
    }

    @Override
    public String typeName() {
      return "LSTM";
    }

    Tensor forward(Tensor x) {
      return (Tensor) call("forward", List.of("x"), a -> ((Tensor) a[0]).lstm(weights, hidden, bidirectional), x);
    }
  }

  static final class Linear extends Block {
    Tensor weight;
    Tensor bias;

    static Linear create(int in, int out) {
      Linear m = new Linear();
      m.weight = m.param(Init.fanIn(in), out, in);
      m.bias = m.param(Init.fanIn(in), out);
      m.register("weight", m.weight);
      m.register("bias", m.bias);
      return m;
    }

    @Override
    public String typeName() {
      return "Linear";
    }

    Tensor forward(Tensor x) {
      return (Tensor) call("forward", List.of("x"), a -> ((Tensor) a[0]).linear(weight, bias), x);
    }
  }
}
