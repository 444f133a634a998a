package io.proxima.ble.gatt;

/**
 * A value the peripheral notified on a characteristic.
 *
 * @param characteristic where
 * @param value the value (at most MTU - 3 bytes; a longer one is truncated by the stack)
 */
public record Notification(Characteristic characteristic, byte[] value) {

  public Notification {
    value = value.clone();
  }

  @Override
  public byte[] value() {
    return value.clone();
  }

  @Override
  public String toString() {
    return "Notification[" + characteristic + ", " + value.length + " bytes]";
  }
}
