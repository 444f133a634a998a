package io.proxima.oid4vp;

import io.proxima.engagement.TransportType;
import io.proxima.message.FrameKind;
import io.proxima.message.Role;
import io.proxima.message.SessionId;
import java.time.Duration;
import java.time.Instant;

/**
 * Something that happened in a session, for a {@link SessionObserver} (metrics, logs, traces).
 * Events never carry keys, nonces, presentations or plaintext.
 */
public sealed interface SessionEvent {

  SessionId sessionId();

  /** The side the event happened on. */
  Role role();

  /** The session entered a state. */
  record StateChanged(SessionId sessionId, Role role, SessionState from, SessionState to, Instant at, Duration elapsed)
      implements SessionEvent {}

  /** An Identify attempt was ignored; {@code reason} says why (malformed, low-order key...). */
  record IdentifyIgnored(SessionId sessionId, Role role, TransportType transport, String peer, String reason)
      implements SessionEvent {}

  /** A frame was ignored, e.g. it did not decrypt (a third party on a shared MQTT topic). */
  record FrameIgnored(SessionId sessionId, Role role, TransportType transport, FrameKind kind, String reason)
      implements SessionEvent {}

  /** A transport failed for this session: setup failed or the link was lost. */
  record TransportLost(SessionId sessionId, Role role, TransportType transport, String cause) implements SessionEvent {}

  /** The session moved from one transport to another (see the switch-over rules in the README). */
  record SwitchedOver(SessionId sessionId, Role role, TransportType from, TransportType to) implements SessionEvent {}
}
