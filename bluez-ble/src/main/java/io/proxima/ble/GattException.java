package io.proxima.ble;

import io.proxima.error.TransportException;
import io.proxima.message.SessionId;
import org.jspecify.annotations.Nullable;

/**
 * A GATT or BlueZ operation failed: registering the application or the advertisement, discovery,
 * connecting, reading, writing or subscribing. {@link #operation()} names it, {@link
 * #errorName()} carries the D-Bus error name where BlueZ gave one (e.g. {@code
 * org.bluez.Error.Failed}).
 */
public class GattException extends TransportException {

  private static final long serialVersionUID = 1L;

  private final String operation;
  private final @Nullable String errorName;

  public GattException(String operation, String problem, @Nullable String errorName, @Nullable SessionId sessionId, @Nullable Throwable cause) {
    super(operation + " failed: " + problem + (errorName == null ? "" : " (" + errorName + ")"), sessionId, cause);
    this.operation = operation;
    this.errorName = errorName;
  }

  /** The operation that failed, e.g. {@code RegisterApplication} or {@code write Content Size}. */
  public String operation() {
    return operation;
  }

  /** The D-Bus error name, when the failure came from D-Bus. */
  public @Nullable String errorName() {
    return errorName;
  }
}
