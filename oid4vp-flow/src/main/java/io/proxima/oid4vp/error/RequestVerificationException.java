package io.proxima.oid4vp.error;

import io.proxima.error.ProximaException;
import io.proxima.message.SessionId;
import org.jspecify.annotations.Nullable;

/**
 * The wallet refused a request object (PROTOCOL.md §3): {@link #reason()} says which check
 * failed. The message names the claim or header at fault, never key material.
 */
public final class RequestVerificationException extends ProximaException {

  private static final long serialVersionUID = 1L;

  /** Which check of the request object failed. */
  public enum Reason {
    /** Not a compact JWS, not JSON, or the request plaintext is not a JSON string literal. */
    MALFORMED,
    /** Header {@code typ} is not {@code oauth-authz-req+jwt}. */
    TYPE,
    /** The {@code alg} is not accepted, or does not fit the key. */
    ALGORITHM,
    /** Header {@code kid} is missing or is not a verification method of the client's DID. */
    KEY_ID,
    /** The DID cannot be resolved offline (only did:key and did:jwk can). */
    UNRESOLVABLE_DID,
    /** A key in the header ({@code jwk}, {@code x5c}, {@code jku}, {@code x5u}) does not come from the DID. */
    HEADER_KEY,
    /** The signature does not verify with the DID's key. */
    SIGNATURE,
    /** {@code client_id} is missing or not of the form the Identify version requires. */
    CLIENT_ID,
    /** {@code iss} does not equal the DID in {@code client_id}. */
    ISSUER,
    /** {@code exp} is missing or in the past. */
    EXPIRED,
    /** {@code nbf} or {@code iat} is in the future. */
    NOT_YET_VALID,
    /** A required claim ({@code nonce}, {@code dcql_query} or {@code presentation_definition}) is missing or malformed. */
    CLAIMS
  }

  private final Reason reason;
  private final String detail;

  public RequestVerificationException(Reason reason, String detail, @Nullable SessionId sessionId) {
    this(reason, detail, sessionId, null);
  }

  public RequestVerificationException(
      Reason reason, String detail, @Nullable SessionId sessionId, @Nullable Throwable cause) {
    super("request object rejected (" + reason + "): " + detail, sessionId, cause);
    this.reason = reason;
    this.detail = detail;
  }

  public Reason reason() {
    return reason;
  }

  /** What exactly failed, e.g. the claim or header at fault. */
  public String detail() {
    return detail;
  }

  /** The same error attributed to a session. */
  public RequestVerificationException withSession(SessionId sessionId) {
    return new RequestVerificationException(reason, detail, sessionId, getCause());
  }
}
