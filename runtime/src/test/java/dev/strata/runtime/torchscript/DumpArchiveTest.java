package dev.strata.runtime.torchscript;

import dev.strata.dsl.ir.Program;
import dev.strata.runtime.tensor.StateDict;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DumpArchiveTest {
  @Test
  void dump() throws Exception {
    MiniCrnn m = MiniCrnn.create();
    Program p = MiniCrnn.trace(m);
    System.out.println(ScriptPrinter.print(p).source());
    TorchScriptWriter.write(p, StateDict.initialize(p, 1), Path.of("/tmp/ts-dump/mini.pt"));
  }
}
