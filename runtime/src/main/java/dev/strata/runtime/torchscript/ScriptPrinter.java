package dev.strata.runtime.torchscript;

import dev.strata.dsl.Block;
import dev.strata.dsl.ir.Entry;
import dev.strata.dsl.ir.Function;
import dev.strata.dsl.ir.Program;
import dev.strata.dsl.ir.State;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * TorchScript source for every module class of a program ({@code code/__torch__/strata.py}): one class per distinct
 * source text, named after the block's {@link Block#typeName()} ({@code Conv2d}, then {@code Conv2d_1} for a block
 * of that type with different code, e.g. another kernel size, since hyperparameters are printed as literals).
 *
 * <p>The root class also gets {@code state(self) -> Dict[str, Tensor]}, every parameter and buffer by state-dict
 * key (DJL exposes parameters but not buffers), and, for an entry whose name differs from the root method it
 * traces, a method of the entry's name that delegates to it: an engine calls entries by name.
 */
public final class ScriptPrinter {
  /** The TorchScript namespace of our classes; the source file is {@code code/__torch__/strata.py}. */
  public static final String NAMESPACE = "__torch__.strata";
  /** The generated method returning the state dict. */
  public static final String STATE_METHOD = "state";
  /** The generated method returning the state-dict keys in order (DJL returns a dict as an unordered map). */
  public static final String STATE_NAMES_METHOD = "state_names";

  /** The printed source and the class of each block. */
  public record Script(String source, Map<Block, String> classNames) {
    public String qualifiedName(Block b) {
      return NAMESPACE + "." + classNames.get(b);
    }
  }

  private final Program program;
  private final Map<Block, String> names = new IdentityHashMap<>();
  private final Map<String, String> bySource = new HashMap<>();
  private final Set<String> used = new HashSet<>();
  private final StringBuilder out = new StringBuilder();

  private ScriptPrinter(Program program) {
    this.program = program;
  }

  public static Script print(Program program) {
    ScriptPrinter p = new ScriptPrinter(program);
    p.classOf(program.root());
    return new Script(p.out.toString(), p.names);
  }

  /** Prints the classes of the children, then this block's, reusing an identical class already printed. */
  private String classOf(Block b) {
    for (Block c : b.children().values()) {
      classOf(c);
    }
    String body = body(b);
    String key = b.typeName() + "\n" + body;
    String name = bySource.get(key);
    if (name == null) {
      String base = Names.local(b.typeName());
      name = base;
      for (int i = 1; !used.add(name); i++) {
        name = base + "_" + i;
      }
      bySource.put(key, name);
      out.append("class ").append(name).append("(Module):\n").append(body);
    }
    names.put(b, name);
    return name;
  }

  /** Everything of a class after its header; the self type is left unannotated so the body names no class. */
  private String body(Block b) {
    StringBuilder s = new StringBuilder();
    List<String> params = new ArrayList<>();
    List<String> buffers = new ArrayList<>();
    for (State st : b.states().values()) {
      (st.kind() == State.Kind.PARAMETER ? params : buffers).add(st.name());
    }
    s.append("  __parameters__ = ").append(list(params)).append('\n');
    s.append("  __buffers__ = ").append(list(buffers)).append('\n');
    for (String name : b.states().keySet()) {
      declare(s, name, "Tensor");
    }
    s.append("  training : bool\n");
    for (Map.Entry<String, Block> c : b.children().entrySet()) {
      declare(s, c.getKey(), NAMESPACE + "." + names.get(c.getValue()));
    }
    Set<String> methodNames = new HashSet<>();
    for (List<Function> variants : b.methods().values()) {
      for (Function fn : variants) {
        String method = b.methodName(fn);
        methodNames.add(method);
        s.append(new FunctionPrinter(fn).print(method));
      }
    }
    if (b == program.root()) {
      rootMethods(s, methodNames);
    }
    return s.toString();
  }

  private void rootMethods(StringBuilder s, Set<String> methodNames) {
    for (Entry e : program.entries().values()) {
      String method = program.root().methodName(e.function());
      if (method.equals(e.name())) {
        continue;
      }
      if (!methodNames.add(e.name())) {
        throw new IllegalArgumentException("entry '" + e.name() + "' clashes with a traced method of that name");
      }
      // An alias named like the entry: arguments are all tensors.
      List<String> args = e.function().inputs().stream().map(v -> "a" + e.function().inputs().indexOf(v)).toList();
      s.append("  def ").append(e.name()).append("(self")
          .append(args.stream().map(a -> ", " + a + ": Tensor").collect(Collectors.joining()))
          .append(") -> ").append(FunctionPrinter.returnType(e.function().outputs().size())).append(":\n")
          .append("    return self.").append(method).append('(').append(String.join(", ", args)).append(")\n");
    }
    for (String reserved : List.of(STATE_METHOD, STATE_NAMES_METHOD)) {
      if (methodNames.contains(reserved)) {
        throw new IllegalArgumentException("the root module may not have a method named '" + reserved + "'");
      }
    }
    // A dict built entry by entry: an empty literal would need a type annotation, and literals may not end in ','.
    s.append("  def ").append(STATE_METHOD).append("(self) -> Dict[str, Tensor]:\n");
    s.append("    out: Dict[str, Tensor] = {}\n");
    for (State st : program.states()) {
      List<String> path = new ArrayList<>(program.root().pathTo(st.owner()));
      path.add(st.name());
      s.append("    out[").append(Names.quote(st.key())).append("] = ").append(Names.attribute("self", path))
          .append('\n');
    }
    s.append("    return out\n");
    s.append("  def ").append(STATE_NAMES_METHOD).append("(self) -> List[str]:\n");
    s.append("    return ").append(program.states().stream().map(st -> Names.quote(st.key()) + ", ")
        .collect(Collectors.joining("", "[", "]"))).append('\n');
  }

  /** {@code name : T}, or {@code __annotations__["0"] = T} for names that are not identifiers (list children). */
  private static void declare(StringBuilder s, String name, String type) {
    if (Names.isIdentifier(name)) {
      s.append("  ").append(name).append(" : ").append(type).append('\n');
    } else {
      s.append("  __annotations__[").append(Names.quote(name)).append("] = ").append(type).append('\n');
    }
  }

  private static String list(List<String> names) {
    return names.stream().map(n -> Names.quote(n) + ", ").collect(Collectors.joining("", "[", "]"));
  }
}
