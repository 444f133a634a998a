package io.proxima.engagement;

/** The transports an engagement can offer, named as in the peer's configuration (PROTOCOL.md §6). */
public enum TransportType {
  /** Through an MQTT broker (PROTOCOL.md §4). */
  MQTT,
  /** Directly over Bluetooth Low Energy GATT (PROTOCOL.md §5). */
  BLE
}
