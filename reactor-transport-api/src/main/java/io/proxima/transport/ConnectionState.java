package io.proxima.transport;

/** The lifecycle of a {@link FrameConnection} or a {@link SessionListener}. */
public enum ConnectionState {
  /** Ready: frames flow. The initial state; a connection is handed out only when it is ready. */
  OPEN,
  /**
   * The underlying link is down and the transport is restoring it (for example an MQTT reconnect).
   * Frames sent meanwhile are queued; frames from the peer may be lost.
   */
  INTERRUPTED,
  /** Final. Released: nothing more is sent or received. */
  CLOSED
}
