package io.proxima.ble.gatt;

/**
 * What the peripheral's service does when centrals call it. Calls for one service arrive one at
 * a time, in the order the stack received them, and must return quickly without blocking (no
 * I/O): they run on the GATT backend's dispatch thread.
 */
public interface GattServerHandler {

  /**
   * A central reads a characteristic: returns the value.
   *
   * @throws GattError to answer with an ATT error
   */
  byte[] onRead(GattPeer peer, Characteristic characteristic);

  /**
   * A central wrote a characteristic.
   *
   * @throws GattError to answer with an ATT error (only a write with response sees it)
   */
  void onWrite(GattPeer peer, Characteristic characteristic, byte[] value, WriteType type);

  /** A central disconnected. */
  void onDisconnected(String device);

  /**
   * The service is gone: the stack unregistered the application or the advertisement, or the
   * adapter or the bus went away. Nothing more arrives.
   */
  void onServiceLost(String reason);
}
