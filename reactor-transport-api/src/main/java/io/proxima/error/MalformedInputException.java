package io.proxima.error;

import io.proxima.message.SessionId;
import org.jspecify.annotations.Nullable;

/** Input from outside (a URI, a frame, a message) is not well formed. Names the offending field. */
public class MalformedInputException extends ProximaException {

  private static final long serialVersionUID = 1L;

  private final String field;

  public MalformedInputException(String field, String problem, @Nullable SessionId sessionId) {
    this(field, problem, sessionId, null);
  }

  public MalformedInputException(
      String field, String problem, @Nullable SessionId sessionId, @Nullable Throwable cause) {
    super(field + ": " + problem, sessionId, cause);
    this.field = field;
  }

  /** The name of the field that was wrong, e.g. {@code key} or {@code identify.length}. */
  public String field() {
    return field;
  }
}
