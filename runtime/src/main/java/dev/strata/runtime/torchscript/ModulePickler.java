package dev.strata.runtime.torchscript;

import dev.strata.dsl.Block;
import dev.strata.dsl.ir.State;
import dev.strata.runtime.tensor.TensorData;
import java.util.Map;

/**
 * Pickles the module tree into {@code data.pkl}: each block is an object of its script class whose state dict holds
 * every declared attribute (a missing one fails at load with "Argument passed to at() was not in the map"):
 * its tensors, {@code training}, and its children. Tensors are {@code torch._utils._rebuild_tensor_v2} calls whose
 * storage is a persistent id naming the {@code data/<key>} record.
 */
final class ModulePickler {
  private final Pickler p = new Pickler();
  private final ScriptPrinter.Script script;
  private final Map<State, String> storageKeys;
  private final Map<State, TensorData> tensors;
  private final boolean training;

  /**
   * @param storageKeys the record name under {@code data/} of each state
   * @param training the pickled {@code training} flag of every module
   */
  ModulePickler(ScriptPrinter.Script script, Map<State, String> storageKeys, Map<State, TensorData> tensors,
      boolean training) {
    this.script = script;
    this.storageKeys = storageKeys;
    this.tensors = tensors;
    this.training = training;
  }

  byte[] pickle(Block root) {
    module(root);
    return p.finish();
  }

  // GLOBAL cls, EMPTY_TUPLE, NEWOBJ, EMPTY_DICT, MARK, key value ..., SETITEMS, BUILD
  private void module(Block b) {
    String qualified = script.qualifiedName(b);
    int dot = qualified.lastIndexOf('.');
    p.global(qualified.substring(0, dot), qualified.substring(dot + 1)).emptyTuple().newObj();
    p.emptyDict().mark();
    for (State s : b.states().values()) {
      p.string(s.name());
      // Parameters require grad (else torch keeps them frozen); buffers must not (BatchNorm would fail to train).
      tensor(storageKeys.get(s), tensors.get(s), s.kind() == State.Kind.PARAMETER);
    }
    p.string("training").bool(training);
    for (Map.Entry<String, Block> c : b.children().entrySet()) {
      p.string(c.getKey());
      module(c.getValue());
    }
    p.setItems().build();
  }

  // _rebuild_tensor_v2(storage, offset, size, stride, requires_grad, backward_hooks)
  private void tensor(String key, TensorData t, boolean requiresGrad) {
    p.global("torch._utils", "_rebuild_tensor_v2").mark();
    p.mark().string("storage").global("torch", t.dtype().storageClass()).string(key).string("cpu")
        .integer(t.numel()).tuple().persistentId();
    p.integer(0);
    long[] shape = t.shape();
    p.mark();
    for (long d : shape) {
      p.integer(d);
    }
    p.tuple();
    p.mark();
    long stride = 1;
    long[] strides = new long[shape.length];
    for (int i = shape.length - 1; i >= 0; i--) {
      strides[i] = stride;
      stride *= shape[i];
    }
    for (long s : strides) {
      p.integer(s);
    }
    p.tuple();
    p.bool(requiresGrad);
    p.global("collections", "OrderedDict").emptyTuple().reduce();
    p.tuple().reduce();
  }
}
