package io.proxima.cli.gateway;

/**
 * The configuration file cannot be used; the message names the file, the field and the problem
 * (never a secret's value).
 */
public final class GatewayConfigException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public GatewayConfigException(String message) {
    super(message);
  }

  public GatewayConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
