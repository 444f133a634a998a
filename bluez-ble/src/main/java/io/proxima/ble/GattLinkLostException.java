package io.proxima.ble;

import io.proxima.error.TransportException;
import io.proxima.message.SessionId;
import org.jspecify.annotations.Nullable;

/**
 * The BLE link went away: the peer disconnected, moved out of range, or BlueZ dropped the GATT
 * application. Subclass of {@link io.proxima.error.TransportException}; a connection's {@code
 * receive()} errors with {@link io.proxima.error.TransportClosedException} whose cause is this.
 */
public final class GattLinkLostException extends TransportException {

  private static final long serialVersionUID = 1L;

  public GattLinkLostException(String message, @Nullable SessionId sessionId) {
    super(message, sessionId, null);
  }
}
