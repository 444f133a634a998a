package io.proxima.oid4vp;

/**
 * Receives the {@link SessionEvent}s of every session of a {@link Verifier} or {@link Wallet}:
 * the hook for metrics and logs (a gateway counts states, ignored frames and switch-overs here).
 * Called synchronously on whatever thread the event happened, so it must be fast, thread-safe and
 * non-blocking. An exception it throws is caught and logged at debug level; it never affects
 * the session.
 */
@FunctionalInterface
public interface SessionObserver {

  /** Observes nothing. */
  SessionObserver NONE = event -> {};

  void onEvent(SessionEvent event);
}
