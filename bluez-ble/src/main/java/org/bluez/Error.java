package org.bluez;

import org.freedesktop.dbus.exceptions.DBusExecutionException;

/**
 * BlueZ's D-Bus errors as exception types. dbus-java names a D-Bus error after the exception's
 * class (with {@code $} read as {@code .}) and turns a received error back into the class of that
 * name, so these nested classes are {@code org.bluez.Error.Failed} and so on, both ways.
 */
public final class Error {

  private Error() {}

  /** {@code org.bluez.Error.Failed}. */
  public static class Failed extends DBusExecutionException {
    private static final long serialVersionUID = 1L;

    public Failed(String message) {
      super(message);
    }
  }

  /** {@code org.bluez.Error.NotPermitted}. */
  public static class NotPermitted extends DBusExecutionException {
    private static final long serialVersionUID = 1L;

    public NotPermitted(String message) {
      super(message);
    }
  }

  /** {@code org.bluez.Error.InvalidValueLength}. */
  public static class InvalidValueLength extends DBusExecutionException {
    private static final long serialVersionUID = 1L;

    public InvalidValueLength(String message) {
      super(message);
    }
  }

  /** {@code org.bluez.Error.InvalidArguments}. */
  public static class InvalidArguments extends DBusExecutionException {
    private static final long serialVersionUID = 1L;

    public InvalidArguments(String message) {
      super(message);
    }
  }

  /** {@code org.bluez.Error.NotSupported}. */
  public static class NotSupported extends DBusExecutionException {
    private static final long serialVersionUID = 1L;

    public NotSupported(String message) {
      super(message);
    }
  }

  /** {@code org.bluez.Error.AlreadyExists}. */
  public static class AlreadyExists extends DBusExecutionException {
    private static final long serialVersionUID = 1L;

    public AlreadyExists(String message) {
      super(message);
    }
  }

  /** {@code org.bluez.Error.DoesNotExist}. */
  public static class DoesNotExist extends DBusExecutionException {
    private static final long serialVersionUID = 1L;

    public DoesNotExist(String message) {
      super(message);
    }
  }

  /** {@code org.bluez.Error.InProgress}. */
  public static class InProgress extends DBusExecutionException {
    private static final long serialVersionUID = 1L;

    public InProgress(String message) {
      super(message);
    }
  }

  /** {@code org.bluez.Error.NotConnected}. */
  public static class NotConnected extends DBusExecutionException {
    private static final long serialVersionUID = 1L;

    public NotConnected(String message) {
      super(message);
    }
  }

  /** {@code org.bluez.Error.NotReady}. */
  public static class NotReady extends DBusExecutionException {
    private static final long serialVersionUID = 1L;

    public NotReady(String message) {
      super(message);
    }
  }

  /** {@code org.bluez.Error.NotAuthorized}. */
  public static class NotAuthorized extends DBusExecutionException {
    private static final long serialVersionUID = 1L;

    public NotAuthorized(String message) {
      super(message);
    }
  }

  /** {@code org.bluez.Error.InvalidOffset}. */
  public static class InvalidOffset extends DBusExecutionException {
    private static final long serialVersionUID = 1L;

    public InvalidOffset(String message) {
      super(message);
    }
  }
}
