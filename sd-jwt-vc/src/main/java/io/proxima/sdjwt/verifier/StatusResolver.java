package io.proxima.sdjwt.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import reactor.core.publisher.Mono;

/**
 * Resolves the {@code status} claim of a verified credential (e.g. an IETF Token Status List
 * reference). Verification is offline by default: without a resolver a {@code status} claim is
 * reported as {@code sd_jwt.status_not_checked} and does not affect the outcome. A resolver
 * typically fetches (and caches) a status list; it must not block (use a non-blocking client or
 * offload) and must be thread-safe.
 */
@FunctionalInterface
public interface StatusResolver {

  /**
   * The status of a credential.
   *
   * <p>Emits exactly one {@link CredentialStatus}. Errors, completing empty, or not answering
   * within the validator's status timeout all count as {@link CredentialStatus.State#UNKNOWN}:
   * the presentation is not verified ({@code sd_jwt.status_unavailable}).
   *
   * @param status the credential's {@code status} claim (signed by the issuer, already verified)
   * @param vct the credential's type
   * @param issuer the issuer as established by the trust check, if known
   */
  Mono<CredentialStatus> resolve(JsonNode status, String vct, String issuer);
}
