package io.proxima.oid4vp;

import io.proxima.engagement.Engagement;
import io.proxima.message.SessionId;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One presentation, wallet side: choose a transport the engagement offers, send the Identify,
 * verify the request, let the {@link io.proxima.oid4vp.presentation.PresentationProvider} decide,
 * send the submission or rejection. Created by {@link Wallet#session}; lazy: nothing happens
 * until {@link #start()} or {@link #result()} is subscribed. Thread-safe.
 *
 * <p>Cancelling the subscription to {@link #result()} does not cancel the session;
 * {@link #cancel()} or {@link #dispose()} does.
 */
public interface WalletSession extends Disposable {

  SessionId sessionId();

  Engagement engagement();

  /** Starts the session if it has not started. Idempotent. */
  WalletSession start();

  /**
   * The timeline: every {@link StateChange} from CREATED on, replayed to late subscribers.
   * Completes after the terminal state; never errors. Does not start the session.
   */
  Flux<StateChange<WalletState>> states();

  WalletState currentState();

  /**
   * Starts the session if needed; emits its outcome when it ends, after its connection and keys
   * were released. Always emits exactly one {@link WalletOutcome}; every wait is bounded, so it
   * always completes.
   */
  Mono<WalletOutcome> result();

  /**
   * Cancels the session: it ends {@link WalletState#CANCELLED} (unless already ended), closes its
   * connection (MQTT: unsubscribes; BLE: disconnects, which the verifier sees as link loss) and
   * wipes its keys. Completes when the outcome is emitted. Idempotent.
   */
  Mono<Void> cancel();

  @Override
  default void dispose() {
    cancel().subscribe(null, e -> {});
  }

  @Override
  default boolean isDisposed() {
    return currentState().isTerminal();
  }
}
