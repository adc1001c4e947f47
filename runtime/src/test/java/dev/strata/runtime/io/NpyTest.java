package dev.strata.runtime.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.dsl.ir.DType;
import dev.strata.runtime.tensor.TensorData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {
  @TempDir Path dir;

  @Test
  void roundTripsFloatsAndLongs() throws IOException {
    TensorData f = TensorData.ofFloats(new float[] {1.5f, -2f, 3.25f, 0f, 7f, 8f}, 2, 3);
    Npy.write(f, dir.resolve("f.npy"));
    TensorData back = Npy.read(dir.resolve("f.npy"));
    assertEquals(DType.FLOAT32, back.dtype());
    assertArrayEquals(new long[] {2, 3}, back.shape());
    assertArrayEquals(f.toFloats(), back.toFloats());

    TensorData l = TensorData.ofLongs(new long[] {5, -1, 1L << 40}, 3);
    Npy.write(l, dir.resolve("l.npy"));
    assertArrayEquals(l.toLongs(), Npy.read(dir.resolve("l.npy")).toLongs());
  }

  /** The exact bytes numpy 1.x writes for np.save(f, np.arange(3, dtype=np.int64)). */
  @Test
  void writesWhatNumpyWrites() throws IOException {
    Npy.write(TensorData.ofLongs(new long[] {0, 1, 2}, 3), dir.resolve("a.npy"));
    byte[] bytes = Files.readAllBytes(dir.resolve("a.npy"));
    assertEquals(128 + 24, bytes.length);
    String header = new String(bytes, 10, 118, StandardCharsets.ISO_8859_1);
    assertEquals("{'descr': '<i8', 'fortran_order': False, 'shape': (3,), }", header.trim());
    assertEquals('\n', header.charAt(header.length() - 1));
    assertEquals("934e554d505901007600", HexFormat.of().formatHex(bytes, 0, 10));
  }

  @Test
  void scalarsHaveAnEmptyShape() throws IOException {
    Npy.write(TensorData.ofFloats(new float[] {4f}), dir.resolve("s.npy"));
    TensorData s = Npy.read(dir.resolve("s.npy"));
    assertEquals(0, s.rank());
    assertEquals(4f, s.toFloats()[0]);
  }

  @Test
  void truncatedFileNamesFileAndSizes() throws IOException {
    Npy.write(TensorData.ofFloats(new float[6], 2, 3), dir.resolve("t.npy"));
    byte[] bytes = Files.readAllBytes(dir.resolve("t.npy"));
    Files.write(dir.resolve("t.npy"), java.util.Arrays.copyOf(bytes, bytes.length - 4));
    IOException e = assertThrows(IOException.class, () -> Npy.read(dir.resolve("t.npy")));
    assertTrue(e.getMessage().contains("t.npy") && e.getMessage().contains("needs 24 data bytes, the file has 20"),
        e.getMessage());
  }

  @Test
  void rejectsNonNpyAndFortranOrder() throws IOException {
    Files.writeString(dir.resolve("x.npy"), "hello");
    assertTrue(assertThrows(IOException.class, () -> Npy.read(dir.resolve("x.npy"))).getMessage()
        .contains("not a .npy file"));
    Npy.write(TensorData.ofFloats(new float[4], 2, 2), dir.resolve("f.npy"));
    byte[] b = Files.readAllBytes(dir.resolve("f.npy"));
    String s = new String(b, StandardCharsets.ISO_8859_1).replace("'fortran_order': False", "'fortran_order': True ");
    Files.write(dir.resolve("f.npy"), s.getBytes(StandardCharsets.ISO_8859_1));
    assertTrue(assertThrows(IOException.class, () -> Npy.read(dir.resolve("f.npy"))).getMessage()
        .contains("Fortran"));
  }
}
