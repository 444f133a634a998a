package io.proxima.mqtt.internal;

/**
 * Internal signal: the link an operation was using went away before the operation finished. The
 * operation is retried on the next link (within its own timeout); this never reaches callers.
 */
final class LinkLost extends RuntimeException {

  private static final long serialVersionUID = 1L;

  static final LinkLost INSTANCE = new LinkLost();

  private LinkLost() {
    super("MQTT link lost", null, false, false);
  }

  static boolean is(Throwable t) {
    return t instanceof LinkLost;
  }
}
