package dev.strata.runtime.tensor;

import dev.strata.dsl.ir.DType;
import dev.strata.dsl.ir.Init;
import dev.strata.dsl.ir.Program;
import dev.strata.dsl.ir.State;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Tensors by state-dict key ({@code rnn.0.embedding.weight}), in insertion order, like PyTorch's state dict. */
public final class StateDict {
  private final Map<String, TensorData> tensors;

  public StateDict(Map<String, TensorData> tensors) {
    this.tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
  }

  /**
   * Fresh weights for a program by its declared initializers (PyTorch's defaults), reproducible for a seed: each
   * tensor draws from a generator seeded by the seed and its key, so adding a layer does not change the others.
   */
  public static StateDict initialize(Program program, long seed) {
    Map<String, TensorData> out = new LinkedHashMap<>();
    for (State s : program.states()) {
      out.put(s.key(), fill(s, new SplittableRandom(seed * 0x9E3779B97F4A7C15L + s.key().hashCode())));
    }
    return new StateDict(out);
  }

  private static TensorData fill(State s, SplittableRandom rng) {
    long[] shape = s.type().sizes();
    int n = Math.toIntExact(TensorData.numel(shape));
    DType dtype = s.type().dtype();
    ByteBuffer b = ByteBuffer.allocate(n * dtype.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n; i++) {
      // if/else rather than a pattern switch: the build targets Java 17, where that is a preview feature.
      Init init = s.init();
      double v;
      if (init instanceof Init.Uniform u) {
        v = (rng.nextDouble() * 2 - 1) * u.bound();
      } else if (init instanceof Init.Normal g) {
        v = g.mean() + g.std() * gaussian(rng);
      } else {
        v = ((Init.Constant) init).value();
      }
      switch (dtype) {
        case FLOAT32 -> b.putFloat((float) v);
        case FLOAT64 -> b.putDouble(v);
        case INT64 -> b.putLong((long) v);
        case INT32 -> b.putInt((int) v);
        case UINT8, INT8, BOOL -> b.put((byte) v);
        default -> throw new IllegalArgumentException(s.key() + ": cannot initialize " + dtype.pythonName());
      }
    }
    b.flip();
    return new TensorData(dtype, shape, b);
  }

  private static double gaussian(SplittableRandom rng) {
    double u1 = rng.nextDouble();
    double u2 = rng.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
  }

  public Map<String, TensorData> tensors() {
    return tensors;
  }

  public TensorData get(String key) {
    TensorData t = tensors.get(key);
    if (t == null) {
      throw new IllegalArgumentException("no tensor '" + key + "' in the state dict");
    }
    return t;
  }

  public boolean contains(String key) {
    return tensors.containsKey(key);
  }

  public int size() {
    return tensors.size();
  }

  /**
   * Checks this state dict against a program like {@code load_state_dict(strict=True)}: every problem at once —
   * missing keys, unexpected keys, and wrong shapes or dtypes with both sides.
   */
  public void checkMatches(Program program) {
    List<String> problems = new ArrayList<>();
    Map<String, State> declared = new LinkedHashMap<>();
    for (State s : program.states()) {
      declared.put(s.key(), s);
    }
    for (State s : declared.values()) {
      TensorData t = tensors.get(s.key());
      if (t == null) {
        problems.add("missing " + s.key() + " " + s.type());
      } else if (!Arrays.equals(t.shape(), s.type().sizes()) || t.dtype() != s.type().dtype()) {
        problems.add("wrong shape " + s.key() + ": model has " + s.type() + ", weights have "
            + Arrays.toString(t.shape()) + " " + t.dtype().pythonName());
      }
    }
    for (String key : tensors.keySet()) {
      if (!declared.containsKey(key)) {
        problems.add("unexpected " + key);
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("weights do not fit " + program.model() + " (" + problems.size()
          + " problems):\n  " + String.join("\n  ", problems));
    }
  }
}
