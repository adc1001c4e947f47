package dev.strata.dsl.ir;

/** Element types, with PyTorch's ScalarType codes and ONNX's TensorProto.DataType codes. */
public enum DType {
  FLOAT32("float32", 6, 1, 4, "Float"),
  FLOAT64("float64", 7, 11, 8, "Double"),
  FLOAT16("float16", 5, 10, 2, "Half"),
  BFLOAT16("bfloat16", 15, 16, 2, "BFloat16"),
  INT64("int64", 4, 7, 8, "Long"),
  INT32("int32", 3, 6, 4, "Int"),
  INT16("int16", 2, 5, 2, "Short"),
  INT8("int8", 1, 3, 1, "Char"),
  UINT8("uint8", 0, 2, 1, "Byte"),
  BOOL("bool", 11, 9, 1, "Bool");

  private final String pythonName;
  private final int torchCode;
  private final int onnxCode;
  private final int byteSize;
  private final String storagePrefix;

  DType(String pythonName, int torchCode, int onnxCode, int byteSize, String storagePrefix) {
    this.pythonName = pythonName;
    this.torchCode = torchCode;
    this.onnxCode = onnxCode;
    this.byteSize = byteSize;
    this.storagePrefix = storagePrefix;
  }

  /** numpy/torch spelling: {@code float32}, {@code int64}. */
  public String pythonName() {
    return pythonName;
  }

  /** c10::ScalarType code, which TorchScript source uses for {@code dtype=}. */
  public int torchCode() {
    return torchCode;
  }

  /** onnx.TensorProto.DataType code. */
  public int onnxCode() {
    return onnxCode;
  }

  public int byteSize() {
    return byteSize;
  }

  /** The pickled storage class, e.g. {@code FloatStorage}. */
  public String storageClass() {
    return storagePrefix + "Storage";
  }

  public boolean isFloating() {
    return this == FLOAT32 || this == FLOAT64 || this == FLOAT16 || this == BFLOAT16;
  }

  public static DType fromStorageClass(String name) {
    for (DType t : values()) {
      if (t.storageClass().equals(name)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown storage class " + name);
  }
}
