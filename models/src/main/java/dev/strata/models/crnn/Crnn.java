package dev.strata.models.crnn;

import dev.strata.dsl.Block;
import dev.strata.dsl.Child;
import dev.strata.dsl.Forward;
import dev.strata.dsl.Hyper;
import dev.strata.dsl.Module;
import dev.strata.dsl.Shape;
import dev.strata.dsl.Tensor;
import dev.strata.dsl.ir.DType;
import dev.strata.models.nn.BidirectionalLstm;
import java.util.List;

/**
 * CRNN (Shi et al., 2015) as crnn.pytorch declares it: a VGG-style convolutional stack turns a 32-pixel high image
 * into a sequence of column features, two bidirectional LSTMs label each column, and CTC aligns the labels with
 * the text. Class 0 is the CTC blank.
 */
@Module(name = "CRNN")
public class Crnn extends Block {
  @Hyper(value = "1", min = 1, doc = "image channels: 1 for grayscale, 3 for RGB")
  int inputChannels;

  @Hyper(value = "32", min = 32, max = 32, doc = "image height; the conv stack reduces exactly 32 rows to one")
  int imageHeight;

  @Hyper(value = "100", min = 16, doc = "image width; the sequence has width / 4 + 1 steps")
  int imageWidth;

  @Hyper(value = "64,128,256,256,512,512,512", min = 1, doc = "widths of the seven convolutions")
  int[] channels;

  @Hyper(value = "256", min = 1, doc = "LSTM hidden size per direction")
  int hidden;

  @Hyper(value = "37", min = 2, doc = "output classes, the CTC blank (0) included")
  int numClasses;

  @Child Vgg cnn;
  @Child List<BidirectionalLstm> rnn;

  @Override
  protected void build() {
    cnn = VggConfig.builder().inputChannels(inputChannels).channels(channels).build().create();
    rnn = List.of(
        BidirectionalLstm.of(channels[6], hidden, hidden),
        BidirectionalLstm.of(hidden, hidden, numClasses));
  }

  /** Per-column class scores [T, N, numClasses] (not normalised). */
  @Forward
  public Tensor forward(@Shape("N, inputChannels, imageHeight, imageWidth") Tensor image) {
    Tensor conv = cnn.forward(image);
    Tensor columns = conv.squeeze(2).permute(2, 0, 1);
    return rnn.get(1).forward(rnn.get(0).forward(columns));
  }

  /**
   * The CTC loss of a batch: {@code targets} [N, S] holds class ids (padded past each length), {@code
   * targetLengths} [N] the label lengths.
   */
  @Forward(training = true)
  public Tensor loss(
      @Shape("N, inputChannels, imageHeight, imageWidth") Tensor image,
      @Shape(value = "N, S", dtype = DType.INT64) Tensor targets,
      @Shape(value = "N", dtype = DType.INT64) Tensor targetLengths) {
    return forward(image).logSoftmax(2).ctcLoss(targets, targetLengths, 0);
  }
}
