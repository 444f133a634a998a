package io.proxima.oid4vp;

/** A state of a verifier or wallet session. */
public interface SessionState {

  /** The state's name, e.g. {@code ACCEPTED}. */
  String name();

  /** Whether the session has ended: no further state follows. */
  boolean isTerminal();
}
