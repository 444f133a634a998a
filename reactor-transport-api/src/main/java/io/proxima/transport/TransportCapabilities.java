package io.proxima.transport;

/**
 * The few ways in which transports differ that session code must respect.
 *
 * @param rejectionCarriesPayload whether a {@link io.proxima.message.FrameKind#REJECTION} carries
 *     bytes. MQTT: yes, an encrypted timestamp, because anyone who knows the topic can publish.
 *     BLE: no, it is Content Size 0 on the link of the wallet that identified, and a payload given
 *     to {@code send} is dropped.
 * @param signalsDisconnect whether the verifier can tell the wallet to stop
 *     ({@link io.proxima.message.FrameKind#DISCONNECT}). BLE: yes. MQTT: no, the verifier can only
 *     unsubscribe.
 * @param maxFrameSize the largest payload {@code send} accepts, in bytes
 */
public record TransportCapabilities(boolean rejectionCarriesPayload, boolean signalsDisconnect, int maxFrameSize) {

  public TransportCapabilities {
    if (maxFrameSize < 1) {
      throw new IllegalArgumentException("maxFrameSize must be positive");
    }
  }

  /** What MQTT offers, with the given maximum message size. */
  public static TransportCapabilities mqtt(int maxFrameSize) {
    return new TransportCapabilities(true, false, maxFrameSize);
  }

  /** What BLE offers, with the given maximum message size. */
  public static TransportCapabilities ble(int maxFrameSize) {
    return new TransportCapabilities(false, true, maxFrameSize);
  }
}
