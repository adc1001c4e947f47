package dev.strata.runtime.engine;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.strata.dsl.ir.DType;
import dev.strata.runtime.tensor.TensorData;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs an ONNX model with ONNX Runtime (CPU, or whichever ORT jar is on the class path). One session per engine,
 * created at construction and reused for every {@link #run}; optimization level ALL, default thread counts.
 *
 * <p>An ONNX file holds one graph, so one entry point: {@link #run} accepts the entry name {@code forward} (the
 * default entry) or the graph's own name (Strata's writer names the graph after the entry it exported) and refuses
 * any other, so that a caller asking for an entry the file does not hold gets an error rather than another graph.
 * Inputs are matched by position to the graph's inputs; outputs come back in the graph's output order.
 */
public final class OnnxEngine implements Engine {
  private final Path file;
  private final OrtEnvironment env;
  private final OrtSession session;
  private final List<String> inputNames;
  private final List<NodeInfo> inputInfos;
  private final String graphName;

  public OnnxEngine(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("no ONNX model at " + file);
    }
    this.file = file;
    this.env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      this.session = env.createSession(file.toString(), options);
      Map<String, NodeInfo> infos = session.getInputInfo();
      this.inputNames = List.copyOf(infos.keySet());
      this.inputInfos = List.copyOf(infos.values());
      this.graphName = session.getMetadata().getGraphName();
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime cannot load " + file + ": " + e.getMessage(), e);
    }
  }

  /** The graph's input names, in the order {@link #run} expects its inputs. */
  public List<String> inputNames() {
    return inputNames;
  }

  /** The graph's output names, in the order {@link #run} returns its outputs. */
  public List<String> outputNames() {
    return List.copyOf(session.getOutputNames());
  }

  @Override
  public List<TensorData> run(String entry, List<TensorData> inputs) {
    if (entry != null && !entry.equals("forward") && !entry.equals(graphName)) {
      throw new IllegalArgumentException(file.getFileName() + " holds entry '" + graphName + "', not '" + entry + "'");
    }
    if (inputs.size() != inputNames.size()) {
      throw new IllegalArgumentException(file.getFileName() + " takes " + inputNames.size() + " inputs "
          + inputNames + ", got " + inputs.size());
    }
    Map<String, OnnxTensor> feed = new LinkedHashMap<>();
    try {
      for (int i = 0; i < inputs.size(); i++) {
        TensorData t = inputs.get(i);
        check(inputNames.get(i), (TensorInfo) inputInfos.get(i).getInfo(), t);
        feed.put(inputNames.get(i), toOrt(t));
      }
      try (OrtSession.Result result = session.run(feed)) {
        List<TensorData> out = new ArrayList<>(result.size());
        for (Map.Entry<String, OnnxValue> e : result) {
          if (!(e.getValue() instanceof OnnxTensor tensor)) {
            throw new IllegalStateException("output '" + e.getKey() + "' is not a tensor");
          }
          out.add(fromOrt(e.getKey(), tensor));
        }
        return out;
      }
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime failed on " + file.getFileName() + ": " + e.getMessage(), e);
    } finally {
      feed.values().forEach(OnnxTensor::close);
    }
  }

  /** Checks dtype, rank and every fixed dimension, naming the input and both shapes. */
  private static void check(String name, TensorInfo info, TensorData t) {
    long[] expected = info.getShape();
    long[] actual = t.shape();
    DType dtype = dtypeOf(name, info.onnxType);
    boolean ok = dtype == t.dtype() && expected.length == actual.length;
    for (int d = 0; ok && d < expected.length; d++) {
      ok = expected[d] < 0 || expected[d] == actual[d];
    }
    if (!ok) {
      throw new IllegalArgumentException("input '" + name + "' expects " + describe(expected, info.getDimensionNames())
          + " " + dtype.pythonName() + ", got " + java.util.Arrays.toString(actual) + " " + t.dtype().pythonName());
    }
  }

  /** A shape with symbolic dimensions by name: [N, 3, 32, 100]. */
  private static String describe(long[] shape, String[] names) {
    StringBuilder b = new StringBuilder("[");
    for (int d = 0; d < shape.length; d++) {
      if (d > 0) {
        b.append(", ");
      }
      boolean named = names != null && d < names.length && names[d] != null && !names[d].isEmpty();
      b.append(shape[d] >= 0 ? Long.toString(shape[d]) : named ? names[d] : "?");
    }
    return b.append(']').toString();
  }

  private OnnxTensor toOrt(TensorData t) throws OrtException {
    ByteBuffer b = t.bytes();
    long[] shape = t.shape();
    // Typed views of the little-endian bytes: ORT copies them into native-order memory element by element.
    return switch (t.dtype()) {
      case FLOAT32 -> OnnxTensor.createTensor(env, b.asFloatBuffer(), shape);
      case INT64 -> OnnxTensor.createTensor(env, b.asLongBuffer(), shape);
      case INT32 -> OnnxTensor.createTensor(env, b.asIntBuffer(), shape);
      case UINT8 -> OnnxTensor.createTensor(env, b, shape, ai.onnxruntime.OnnxJavaType.UINT8);
      case BOOL -> OnnxTensor.createTensor(env, b, shape, ai.onnxruntime.OnnxJavaType.BOOL);
      default -> throw new IllegalArgumentException("ONNX engine inputs of dtype " + t.dtype().pythonName()
          + " are not supported (float32, int64, int32, uint8, bool are)");
    };
  }

  private static TensorData fromOrt(String name, OnnxTensor tensor) {
    TensorInfo info = tensor.getInfo();
    DType dtype = dtypeOf(name, info.onnxType);
    long[] shape = info.getShape();
    int n = Math.toIntExact(TensorData.numel(shape));
    ByteBuffer out = ByteBuffer.allocate(n * dtype.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
    switch (dtype) {
      case FLOAT32 -> out.asFloatBuffer().put(tensor.getFloatBuffer());
      case INT64 -> out.asLongBuffer().put(tensor.getLongBuffer());
      case INT32 -> out.asIntBuffer().put(tensor.getIntBuffer());
      default -> out.put(tensor.getByteBuffer()); // one byte per element: no byte order
    }
    out.rewind();
    return new TensorData(dtype, shape, out);
  }

  private static DType dtypeOf(String name, TensorInfo.OnnxTensorType type) {
    return switch (type) {
      case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT -> DType.FLOAT32;
      case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64 -> DType.INT64;
      case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT32 -> DType.INT32;
      case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT8 -> DType.UINT8;
      case ONNX_TENSOR_ELEMENT_DATA_TYPE_BOOL -> DType.BOOL;
      default -> throw new IllegalArgumentException("'" + name + "' has ONNX type " + type
          + "; the ONNX engine supports float32, int64, int32, uint8 and bool");
    };
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException("cannot close the ONNX Runtime session of " + file, e);
    }
  }
}
