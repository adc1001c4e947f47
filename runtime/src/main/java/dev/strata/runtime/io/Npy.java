package dev.strata.runtime.io;

import dev.strata.dsl.ir.DType;
import dev.strata.runtime.tensor.TensorData;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * numpy's {@code .npy} format (version 1.0–3.0): magic {@code \x93NUMPY}, version, a header length, a Python dict
 * literal ({@code descr}, {@code fortran_order}, {@code shape}) padded to a multiple of 64 bytes, then the raw
 * little-endian row-major data.
 */
public final class Npy {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Map<String, DType> DESCR = Map.of(
      "<f4", DType.FLOAT32, "<f8", DType.FLOAT64, "<f2", DType.FLOAT16, "<i8", DType.INT64, "<i4", DType.INT32,
      "<i2", DType.INT16, "|i1", DType.INT8, "|u1", DType.UINT8, "|b1", DType.BOOL);
  private static final Pattern FIELD = Pattern.compile("'(descr|fortran_order|shape)'\\s*:\\s*('[^']*'|True|False|\\([^)]*\\))");

  private Npy() {}

  public static TensorData read(Path file) throws IOException {
    byte[] all = Files.readAllBytes(file);
    ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < MAGIC.length; i++) {
      if (all.length <= i || all[i] != MAGIC[i]) {
        throw new IOException(file + ": not a .npy file (bad magic)");
      }
    }
    int major = all[6];
    int headerLen;
    int start;
    if (major == 1) {
      headerLen = b.getShort(8) & 0xffff;
      start = 10;
    } else if (major == 2 || major == 3) {
      headerLen = b.getInt(8);
      start = 12;
    } else {
      throw new IOException(file + ": unsupported .npy version " + major);
    }
    if (start + headerLen > all.length) {
      throw new IOException(file + ": truncated header");
    }
    String header = new String(all, start, headerLen, StandardCharsets.ISO_8859_1);
    String descr = null;
    String fortran = null;
    String shapeText = null;
    Matcher m = FIELD.matcher(header);
    while (m.find()) {
      switch (m.group(1)) {
        case "descr" -> descr = m.group(2).replace("'", "");
        case "fortran_order" -> fortran = m.group(2);
        default -> shapeText = m.group(2);
      }
    }
    if (descr == null || fortran == null || shapeText == null) {
      throw new IOException(file + ": header lacks descr, fortran_order or shape: " + header.trim());
    }
    DType dtype = DESCR.get(descr.replace("=", "<"));
    if (dtype == null) {
      throw new IOException(file + ": unsupported dtype '" + descr + "' (supported: " + DESCR.keySet() + ")");
    }
    if (fortran.equals("True")) {
      throw new IOException(file + ": Fortran-ordered arrays are not supported; save with np.ascontiguousarray");
    }
    List<Long> dims = new ArrayList<>();
    for (String part : shapeText.replaceAll("[()\\s]", "").split(",")) {
      if (!part.isEmpty()) {
        dims.add(Long.parseLong(part));
      }
    }
    long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
    long bytes = TensorData.numel(shape) * dtype.byteSize();
    int dataStart = start + headerLen;
    if (all.length - dataStart != bytes) {
      throw new IOException(file + ": shape " + dims + " " + dtype.pythonName() + " needs " + bytes
          + " data bytes, the file has " + (all.length - dataStart));
    }
    return new TensorData(dtype, shape, ByteBuffer.wrap(all, dataStart, (int) bytes));
  }

  /** Writes version 1.0 (atomically: a temporary file, then a move). */
  public static void write(TensorData t, Path file) throws IOException {
    String descr = DESCR.entrySet().stream().filter(e -> e.getValue() == t.dtype()).map(Map.Entry::getKey)
        .findFirst().orElseThrow(() -> new IOException("cannot write " + t.dtype().pythonName() + " to .npy"));
    long[] shape = t.shape();
    StringBuilder dims = new StringBuilder();
    for (long s : shape) {
      dims.append(s).append(", ");
    }
    String shapeText = shape.length == 1 ? "(" + shape[0] + ",)"
        : "(" + (shape.length == 0 ? "" : dims.substring(0, dims.length() - 2)) + ")";
    String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shapeText + ", }";
    int unpadded = 10 + dict.length() + 1;
    String header = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
    ByteBuffer out = ByteBuffer.allocate(10 + header.length() + t.bytes().remaining()).order(ByteOrder.LITTLE_ENDIAN);
    out.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
    out.put(header.getBytes(StandardCharsets.ISO_8859_1)).put(t.bytes());
    AtomicFiles.write(file, out.array());
  }
}
