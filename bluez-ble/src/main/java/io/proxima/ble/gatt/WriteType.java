package io.proxima.ble.gatt;

/** How a central writes a characteristic. */
public enum WriteType {
  /** ATT Write Request: the peripheral confirms (BlueZ {@code type=request}). */
  WITH_RESPONSE,
  /** ATT Write Command: unconfirmed, may be lost (BlueZ {@code type=command}). */
  WITHOUT_RESPONSE
}
