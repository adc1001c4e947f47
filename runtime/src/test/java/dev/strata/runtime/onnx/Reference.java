package dev.strata.runtime.onnx;

/**
 * Plain-loop implementations of the layers, in PyTorch's semantics, written independently of the ONNX lowering
 * (no gate reordering, no transposed weights): the judge the ONNX Runtime outputs are compared with. Row-major
 * float arrays, double accumulators.
 */
final class Reference {
  private Reference() {}

  /** x [N, C, H, W], w [O, C, k, k], stride 1, padding p → [N, O, H', W']. */
  static float[] conv2d(float[] x, int n, int c, int h, int w, float[] wt, float[] b, int o, int k, int p) {
    int ho = h + 2 * p - k + 1;
    int wo = w + 2 * p - k + 1;
    float[] y = new float[n * o * ho * wo];
    for (int in = 0; in < n; in++) {
      for (int oc = 0; oc < o; oc++) {
        for (int i = 0; i < ho; i++) {
          for (int j = 0; j < wo; j++) {
            double s = b[oc];
            for (int ic = 0; ic < c; ic++) {
              for (int ki = 0; ki < k; ki++) {
                for (int kj = 0; kj < k; kj++) {
                  int yi = i + ki - p;
                  int xj = j + kj - p;
                  if (yi >= 0 && yi < h && xj >= 0 && xj < w) {
                    s += (double) x[((in * c + ic) * h + yi) * w + xj] * wt[((oc * c + ic) * k + ki) * k + kj];
                  }
                }
              }
            }
            y[((in * o + oc) * ho + i) * wo + j] = (float) s;
          }
        }
      }
    }
    return y;
  }

  /** Inference batch norm over dimension 1 of [N, C, S]. */
  static float[] batchNorm(float[] x, int n, int c, int spatial, float[] g, float[] b, float[] mean, float[] var,
      double eps) {
    float[] y = new float[x.length];
    for (int in = 0; in < n; in++) {
      for (int ic = 0; ic < c; ic++) {
        double scale = g[ic] / Math.sqrt(var[ic] + eps);
        for (int s = 0; s < spatial; s++) {
          int idx = (in * c + ic) * spatial + s;
          y[idx] = (float) ((x[idx] - mean[ic]) * scale + b[ic]);
        }
      }
    }
    return y;
  }

  static float[] relu(float[] x) {
    float[] y = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = Math.max(0, x[i]);
    }
    return y;
  }

  /** Max pool of [N, C, H, W] with kernel = stride = (kh, kw), no padding. */
  static float[] maxPool(float[] x, int n, int c, int h, int w, int kh, int kw) {
    int ho = h / kh;
    int wo = w / kw;
    float[] y = new float[n * c * ho * wo];
    for (int nc = 0; nc < n * c; nc++) {
      for (int i = 0; i < ho; i++) {
        for (int j = 0; j < wo; j++) {
          float m = Float.NEGATIVE_INFINITY;
          for (int a = 0; a < kh; a++) {
            for (int b = 0; b < kw; b++) {
              m = Math.max(m, x[(nc * h + i * kh + a) * w + j * kw + b]);
            }
          }
          y[(nc * ho + i) * wo + j] = m;
        }
      }
    }
    return y;
  }

  /**
   * PyTorch's bidirectional one-layer LSTM from zero state: x [T, N, I]; weights per direction w_ih [4H, I],
   * w_hh [4H, H], b_ih, b_hh [4H] with gates i, f, g, o. Returns [T, N, 2H] (forward then backward).
   */
  static float[] biLstm(float[] x, int t, int n, int in, int hidden, float[][] weights) {
    float[] y = new float[t * n * 2 * hidden];
    for (int d = 0; d < 2; d++) {
      float[] wih = weights[4 * d];
      float[] whh = weights[4 * d + 1];
      float[] bih = weights[4 * d + 2];
      float[] bhh = weights[4 * d + 3];
      for (int b = 0; b < n; b++) {
        double[] h = new double[hidden];
        double[] c = new double[hidden];
        for (int step = 0; step < t; step++) {
          int ts = d == 0 ? step : t - 1 - step;
          double[] gates = new double[4 * hidden];
          for (int r = 0; r < 4 * hidden; r++) {
            double s = bih[r] + bhh[r];
            for (int k = 0; k < in; k++) {
              s += wih[r * in + k] * x[(ts * n + b) * in + k];
            }
            for (int k = 0; k < hidden; k++) {
              s += whh[r * hidden + k] * h[k];
            }
            gates[r] = s;
          }
          for (int j = 0; j < hidden; j++) {
            double i = sigmoid(gates[j]);
            double f = sigmoid(gates[hidden + j]);
            double g = Math.tanh(gates[2 * hidden + j]);
            double o = sigmoid(gates[3 * hidden + j]);
            c[j] = f * c[j] + i * g;
            h[j] = o * Math.tanh(c[j]);
            y[(ts * n + b) * 2 * hidden + d * hidden + j] = (float) h[j];
          }
        }
      }
    }
    return y;
  }

  /** x [rows, in] · wᵀ + b → [rows, out]. */
  static float[] linear(float[] x, int rows, int in, float[] w, float[] b, int out) {
    float[] y = new float[rows * out];
    for (int r = 0; r < rows; r++) {
      for (int o = 0; o < out; o++) {
        double s = b[o];
        for (int k = 0; k < in; k++) {
          s += (double) x[r * in + k] * w[o * in + k];
        }
        y[r * out + o] = (float) s;
      }
    }
    return y;
  }

  /** Log-softmax over the last dimension of [rows, cols]. */
  static float[] logSoftmax(float[] x, int rows, int cols) {
    float[] y = new float[x.length];
    for (int r = 0; r < rows; r++) {
      double m = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < cols; k++) {
        m = Math.max(m, x[r * cols + k]);
      }
      double s = 0;
      for (int k = 0; k < cols; k++) {
        s += Math.exp(x[r * cols + k] - m);
      }
      double lse = m + Math.log(s);
      for (int k = 0; k < cols; k++) {
        y[r * cols + k] = (float) (x[r * cols + k] - lse);
      }
    }
    return y;
  }

  static double sigmoid(double v) {
    return 1 / (1 + Math.exp(-v));
  }
}
