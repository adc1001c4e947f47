package dev.strata.models.crnn;

import dev.strata.dsl.Block;
import dev.strata.dsl.Child;
import dev.strata.dsl.Forward;
import dev.strata.dsl.Hyper;
import dev.strata.dsl.Module;
import dev.strata.dsl.Tensor;
import dev.strata.models.nn.BatchNorm2d;
import dev.strata.models.nn.Conv2d;

/**
 * CRNN's convolutional stack (crnn.pytorch's {@code cnn}): seven 3×3 convolutions (the last 2×2, unpadded) with
 * ReLU, BatchNorm after conv2/4/6, and pools that halve the height four times but the width only twice. A 32-pixel
 * high image leaves a feature map one pixel high.
 */
@Module(name = "VGG")
public class Vgg extends Block {
  @Hyper(value = "1", min = 1) int inputChannels;
  @Hyper(value = "64,128,256,256,512,512,512", min = 1) int[] channels;

  @Child Conv2d conv0;
  @Child Conv2d conv1;
  @Child Conv2d conv2;
  @Child BatchNorm2d batchnorm2;
  @Child Conv2d conv3;
  @Child Conv2d conv4;
  @Child BatchNorm2d batchnorm4;
  @Child Conv2d conv5;
  @Child Conv2d conv6;
  @Child BatchNorm2d batchnorm6;

  @Override
  protected void build() {
    if (channels.length != 7) {
      throw new IllegalArgumentException("VGG.channels needs 7 widths, got " + channels.length);
    }
    conv0 = Conv2d.of(inputChannels, channels[0], 3, 1, 1);
    conv1 = Conv2d.of(channels[0], channels[1], 3, 1, 1);
    conv2 = Conv2d.of(channels[1], channels[2], 3, 1, 1);
    batchnorm2 = BatchNorm2d.of(channels[2]);
    conv3 = Conv2d.of(channels[2], channels[3], 3, 1, 1);
    conv4 = Conv2d.of(channels[3], channels[4], 3, 1, 1);
    batchnorm4 = BatchNorm2d.of(channels[4]);
    conv5 = Conv2d.of(channels[4], channels[5], 3, 1, 1);
    conv6 = Conv2d.of(channels[5], channels[6], 2, 1, 0);
    batchnorm6 = BatchNorm2d.of(channels[6]);
  }

  @Forward
  public Tensor forward(Tensor x) {
    int[] square = {2, 2};
    int[] tall = {2, 1};
    int[] none = {0, 0};
    int[] widthPad = {0, 1};
    x = conv0.forward(x).relu().maxPool2d(square, square, none);
    x = conv1.forward(x).relu().maxPool2d(square, square, none);
    x = batchnorm2.forward(conv2.forward(x)).relu();
    x = conv3.forward(x).relu().maxPool2d(square, tall, widthPad);
    x = batchnorm4.forward(conv4.forward(x)).relu();
    x = conv5.forward(x).relu().maxPool2d(square, tall, widthPad);
    return batchnorm6.forward(conv6.forward(x)).relu();
  }
}
