package dev.strata.dsl.ir;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** A tensor's element type and shape. */
public record TensorType(DType dtype, List<Dim> shape) {
  public TensorType {
    shape = List.copyOf(shape);
  }

  public static TensorType of(DType dtype, Dim... dims) {
    return new TensorType(dtype, Arrays.asList(dims));
  }

  public static TensorType of(DType dtype, long... sizes) {
    return new TensorType(dtype, Arrays.stream(sizes).mapToObj(Dim::of).toList());
  }

  public int rank() {
    return shape.size();
  }

  public Dim dim(int i) {
    return shape.get(i < 0 ? i + shape.size() : i);
  }

  public TensorType withShape(List<Dim> newShape) {
    return new TensorType(dtype, newShape);
  }

  public TensorType withDType(DType newType) {
    return new TensorType(newType, shape);
  }

  /** Sizes of a fully known shape. */
  public long[] sizes() {
    long[] out = new long[shape.size()];
    for (int i = 0; i < out.length; i++) {
      if (!shape.get(i).isKnown()) {
        throw new IllegalStateException("dimension " + i + " of " + this + " is not known");
      }
      out[i] = shape.get(i).size();
    }
    return out;
  }

  public long numel() {
    return Arrays.stream(sizes()).reduce(1, (a, b) -> a * b);
  }

  @Override
  public String toString() {
    return shape.stream().map(Dim::toString).collect(Collectors.joining(", ", "[", "]")) + " " + dtype.pythonName();
  }
}
