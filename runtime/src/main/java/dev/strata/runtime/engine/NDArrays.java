package dev.strata.runtime.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.strata.dsl.ir.DType;
import dev.strata.runtime.tensor.TensorData;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Conversions between host tensors and DJL arrays (copies both ways: host tensors outlive native memory). */
final class NDArrays {
  private NDArrays() {}

  static NDArray toNDArray(NDManager manager, TensorData t) {
    ByteBuffer direct = ByteBuffer.allocateDirect(Math.toIntExact(t.numel() * t.dtype().byteSize()))
        .order(ByteOrder.nativeOrder());
    direct.put(t.bytes().order(ByteOrder.LITTLE_ENDIAN)).flip();
    return manager.create(direct, new Shape(t.shape()), dataType(t.dtype()));
  }

  static TensorData toTensorData(NDArray a) {
    ByteBuffer b = a.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer copy = ByteBuffer.allocate(b.remaining()).order(ByteOrder.LITTLE_ENDIAN);
    copy.put(b).flip();
    return new TensorData(dtype(a.getDataType()), a.getShape().getShape(), copy);
  }

  static DataType dataType(DType t) {
    return switch (t) {
      case FLOAT32 -> DataType.FLOAT32;
      case FLOAT64 -> DataType.FLOAT64;
      case FLOAT16 -> DataType.FLOAT16;
      case BFLOAT16 -> DataType.BFLOAT16;
      case INT64 -> DataType.INT64;
      case INT32 -> DataType.INT32;
      case INT16 -> DataType.INT16;
      case INT8 -> DataType.INT8;
      case UINT8 -> DataType.UINT8;
      case BOOL -> DataType.BOOLEAN;
    };
  }

  static DType dtype(DataType t) {
    return switch (t) {
      case FLOAT32 -> DType.FLOAT32;
      case FLOAT64 -> DType.FLOAT64;
      case FLOAT16 -> DType.FLOAT16;
      case BFLOAT16 -> DType.BFLOAT16;
      case INT64 -> DType.INT64;
      case INT32 -> DType.INT32;
      case INT16 -> DType.INT16;
      case INT8 -> DType.INT8;
      case UINT8 -> DType.UINT8;
      case BOOLEAN -> DType.BOOL;
      default -> throw new IllegalArgumentException("no host dtype for " + t);
    };
  }
}
