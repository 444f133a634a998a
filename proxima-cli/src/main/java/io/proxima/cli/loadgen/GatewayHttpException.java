package io.proxima.cli.loadgen;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** The gateway answered with an error status; carries the problem document's detail. */
public final class GatewayHttpException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final transient @Nullable Duration retryAfter;

  public GatewayHttpException(int status, String detail, @Nullable Duration retryAfter) {
    super("HTTP " + status + ": " + detail);
    this.status = status;
    this.retryAfter = retryAfter;
  }

  public int status() {
    return status;
  }

  /** The {@code Retry-After} the gateway asked for, if any. */
  public @Nullable Duration retryAfter() {
    return retryAfter;
  }
}
