package dev.strata.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code strata} command line. */
@Command(
    name = "strata",
    mixinStandardHelpOptions = true,
    version = "strata 0.1.0",
    description = "Declare, export, train and run scene-text recognizers.",
    subcommands = {
        ModelsCommand.class, ExportCommand.class, InferCommand.class, DemoCommand.class,
        CommandLine.HelpCommand.class})
public final class Strata {
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command tree with Strata's error handling: a user error prints one line, not a stack trace. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Strata());
    cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
      if (e instanceof IllegalArgumentException || e instanceof java.io.IOException
          || e instanceof IllegalStateException || e instanceof UnsupportedOperationException) {
        cmd.getErr().println("strata " + cmd.getCommandName() + ": " + e.getMessage());
        if (System.getenv("STRATA_DEBUG") != null) {
          e.printStackTrace(cmd.getErr());
        }
        return 2;
      }
      throw e;
    });
    return cl;
  }
}
