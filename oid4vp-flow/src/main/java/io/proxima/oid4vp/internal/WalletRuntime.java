package io.proxima.oid4vp.internal;

import io.proxima.engagement.TransportType;
import io.proxima.message.IdentifyVersion;
import io.proxima.oid4vp.SessionObserver;
import io.proxima.oid4vp.TransportsConfig;
import io.proxima.oid4vp.WalletTimeouts;
import io.proxima.oid4vp.presentation.PresentationProvider;
import io.proxima.oid4vp.request.RequestVerifier;
import io.proxima.transport.WalletTransport;
import java.time.Clock;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/** The configuration every session of one {@link io.proxima.oid4vp.Wallet} shares. */
public record WalletRuntime(
    Map<TransportType, WalletTransport> transports,
    TransportsConfig transportsConfig,
    PresentationProvider provider,
    RequestVerifier requestVerifier,
    IdentifyVersion version,
    WalletTimeouts timeouts,
    SessionObserver observer,
    @Nullable Scheduler configuredScheduler,
    Clock clock,
    boolean switchOver) {

  public Scheduler scheduler() {
    return configuredScheduler != null ? configuredScheduler : Schedulers.parallel();
  }
}
