package io.proxima.cli.support;

/**
 * Bad input from the user: an option value, a file that cannot be read or does not hold what the
 * option expects, an engagement URI that does not parse. The command line reports the message
 * (which names the option) and exits with {@link ExitCodes#USAGE}.
 */
public final class InputException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public InputException(String message) {
    super(message);
  }

  public InputException(String message, Throwable cause) {
    super(message, cause);
  }
}
