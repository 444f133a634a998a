package io.proxima.error;

import io.proxima.message.SessionId;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** A wait of the session ran out of time. {@link #awaited()} says what was being waited for. */
public final class SessionTimeoutException extends ProximaException {

  private static final long serialVersionUID = 1L;

  private final String awaited;
  private final Duration timeout;

  public SessionTimeoutException(String awaited, Duration timeout, @Nullable SessionId sessionId) {
    super("timed out after " + timeout.toMillis() + " ms waiting for " + awaited, sessionId, null);
    this.awaited = awaited;
    this.timeout = timeout;
  }

  /** What the session was waiting for, e.g. {@code identify} or {@code broker CONNACK}. */
  public String awaited() {
    return awaited;
  }

  public Duration timeout() {
    return timeout;
  }
}
