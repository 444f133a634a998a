package io.proxima.oid4vp.internal;

import io.proxima.engagement.TransportType;
import io.proxima.oid4vp.SessionObserver;
import io.proxima.oid4vp.TransportsConfig;
import io.proxima.oid4vp.VerifierTimeouts;
import io.proxima.oid4vp.request.RequestSigner;
import io.proxima.oid4vp.validation.PresentationValidator;
import io.proxima.transport.VerifierTransport;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/** The configuration every session of one {@link io.proxima.oid4vp.Verifier} shares. */
public record VerifierRuntime(
    Map<TransportType, VerifierTransport> transports,
    TransportsConfig transportsConfig,
    RequestSigner signer,
    PresentationValidator validator,
    VerifierTimeouts timeouts,
    SessionObserver observer,
    @Nullable Scheduler configuredScheduler,
    Clock clock,
    String scheme,
    Duration requestLifetime,
    Duration rejectionMaxAge,
    Duration rejectionMaxFuture,
    boolean switchOver) {

  /** The timer scheduler: the configured one, else {@link Schedulers#parallel()} looked up now (so virtual time works). */
  public Scheduler scheduler() {
    return configuredScheduler != null ? configuredScheduler : Schedulers.parallel();
  }
}
