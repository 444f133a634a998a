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
    NOT_PERMITTED("NotPermitted", "NotPermitted"),
    /** The value has the wrong length. */
    INVALID_VALUE_LENGTH("InvalidValueLength", "InvalidArguments"),
    /** Any other failure. */
    FAILED("Failed", "Failed");

    private final String bluezName;
    private final String centralName;

    Code(String bluezName, String centralName) {
      this.bluezName = bluezName;
      this.centralName = centralName;
    }

    /** The suffix of the {@code org.bluez.Error.*} the application answers bluetoothd with. */
    public String bluezName() {
      return bluezName;
    }

    /**
     * The suffix of the {@code org.bluez.Error.*} a BlueZ central reports for it: bluetoothd turns
     * the application's error into an ATT error and the central's bluetoothd turns that back into
     * a D-Bus error ({@code InvalidValueLength} arrives as {@code InvalidArguments}).
     */
    public String centralName() {
      return centralName;
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
