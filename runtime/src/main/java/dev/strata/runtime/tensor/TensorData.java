package dev.strata.runtime.tensor;

import dev.strata.dsl.ir.DType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A dense tensor in host memory: dtype, shape and little-endian row-major bytes. The currency between weight
 * readers, emitters, engines and {@code .npy} files. Immutable: the buffer is never written after construction.
 */
public final class TensorData {
  private final DType dtype;
  private final long[] shape;
  private final ByteBuffer data;

  public TensorData(DType dtype, long[] shape, ByteBuffer data) {
    long numel = numel(shape);
    if (data.remaining() != numel * dtype.byteSize()) {
      throw new IllegalArgumentException("tensor " + Arrays.toString(shape) + " " + dtype.pythonName() + " needs "
          + numel * dtype.byteSize() + " bytes, got " + data.remaining());
    }
    this.dtype = dtype;
    this.shape = shape.clone();
    this.data = data.slice().order(ByteOrder.LITTLE_ENDIAN).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
  }

  public static TensorData ofFloats(float[] values, long... shape) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(values);
    return new TensorData(DType.FLOAT32, shape, b);
  }

  public static TensorData ofLongs(long[] values, long... shape) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    b.asLongBuffer().put(values);
    return new TensorData(DType.INT64, shape, b);
  }

  public static TensorData ofInts(int[] values, long... shape) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asIntBuffer().put(values);
    return new TensorData(DType.INT32, shape, b);
  }

  public DType dtype() {
    return dtype;
  }

  public long[] shape() {
    return shape.clone();
  }

  public int rank() {
    return shape.length;
  }

  public long numel() {
    return numel(shape);
  }

  /** A read-only little-endian view of the bytes, positioned at 0. */
  public ByteBuffer bytes() {
    return data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
  }

  public byte[] toByteArray() {
    byte[] out = new byte[data.remaining()];
    bytes().get(out);
    return out;
  }

  /** The values as float32 (converting from any numeric dtype). */
  public float[] toFloats() {
    int n = Math.toIntExact(numel());
    float[] out = new float[n];
    ByteBuffer b = bytes();
    switch (dtype) {
      case FLOAT32 -> b.asFloatBuffer().get(out);
      case FLOAT64 -> { for (int i = 0; i < n; i++) out[i] = (float) b.getDouble(i * 8); }
      case INT64 -> { for (int i = 0; i < n; i++) out[i] = b.getLong(i * 8); }
      case INT32 -> { for (int i = 0; i < n; i++) out[i] = b.getInt(i * 4); }
      case INT16 -> { for (int i = 0; i < n; i++) out[i] = b.getShort(i * 2); }
      case INT8 -> { for (int i = 0; i < n; i++) out[i] = b.get(i); }
      case UINT8, BOOL -> { for (int i = 0; i < n; i++) out[i] = b.get(i) & 0xff; }
      case FLOAT16 -> { for (int i = 0; i < n; i++) out[i] = halfToFloat(b.getShort(i * 2)); }
      case BFLOAT16 -> { for (int i = 0; i < n; i++) out[i] = Float.intBitsToFloat((b.getShort(i * 2) & 0xffff) << 16); }
    }
    return out;
  }

  /** The values as int64 (integer dtypes only). */
  public long[] toLongs() {
    int n = Math.toIntExact(numel());
    long[] out = new long[n];
    ByteBuffer b = bytes();
    switch (dtype) {
      case INT64 -> b.asLongBuffer().get(out);
      case INT32 -> { for (int i = 0; i < n; i++) out[i] = b.getInt(i * 4); }
      case INT16 -> { for (int i = 0; i < n; i++) out[i] = b.getShort(i * 2); }
      case INT8 -> { for (int i = 0; i < n; i++) out[i] = b.get(i); }
      case UINT8, BOOL -> { for (int i = 0; i < n; i++) out[i] = b.get(i) & 0xff; }
      default -> throw new IllegalStateException("toLongs of a " + dtype.pythonName() + " tensor");
    }
    return out;
  }

  /** Largest |a - b| over all elements; shapes must be equal. */
  public double maxAbsDiff(TensorData other) {
    if (!Arrays.equals(shape, other.shape)) {
      throw new IllegalArgumentException("shapes differ: " + Arrays.toString(shape) + " vs "
          + Arrays.toString(other.shape));
    }
    return maxAbsDiff(toFloats(), other.toFloats());
  }

  /** Largest |a[i] - b[i]|; NaN if any difference is NaN. */
  public static double maxAbsDiff(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("lengths differ: " + a.length + " vs " + b.length);
    }
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      double d = Math.abs((double) a[i] - b[i]);
      if (Double.isNaN(d)) {
        return Double.NaN;
      }
      max = Math.max(max, d);
    }
    return max;
  }

  /** IEEE 754 binary16 to float; written out because {@code Float.float16ToFloat} needs Java 20 and we target 17. */
  static float halfToFloat(short half) {
    int h = half & 0xffff;
    int sign = (h >>> 15) << 31;
    int exp = (h >>> 10) & 0x1f;
    int mant = h & 0x3ff;
    if (exp == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
    }
    if (exp == 0) {
      float v = mant * 0x1p-24f;
      return sign == 0 ? v : -v;
    }
    return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
  }

  public static long numel(long[] shape) {
    long n = 1;
    for (long s : shape) {
      n *= s;
    }
    return n;
  }

  @Override
  public String toString() {
    return "TensorData" + Arrays.toString(shape) + " " + dtype.pythonName();
  }
}
