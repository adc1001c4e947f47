package dev.strata.models;

import dev.strata.dsl.HyperSpec;
import dev.strata.dsl.ir.Program;
import java.util.List;
import java.util.Map;

/** A recognizer that the command line can export, train and run: its presets, hyperparameters and alphabet. */
public interface ModelSpec {
  /** The name users type: {@code crnn}. */
  String name();

  String description();

  /** Preset names, {@code default} first. */
  List<String> presets();

  /** The root module's hyperparameters. */
  List<HyperSpec> hypers();

  /**
   * Traces the model with a preset and {@code --set key=value} overrides applied on top of it.
   *
   * @throws IllegalArgumentException for an unknown preset, hyperparameter or value
   */
  Program build(String preset, Map<String, String> overrides);

  /** The characters the output classes stand for, in class order after the special classes. */
  List<String> dictionary();
}
