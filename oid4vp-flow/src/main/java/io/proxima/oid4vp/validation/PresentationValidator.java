package io.proxima.oid4vp.validation;

import reactor.core.publisher.Mono;

/**
 * Checks the presentations a wallet submitted. Implementations are per format (registered in a
 * {@link FormatValidatorRegistry}) or cover everything; they must be thread-safe, must not block
 * (offload blocking work, e.g. with {@code subscribeOn(Schedulers.boundedElastic())}), and must
 * not log presentations or nonces.
 */
@FunctionalInterface
public interface PresentationValidator {

  /**
   * Validates the presentations in {@code context}.
   *
   * <p>Emits exactly one {@link ValidationOutcome}; a presentation that fails a check is a
   * negative outcome ({@code verified == false} with reasons), not an error. Errors only when
   * validation itself could not be carried out; the session then ends FAILED with a {@link
   * io.proxima.oid4vp.error.PresentationValidationException}. Completing empty is treated as an
   * error. The session applies its validation timeout and cancels the subscription when the
   * session is cancelled.
   */
  Mono<ValidationOutcome> validate(PresentationContext context);
}
