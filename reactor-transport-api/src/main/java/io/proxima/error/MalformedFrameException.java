package io.proxima.error;

import io.proxima.message.SessionId;
import org.jspecify.annotations.Nullable;

/** A frame received from the peer does not have the layout its kind requires. */
public final class MalformedFrameException extends MalformedInputException {

  private static final long serialVersionUID = 1L;

  public MalformedFrameException(String field, String problem, @Nullable SessionId sessionId) {
    super(field, problem, sessionId);
  }

  public MalformedFrameException(
      String field, String problem, @Nullable SessionId sessionId, @Nullable Throwable cause) {
    super(field, problem, sessionId, cause);
  }
}
