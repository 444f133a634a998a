package io.proxima.mqtt;

/** The lifecycle of one broker connection ({@link MqttGateway#state()}). */
public enum MqttConnectionState {
  /** The first connection attempt is under way. */
  CONNECTING,
  /** Connected and every live session's topics are subscribed. Sessions are OPEN. */
  CONNECTED,
  /**
   * The connection was lost; a fresh client is connecting with backoff. Sessions are
   * INTERRUPTED: their sends wait, frames published meanwhile by others may be lost (QoS 0).
   */
  RECONNECTING,
  /**
   * Not connected on purpose: a dedicated wallet connection released the broker during user
   * consent ({@link MqttConfig#releaseDuringConsent()}). The next send connects again.
   */
  DISCONNECTED,
  /** Final: closed by the application, or reconnecting gave up. */
  CLOSED
}
