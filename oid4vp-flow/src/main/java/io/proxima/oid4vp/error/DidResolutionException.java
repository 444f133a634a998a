package io.proxima.oid4vp.error;

import io.proxima.error.MalformedInputException;

/**
 * A DID or DID URL cannot be resolved offline: not did:key or did:jwk, malformed, or a key type
 * this library does not verify with (P-256 and Ed25519 are supported).
 */
public final class DidResolutionException extends MalformedInputException {

  private static final long serialVersionUID = 1L;

  public DidResolutionException(String problem) {
    super("did", problem, null);
  }

  public DidResolutionException(String problem, Throwable cause) {
    super("did", problem, null, cause);
  }
}
