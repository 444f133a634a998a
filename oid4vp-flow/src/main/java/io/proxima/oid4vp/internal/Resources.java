package io.proxima.oid4vp.internal;

import io.proxima.crypto.Draft00Session;
import io.proxima.crypto.X25519KeyPair;
import io.proxima.transport.FrameConnection;
import io.proxima.transport.SessionListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Everything one session holds: listeners, connections, the draft00 session keys, the ephemeral
 * key pair, background subscriptions. {@link #release} closes all of it once: connections and
 * listeners first (MQTT unsubscribes, a BLE verifier notifies Disconnect), then keys are wiped.
 * Anything added after release is closed at once, so a connection that races with the end of the
 * session cannot leak.
 */
public final class Resources {

  private static final Logger log = LoggerFactory.getLogger(Resources.class);

  private final List<Object> held = new ArrayList<>();
  private boolean released;
  private Mono<Void> release = Mono.empty();

  /** Takes ownership of a resource (a listener, connection, draft00 session, key pair or Disposable). */
  public void add(Object resource) {
    synchronized (this) {
      if (!released) {
        held.add(resource);
        return;
      }
    }
    close(resource).subscribe(null, e -> log.debug("error closing a late resource: {}", e.toString()));
  }

  /**
   * Closes everything, once, when subscribed (assembling the Mono does nothing); later calls
   * return the same result. Completes when released or after {@code timeout}, never with an error.
   */
  public Mono<Void> release(Duration timeout, Scheduler scheduler) {
    return Mono.defer(() -> releaseOnce(timeout, scheduler));
  }

  private synchronized Mono<Void> releaseOnce(Duration timeout, Scheduler scheduler) {
    if (!released) {
      released = true;
      List<Object> snapshot = List.copyOf(held);
      held.clear();
      release =
          Flux.fromIterable(snapshot)
              .filter(r -> r instanceof FrameConnection || r instanceof SessionListener)
              .flatMap(r -> close(r).onErrorResume(e -> Mono.empty()))
              .then()
              .timeout(timeout, Mono.empty(), scheduler)
              .then(Flux.fromIterable(snapshot)
                  .filter(r -> !(r instanceof FrameConnection) && !(r instanceof SessionListener))
                  .flatMap(r -> close(r).onErrorResume(e -> Mono.empty()))
                  .then())
              .onErrorResume(e -> {
                log.debug("error while releasing session resources: {}", e.toString());
                return Mono.empty();
              })
              .cache();
    }
    return release;
  }

  private static Mono<Void> close(Object resource) {
    if (resource instanceof FrameConnection c) {
      return c.close();
    }
    if (resource instanceof SessionListener l) {
      return l.close();
    }
    if (resource instanceof Draft00Session d) {
      return Mono.fromRunnable(d::close);
    }
    if (resource instanceof X25519KeyPair k) {
      return Mono.fromRunnable(k::destroy);
    }
    if (resource instanceof Disposable d) {
      return Mono.fromRunnable(d::dispose);
    }
    return Mono.empty();
  }
}
