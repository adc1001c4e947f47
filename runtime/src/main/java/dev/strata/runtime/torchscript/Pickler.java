package dev.strata.runtime.torchscript;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A pickle protocol 2 writer with only the opcodes a TorchScript {@code data.pkl} needs. It writes opcodes, not
 * objects: callers compose module objects and tensors from these primitives (see {@link ModulePickler}). No memo is
 * kept, so every object is written in full where it is used.
 */
final class Pickler {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  Pickler() {
    out.write(0x80); // PROTO
    out.write(2);
  }

  /** {@code STOP}, then the bytes. */
  byte[] finish() {
    out.write('.');
    return out.toByteArray();
  }

  /** {@code GLOBAL}: pushes {@code module.name}. */
  Pickler global(String module, String name) {
    out.write('c');
    ascii(module + "\n" + name + "\n");
    return this;
  }

  Pickler mark() {
    out.write('(');
    return this;
  }

  Pickler emptyTuple() {
    out.write(')');
    return this;
  }

  /** {@code TUPLE}: the items since the last mark. */
  Pickler tuple() {
    out.write('t');
    return this;
  }

  Pickler emptyList() {
    out.write(']');
    return this;
  }

  /** {@code APPENDS}: the items since the last mark go into the list below the mark. */
  Pickler appends() {
    out.write('e');
    return this;
  }

  Pickler emptyDict() {
    out.write('}');
    return this;
  }

  /** {@code SETITEMS}: the key/value pairs since the last mark go into the dict below the mark. */
  Pickler setItems() {
    out.write('u');
    return this;
  }

  /** {@code NEWOBJ}: {@code cls.__new__(cls, *args)} from the class and the argument tuple on the stack. */
  Pickler newObj() {
    out.write(0x81);
    return this;
  }

  /** {@code BUILD}: sets the state (a dict) on the object below it. */
  Pickler build() {
    out.write('b');
    return this;
  }

  /** {@code REDUCE}: calls the callable below the argument tuple. */
  Pickler reduce() {
    out.write('R');
    return this;
  }

  /** {@code BINPERSID}: the persistent id on the stack (a tuple) refers to an out-of-band object (a storage). */
  Pickler persistentId() {
    out.write('Q');
    return this;
  }

  Pickler none() {
    out.write('N');
    return this;
  }

  Pickler bool(boolean v) {
    out.write(v ? 0x88 : 0x89);
    return this;
  }

  /** The shortest of BININT1, BININT2, BININT and LONG1 that holds {@code v}. */
  Pickler integer(long v) {
    if (v >= 0 && v < 0x100) {
      out.write('K');
      out.write((int) v);
    } else if (v >= 0 && v < 0x10000) {
      out.write('M');
      le(v, 2);
    } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
      out.write('J');
      le(v, 4);
    } else {
      out.write(0x8a); // LONG1: a length byte, then two's-complement little-endian
      out.write(8);
      le(v, 8);
    }
    return this;
  }

  /** {@code BINFLOAT}: the one big-endian value in the format. */
  Pickler floating(double v) {
    out.write('G');
    long bits = Double.doubleToRawLongBits(v);
    for (int i = 7; i >= 0; i--) {
      out.write((int) (bits >>> (8 * i)));
    }
    return this;
  }

  /** {@code BINUNICODE}: a u32 length, then UTF-8. */
  Pickler string(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.write('X');
    le(b.length, 4);
    out.write(b, 0, b.length);
    return this;
  }

  private void le(long v, int bytes) {
    for (int i = 0; i < bytes; i++) {
      out.write((int) (v >>> (8 * i)));
    }
  }

  private void ascii(String s) {
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    out.write(b, 0, b.length);
  }
}
