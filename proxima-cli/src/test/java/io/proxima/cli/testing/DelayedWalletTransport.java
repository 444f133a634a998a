package io.proxima.cli.testing;

import io.proxima.engagement.Engagement;
import io.proxima.engagement.TransportType;
import io.proxima.transport.FrameConnection;
import io.proxima.transport.WalletTransport;
import java.time.Duration;
import reactor.core.publisher.Mono;

/** A wallet transport whose connect starts late: the slower side of a race. */
public final class DelayedWalletTransport implements WalletTransport {

  private final WalletTransport delegate;
  private final Duration delay;

  public DelayedWalletTransport(WalletTransport delegate, Duration delay) {
    this.delegate = delegate;
    this.delay = delay;
  }

  @Override
  public TransportType type() {
    return delegate.type();
  }

  @Override
  public Mono<FrameConnection> connect(Engagement engagement) {
    return Mono.delay(delay).then(delegate.connect(engagement));
  }
}
