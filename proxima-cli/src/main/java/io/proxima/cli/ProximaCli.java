package io.proxima.cli;

import io.proxima.cli.command.DemoCommand;
import io.proxima.cli.command.IssueCommand;
import io.proxima.cli.command.VerifierCommand;
import io.proxima.cli.command.WalletCommand;
import io.proxima.cli.support.ExitCodes;
import io.proxima.cli.support.InputException;
import io.proxima.cli.support.Verbosity;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * {@code proxima}: OID4VP proximity presentations over MQTT and BLE from the command line. The
 * picocli top command; {@link #main} runs it and exits with the command's code ({@link
 * ExitCodes}).
 */
@Command(
    name = "proxima",
    mixinStandardHelpOptions = true,
    versionProvider = ProximaCli.Version.class,
    description = "OID4VP proximity presentations over MQTT and BLE (wire-compatible with Procivis One).",
    subcommands = {DemoCommand.class, VerifierCommand.class, WalletCommand.class, IssueCommand.class, CommandLine.HelpCommand.class},
    footerHeading = "%nExit codes:%n",
    footer = {
        "  0  success (verifier: ACCEPTED, and verified with --trust; wallet: SUBMITTED)",
        "  1  unexpected error",
        "  2  usage error (bad option or input file)",
        "  3  REJECTED",
        "  4  FAILED",
        "  5  EXPIRED (a wait timed out)",
        "  6  CANCELLED (Ctrl-C or SIGTERM; wallet: the verifier disconnected)",
        "  7  verifier: ACCEPTED but not verified although --trust was given",
        "",
        "Start with: proxima demo"})
public final class ProximaCli implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin Verbosity verbosity;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "Missing a command: demo, verifier, wallet or issue");
  }

  /**
   * The configured command line: case-insensitive enum values ({@code --transports mqtt,ble}),
   * standard output as UTF-8 (the QR code's block characters and the claims), and errors reported
   * as one message line (exit 2 for bad input, 1 for anything else; the stack trace with {@code -v}).
   */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new ProximaCli());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setExecutionExceptionHandler(ProximaCli::onExecutionException);
    return cli;
  }

  public static void main(String[] args) {
    CommandLine cli = commandLine();
    cli.setOut(new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8), true));
    cli.setErr(new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.err), StandardCharsets.UTF_8), true));
    int code = cli.execute(args);
    cli.getOut().flush();
    cli.getErr().flush();
    System.exit(code);
  }

  private static int onExecutionException(Exception e, CommandLine cli, ParseResult parsed) {
    PrintWriter err = cli.getErr();
    if (e instanceof InputException) {
      err.println("proxima " + cli.getCommandName() + ": " + e.getMessage());
      err.println("Try 'proxima " + cli.getCommandName() + " --help'.");
      err.flush();
      return ExitCodes.USAGE;
    }
    err.println("proxima " + cli.getCommandName() + ": error: " + e);
    err.flush();
    LoggerFactory.getLogger(ProximaCli.class).debug("command failed", e);
    return ExitCodes.ERROR;
  }

  /** {@code proxima --version}: the version from the jar's manifest, and the Java runtime. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = ProximaCli.class.getPackage().getImplementationVersion();
      return new String[] {
        "proxima " + (version == null ? "(development build)" : version),
        "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"
      };
    }
  }
}
