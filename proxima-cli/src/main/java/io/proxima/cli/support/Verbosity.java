package io.proxima.cli.support;

import picocli.CommandLine.Option;

/**
 * The {@code -v} option as a picocli mixin, for the top command and every subcommand ({@code
 * proxima -v demo} and {@code proxima demo -v} both work). Applied while the arguments are parsed,
 * before the command runs.
 */
public final class Verbosity {

  @Option(names = {"-v", "--verbose"}, description = "Log to standard error: -v for debug logs of Proxima, -vv for everything.")
  void setVerbose(boolean[] verbose) {
    Logging.setVerbosity(verbose.length);
  }
}
