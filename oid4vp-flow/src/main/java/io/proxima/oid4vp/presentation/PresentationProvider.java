package io.proxima.oid4vp.presentation;

import io.proxima.oid4vp.request.VerifiedRequest;
import reactor.core.publisher.Mono;

/**
 * Decides, on the wallet, what to answer a verified request with: typically asks the user and
 * builds presentations bound to the request's nonce and client_id. Implementations must be
 * thread-safe and must not block (offload blocking work).
 */
@FunctionalInterface
public interface PresentationProvider {

  /**
   * Decides on {@code request}.
   *
   * <p>Emits exactly one {@link PresentationDecision}. Errors, or completing empty, end the
   * wallet session FAILED (nothing is sent; the verifier times out). The session applies its
   * consent timeout (then EXPIRED) and cancels the subscription when the session is cancelled or
   * the verifier ends it.
   */
  Mono<PresentationDecision> present(VerifiedRequest request);
}
