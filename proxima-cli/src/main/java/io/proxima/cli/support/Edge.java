package io.proxima.cli.support;

import io.proxima.oid4vp.VerifierTimeouts;
import io.proxima.oid4vp.WalletTimeouts;
import java.time.Duration;
import java.util.stream.Stream;
import reactor.core.publisher.Mono;

/**
 * Where the command line blocks: only here, on the command's own thread, and always with a
 * deadline. The deadlines are derived from the flow's timeouts, which bound every wait of a
 * session, plus a margin, so that they only fire if something is badly wrong.
 */
public final class Edge {

  /** Added to the sum of a session's timeouts. */
  public static final Duration MARGIN = Duration.ofSeconds(30);

  private Edge() {}

  /**
   * Subscribes and waits for the value.
   *
   * @throws EdgeTimeoutException when nothing came within {@code deadline}
   * @throws RuntimeException the error of {@code mono}, as it is
   */
  public static <T> T await(Mono<T> mono, Duration deadline, String what) {
    T value = mono.timeout(deadline, Mono.error(() -> new EdgeTimeoutException(what, deadline))).block();
    if (value == null) {
      throw new IllegalStateException(what + ": completed without a value");
    }
    return value;
  }

  /** Every wait of a verifier session in a row, plus {@link #MARGIN}. */
  public static Duration deadline(VerifierTimeouts t) {
    return sum(t.listen(), t.engagement(), t.accept(), t.requestDelivery(), t.response(), t.validation(), t.switchOver(),
        t.switchOver(), t.close());
  }

  /** Every wait of a wallet session in a row, with two transports, plus {@link #MARGIN}. */
  public static Duration deadline(WalletTimeouts t) {
    return sum(t.connect(), t.connect(), t.request(), t.request(), t.consent(), t.submit(), t.switchOver(), t.close());
  }

  private static Duration sum(Duration... parts) {
    return Stream.of(parts).reduce(MARGIN, Duration::plus);
  }

  /** A session did not end within the edge's deadline (a bug: the flow bounds every wait). */
  public static final class EdgeTimeoutException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    EdgeTimeoutException(String what, Duration deadline) {
      super("no " + what + " within " + deadline.toSeconds() + " s");
    }
  }
}
