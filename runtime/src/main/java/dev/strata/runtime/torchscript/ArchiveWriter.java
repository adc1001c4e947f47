package dev.strata.runtime.torchscript;

import dev.strata.runtime.io.AtomicFiles;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes the zip container of a TorchScript archive the way {@code torch.jit.save} does: every record under one
 * top folder, STORED, its data starting on a 64-byte boundary (padding goes into an extra field with id
 * {@code FB}, 0x4246), so that libtorch can map tensor data in place. The archive is written to a temporary file
 * beside the target and moved over it only when complete, so a failed write never leaves a half archive.
 */
final class ArchiveWriter implements AutoCloseable {
  private static final int ALIGN = 64;
  private static final int LOCAL_HEADER = 30;
  private static final int EXTRA_HEADER = 4;
  /**
   * A fixed time inside the DOS range: with 1980-01-01 in a zone west of UTC, Java adds an extended timestamp
   * field, which would break the alignment computed below (and fixed times make archives reproducible).
   */
  private static final LocalDateTime TIME = LocalDateTime.of(2000, 1, 1, 0, 0);

  private final Path target;
  private final Path temp;
  private final CountingStream counter;
  private final ZipOutputStream zip;
  private final String folder;
  private boolean done;

  ArchiveWriter(Path target, String folder) throws IOException {
    this.target = target.toAbsolutePath();
    Path dir = this.target.getParent();
    Files.createDirectories(dir);
    this.temp = AtomicFiles.createTemp(this.target);
    this.counter = new CountingStream(new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16));
    this.zip = new ZipOutputStream(counter);
    this.folder = folder;
  }

  void add(String name, String text) throws IOException {
    add(name, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Adds {@code <folder>/<name>} as an aligned STORED record. */
  void add(String name, byte[] data) throws IOException {
    String full = folder + "/" + name;
    ZipEntry e = new ZipEntry(full);
    e.setMethod(ZipEntry.STORED);
    e.setSize(data.length);
    e.setCompressedSize(data.length);
    CRC32 crc = new CRC32();
    crc.update(data);
    e.setCrc(crc.getValue());
    e.setTimeLocal(TIME);
    // The local header goes out at the current offset; its data follows header, name and our extra field.
    zip.flush();
    long offset = counter.count;
    int nameLen = full.getBytes(StandardCharsets.UTF_8).length;
    int pad = (int) Math.floorMod(-(offset + LOCAL_HEADER + nameLen + EXTRA_HEADER), (long) ALIGN);
    byte[] extra = new byte[EXTRA_HEADER + pad];
    extra[0] = 'F';
    extra[1] = 'B';
    extra[2] = (byte) pad;
    extra[3] = (byte) (pad >>> 8);
    e.setExtra(extra);
    zip.putNextEntry(e);
    zip.write(data);
    zip.closeEntry();
  }

  /** Completes the zip and moves it into place. */
  void commit() throws IOException {
    zip.close();
    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    done = true;
  }

  @Override
  public void close() throws IOException {
    if (!done) {
      try {
        zip.close();
      } finally {
        Files.deleteIfExists(temp);
      }
    }
  }

  /** Counts the bytes written, to know where the next local header starts. */
  private static final class CountingStream extends FilterOutputStream {
    long count;

    CountingStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }
  }
}
