package io.proxima.cli.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.proxima.oid4vp.VerifierSession;
import io.proxima.oid4vp.VerifierState;
import io.proxima.oid4vp.WalletSession;
import io.proxima.oid4vp.WalletState;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import reactor.core.publisher.Flux;

/** Waiting in tests, always bounded. */
public final class Sessions {

  public static final Duration WAIT = Duration.ofSeconds(15);

  private Sessions() {}

  public static void awaitState(WalletSession session, WalletState state, Duration timeout) {
    session.states().filter(c -> c.state() == state).blockFirst(timeout);
    assertThat(session.currentState()).isEqualTo(state);
  }

  public static void awaitState(VerifierSession session, VerifierState state, Duration timeout) {
    session.states().filter(c -> c.state() == state).blockFirst(timeout);
    assertThat(session.currentState()).isEqualTo(state);
  }

  /** Polls {@code condition} every 10 ms until it holds; fails naming {@code what} after {@link #WAIT}. */
  public static void eventually(String what, BooleanSupplier condition) {
    Boolean held = Flux.interval(Duration.ofMillis(10))
        .map(i -> condition.getAsBoolean())
        .filter(ok -> ok)
        .next()
        .timeout(WAIT)
        .onErrorReturn(false)
        .block();
    assertThat(held).as(what).isTrue();
  }
}
