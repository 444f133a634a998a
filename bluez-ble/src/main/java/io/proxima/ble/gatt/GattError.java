package io.proxima.ble.gatt;

/**
 * Thrown by a {@link GattServerHandler} to answer a read or write with an ATT error; over BlueZ it
 * becomes the D-Bus error {@code org.bluez.Error.<name>}.
 */
public final class GattError extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** The errors a handler may answer with. */
  public enum Code {
    /** The operation is not allowed now or for this central. */
    NOT_PERMITTED("NotPermitted"),
    /** The value has the wrong length. */
    INVALID_VALUE_LENGTH("InvalidValueLength"),
    /** Any other failure. */
    FAILED("Failed");

    private final String bluezName;

    Code(String bluezName) {
      this.bluezName = bluezName;
    }

    /** The suffix of {@code org.bluez.Error.*}. */
    public String bluezName() {
      return bluezName;
    }
  }

  private final Code code;

  public GattError(Code code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public Code code() {
    return code;
  }
}
