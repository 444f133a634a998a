package io.proxima.mqtt;

/**
 * The MQTT quality of service of the frames this side publishes (and of its subscriptions).
 * Peers use {@link #AT_MOST_ONCE}; {@link #AT_LEAST_ONCE} is for links between Proxima peers or
 * to a broker where a PUBACK per frame is wanted.
 */
public enum MqttQos {
  /** QoS 0: a send completes when the frame is written to the socket. Peer-compatible default. */
  AT_MOST_ONCE(0),
  /**
   * QoS 1: a send completes when the broker acknowledged it (PUBACK). At most {@link
   * MqttConfig#inFlightWindow()} publishes wait for their PUBACK at a time; further ones queue.
   * A publish whose PUBACK was lost with the connection is published again after reconnect, so
   * the receiver may see it twice.
   */
  AT_LEAST_ONCE(1);

  private final int value;

  MqttQos(int value) {
    this.value = value;
  }

  /** The QoS number on the wire. */
  public int value() {
    return value;
  }
}
