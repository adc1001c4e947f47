package dev.strata.runtime.engine;

import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import ai.djl.util.Pair;
import dev.strata.runtime.tensor.StateDict;
import dev.strata.runtime.tensor.TensorData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs and trains a TorchScript archive (ours, or any {@code torch.jit.save} output) in DJL's libtorch. One model
 * is loaded for the engine's lifetime; {@link #run} predicts in eval mode without autograd, {@link #trainStep} runs a
 * training entry in train mode and applies one optimizer step, {@link #state} reads back every parameter and buffer.
 *
 * <p>Entries other than {@code forward} are called through DJL's {@code module_method:<name>} input: an array of that
 * name in the input list makes DJL call the method of that name instead of {@code forward}, keeping the autograd and
 * training flags of the call (unlike {@code IValueUtils.runMethod}, which always runs without grad).
 *
 * <p>Not thread-safe: one caller at a time (training mutates the module).
 */
public final class TorchScriptEngine implements Engine {
  private static final String METHOD_PREFIX = "module_method:";

  private final ZooModel<NDList, NDList> model;
  private final PtSymbolBlock block;
  private final NDManager manager;
  private final Predictor<NDList, NDList> predictor;
  private final Map<String, String> extraFiles = new LinkedHashMap<>();
  private Trainer trainer;

  private TorchScriptEngine(ZooModel<NDList, NDList> model, List<String> extraNames) {
    this.model = model;
    this.block = (PtSymbolBlock) model.getBlock();
    this.manager = model.getNDManager();
    this.predictor = model.newPredictor();
    // PtSymbolBlock starts believing its module is in training mode and switches only when a call's flag differs
    // from that belief; make the module agree with it, whatever mode the archive was saved in. Otherwise a first
    // training step on an eval-saved archive would run BatchNorm in eval mode.
    JniUtils.enableTrainingMode(block);
    for (String name : extraNames) {
      String value = model.getProperty(name);
      if (value != null) {
        extraFiles.put(name, value);
      }
    }
  }

  /** Loads an archive for inference and training. */
  public static TorchScriptEngine load(Path file) {
    return load(file, List.of());
  }

  /**
   * @param extraNames records under {@code extra/} to read (e.g. {@code config.json}); see {@link #extraFile}
   */
  public static TorchScriptEngine load(Path file, List<String> extraNames) {
    Criteria.Builder<NDList, NDList> criteria = Criteria.builder()
        .setTypes(NDList.class, NDList.class)
        .optModelPath(file.toAbsolutePath())
        .optEngine("PyTorch")
        .optTranslator(new NoopTranslator())
        // Without it libtorch loads parameters as inference tensors, which cannot require grad.
        .optOption("trainParam", "true");
    if (!extraNames.isEmpty()) {
      criteria.optOption("extraFiles", String.join(",", extraNames));
    }
    try {
      return new TorchScriptEngine(criteria.build().loadModel(), extraNames);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load " + file, e);
    } catch (ModelNotFoundException | MalformedModelException e) {
      throw new IllegalArgumentException("cannot load " + file + ": " + e.getMessage(), e);
    }
  }

  /** An {@code extra/} record named at load time, or null if the archive has none of that name. */
  public String extraFile(String name) {
    return extraFiles.get(name);
  }

  /** Runs an entry point (a method of the root module) in eval mode without autograd. */
  @Override
  public List<TensorData> run(String entry, List<TensorData> inputs) {
    try (NDManager scope = manager.newSubManager()) {
      NDList out = predictor.predict(inputs(scope, entry, inputs));
      List<TensorData> result = new ArrayList<>(out.size());
      for (NDArray a : out) {
        result.add(NDArrays.toTensorData(a));
      }
      out.close();
      return result;
    } catch (TranslateException e) {
      throw new IllegalStateException("running " + entry + " failed: " + e.getMessage(), e);
    }
  }

  /** Trains with Adam at a fixed learning rate from now on (a new optimizer: its moments start at zero). */
  public void useAdam(float learningRate) {
    useOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(learningRate)).build());
  }

  /** Trains with the given DJL optimizer from now on. */
  public void useOptimizer(Optimizer optimizer) {
    if (trainer != null) {
      trainer.close();
    }
    trainer = model.newTrainer(new DefaultTrainingConfig(new PassThroughLoss()).optOptimizer(optimizer));
  }

  /**
   * One optimizer step on a training entry, which returns a scalar loss: forward in train mode (BatchNorm uses and
   * updates batch statistics), backward, update. Uses Adam with learning rate 1e-3 unless an optimizer was set.
   *
   * @return the loss before the update
   */
  public float trainStep(String lossEntry, List<TensorData> inputs) {
    if (trainer == null) {
      useAdam(1e-3f);
    }
    float loss;
    try (NDManager scope = manager.newSubManager()) {
      zeroGradients();
      try (GradientCollector gc = trainer.newGradientCollector()) {
        NDList out = trainer.forward(inputs(scope, lossEntry, inputs));
        NDArray value = out.singletonOrThrow();
        gc.backward(value);
        loss = value.getFloat();
        out.close();
      }
      // Outside the collector: the update itself must not be recorded by autograd.
      trainer.step();
    }
    return loss;
  }

  /**
   * Every parameter and buffer by state-dict key, through the archive's generated {@code state()} method (DJL
   * exposes parameters only; BatchNorm's running statistics are buffers).
   */
  public StateDict state() {
    Map<String, TensorData> out = new LinkedHashMap<>();
    try (NDManager scope = manager.newSubManager();
        IValue names = IValueUtils.runMethod(block, "state_names");
        IValue dict = IValueUtils.runMethod(block, "state")) {
      Map<String, IValue> byName = dict.toIValueMap();
      try {
        for (IValue name : names.toIValueArray()) {
          String key = name.toStringValue();
          name.close();
          out.put(key, NDArrays.toTensorData(byName.get(key).toTensor((PtNDManager) scope)));
        }
      } finally {
        byName.values().forEach(IValue::close);
      }
    }
    return new StateDict(out);
  }

  /** Parameter names as DJL sees them (the trainable tensors), for diagnostics. */
  public List<String> parameterNames() {
    List<String> names = new ArrayList<>();
    for (Pair<String, Parameter> p : block.getParameters()) {
      names.add(p.getKey());
    }
    return names;
  }

  /**
   * Gradients accumulate in libtorch until cleared, and neither DJL's collector nor its trainer clears them for a
   * TorchScript block, so each step starts by zeroing them.
   */
  private void zeroGradients() {
    for (Pair<String, Parameter> p : block.getParameters()) {
      NDArray array = p.getValue().getArray();
      if (array.hasGradient()) {
        try (NDArray grad = array.getGradient()) {
          grad.subi(grad);
        }
      }
    }
  }

  private NDList inputs(NDManager scope, String entry, List<TensorData> inputs) {
    NDList list = new NDList(inputs.size() + 1);
    for (TensorData t : inputs) {
      list.add(NDArrays.toNDArray(scope, t));
    }
    if (!entry.equals("forward")) {
      // Its value is ignored: DJL drops this array and calls the named method instead of forward.
      NDArray marker = scope.zeros(new ai.djl.ndarray.types.Shape(1));
      marker.setName(METHOD_PREFIX + entry);
      list.add(marker);
    }
    return list;
  }

  @Override
  public void close() {
    if (trainer != null) {
      trainer.close();
    }
    predictor.close();
    model.close();
  }
}
