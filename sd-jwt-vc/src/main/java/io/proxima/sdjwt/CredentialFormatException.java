package io.proxima.sdjwt;

import io.proxima.error.MalformedInputException;

/**
 * A credential, key or trust file (or its contents) is not what it should be. {@link #field()}
 * names what was wrong, e.g. {@code credential}, {@code holder_key}, {@code jwks}; the message
 * never contains key material or claim values.
 */
public final class CredentialFormatException extends MalformedInputException {

  private static final long serialVersionUID = 1L;

  public CredentialFormatException(String field, String problem) {
    super(field, problem, null);
  }

  public CredentialFormatException(String field, String problem, Throwable cause) {
    super(field, problem, null, cause);
  }
}
