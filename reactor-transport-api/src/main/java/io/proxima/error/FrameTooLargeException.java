package io.proxima.error;

import io.proxima.message.SessionId;
import org.jspecify.annotations.Nullable;

/** A frame exceeds what the transport or its configuration allows. Nothing was sent. */
public final class FrameTooLargeException extends TransportException {

  private static final long serialVersionUID = 1L;

  private final long size;
  private final long limit;

  public FrameTooLargeException(long size, long limit, @Nullable SessionId sessionId) {
    super("frame of " + size + " bytes exceeds the limit of " + limit + " bytes", sessionId, null);
    this.size = size;
    this.limit = limit;
  }

  public long size() {
    return size;
  }

  public long limit() {
    return limit;
  }
}
