package io.proxima.oid4vp;

import io.proxima.engagement.Engagement;
import io.proxima.message.SessionId;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One presentation, verifier side: listen on the offered transports, show the engagement, race
 * the Identify attempts, send the signed request, receive and validate the answer. Created by
 * {@link Verifier#session}; lazy: nothing happens until {@link #start()}, {@link #engagement()}
 * or {@link #result()} is subscribed. Thread-safe.
 *
 * <p>Cancelling the subscription to {@link #engagement()} or {@link #result()} does not cancel
 * the session (several parties may observe it); {@link #cancel()} or {@link #dispose()} does.
 */
public interface VerifierSession extends Disposable {

  SessionId sessionId();

  /** Starts the session if it has not started. Idempotent. */
  VerifierSession start();

  /**
   * Starts the session if needed; emits the engagement (its {@link Engagement#toUri()} is the QR
   * code) once every offered transport listens, or as many as could within the listen timeout.
   * Errors with the session's failure cause if it ends before that (e.g. {@link
   * io.proxima.oid4vp.error.NoUsableTransportException} when no transport could listen, or
   * {@link io.proxima.oid4vp.error.SessionCancelledException}).
   */
  Mono<Engagement> engagement();

  /**
   * The timeline: every {@link StateChange} from CREATED on, replayed to late subscribers.
   * Completes after the terminal state; never errors (failures are in {@link #result()}). Does
   * not start the session.
   */
  Flux<StateChange<VerifierState>> states();

  VerifierState currentState();

  /**
   * Starts the session if needed; emits its outcome when it ends, after its transports and keys
   * were released. Always emits exactly one {@link VerifierOutcome} (failures, timeouts and
   * cancellation are outcomes, not errors); every wait is bounded, so it always completes.
   */
  Mono<VerifierOutcome> result();

  /**
   * Cancels the session: it ends {@link VerifierState#CANCELLED} (unless already ended), closes its
   * connection (MQTT: unsubscribes; BLE: notifies Disconnect) and listeners, and wipes its keys.
   * Completes when the outcome is emitted. Idempotent; cancelling a session that never started
   * ends it without touching any transport.
   */
  Mono<Void> cancel();

  /** Cancels in the background; see {@link #cancel()}. */
  @Override
  default void dispose() {
    cancel().subscribe(null, e -> {});
  }

  @Override
  default boolean isDisposed() {
    return currentState().isTerminal();
  }
}
