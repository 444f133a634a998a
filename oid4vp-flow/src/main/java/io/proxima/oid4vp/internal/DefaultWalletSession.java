package io.proxima.oid4vp.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.proxima.crypto.Draft00Session;
import io.proxima.engagement.Engagement;
import io.proxima.engagement.TransportType;
import io.proxima.error.BufferOverflowException;
import io.proxima.error.DecryptionException;
import io.proxima.error.FrameTooLargeException;
import io.proxima.error.ProtocolViolationException;
import io.proxima.error.SessionTimeoutException;
import io.proxima.error.TransportClosedException;
import io.proxima.error.TransportException;
import io.proxima.message.Frame;
import io.proxima.message.FrameKind;
import io.proxima.message.Role;
import io.proxima.oid4vp.SessionEvent;
import io.proxima.oid4vp.SessionStats;
import io.proxima.oid4vp.WalletOutcome;
import io.proxima.oid4vp.WalletSession;
import io.proxima.oid4vp.WalletState;
import io.proxima.oid4vp.error.NoUsableTransportException;
import io.proxima.oid4vp.error.RequestVerificationException;
import io.proxima.oid4vp.error.SessionCancelledException;
import io.proxima.oid4vp.error.SwitchOverFailedException;
import io.proxima.oid4vp.presentation.PresentationDecision;
import io.proxima.oid4vp.request.VerifiedRequest;
import io.proxima.transport.ConnectionState;
import io.proxima.transport.FrameConnection;
import io.proxima.transport.WalletTransport;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The wallet's state machine, one reactive pipeline per session:
 *
 * <pre>
 *   one Identify (key pair + nonce) for the whole session          -&gt; CONNECTING
 *   for each preferred transport the engagement offers: connect,
 *   send the Identify                                               -&gt; IDENTIFIED
 *   wait for a REQUEST that decrypts (else the next transport)
 *   verify the request object                                       -&gt; REQUEST_RECEIVED
 *   ask the presentation provider, watching the link meanwhile
 *   seal the answer once, send it                                   -&gt; SUBMITTED | REJECTED
 * </pre>
 *
 * If the link dies after the Identify was sent, the session switches over (README): it connects
 * over another offered transport, repeats the same Identify until the verifier resends its
 * (identical) request, and resends an already sealed answer as is. A BLE Disconnect from the
 * verifier ends the session CANCELLED. A request that fails verification is answered with a
 * rejection (best effort) and ends the session FAILED.
 */
public final class DefaultWalletSession extends AbstractSession<WalletState, WalletOutcome> implements WalletSession {

  private static final Logger log = LoggerFactory.getLogger(DefaultWalletSession.class);

  private final WalletRuntime rt;
  private final Engagement engagement;
  private final ObserverSupport observer;
  private final AtomicLong ignoredFrames = new AtomicLong();
  private final AtomicInteger switchOvers = new AtomicInteger();
  private final List<TransportType> used = new CopyOnWriteArrayList<>();
  private final Set<TransportType> lost = ConcurrentHashMap.newKeySet();

  private volatile List<TransportType> candidates = List.of();
  private volatile @Nullable Draft00Session draft;
  private volatile @Nullable Frame identifyFrame;
  private volatile @Nullable FrameConnection current;
  private volatile @Nullable VerifiedRequest request;
  private volatile @Nullable PresentationDecision decision;

  private @Nullable Mono<Attached> pendingSwitch;
  private final Object sealLock = new Object();
  private @Nullable Frame sealedSubmission;
  private @Nullable Frame sealedRejection;

  public DefaultWalletSession(WalletRuntime rt, Engagement engagement) {
    this(rt, engagement, new ObserverSupport(rt.observer()));
  }

  private DefaultWalletSession(WalletRuntime rt, Engagement engagement, ObserverSupport observer) {
    super(engagement.sessionId(), Role.WALLET, WalletState.CREATED, WalletState.CANCELLED, rt.clock(), observer, log);
    this.rt = rt;
    this.engagement = engagement;
    this.observer = observer;
  }

  // ---------------------------------------------------------------- API

  @Override
  public Engagement engagement() {
    return engagement;
  }

  @Override
  public WalletSession start() {
    startOnce();
    return this;
  }

  @Override
  public String toString() {
    return "WalletSession[" + id + ", " + states.current() + "]";
  }

  // ---------------------------------------------------------------- pipeline

  @Override
  Mono<WalletOutcome> steps() {
    return begin()
        .flatMap(this::verify)
        .flatMap(this::consent)
        .flatMap(this::respond);
  }

  @Override
  WalletState stateFor(Throwable error) {
    return Outcomes.walletState(error);
  }

  private Mono<Attached> begin() {
    Draft00Session session = Draft00Session.forWallet(id, engagement.verifierPublicKey(), rt.version());
    resources.add(session);
    draft = session;
    identifyFrame = session.identify().toFrame();
    List<TransportType> offered = engagement.endpoints().stream().map(e -> e.type()).toList();
    candidates = rt.transportsConfig().preference(rt.transports().keySet()).stream().filter(offered::contains).toList();
    if (candidates.isEmpty()) {
      return Mono.error(new NoUsableTransportException(
          "the engagement offers " + offered + ", this wallet uses " + rt.transportsConfig().preference(rt.transports().keySet()), id, null));
    }
    states.moveTo(WalletState.CONNECTING);
    return attachFrom(candidates, null);
  }

  /** A connection on which the verifier answered the Identify, and the request it sent. */
  private record Attached(FrameConnection connection, byte[] requestPlaintext) {}

  /**
   * Tries the candidates in order, each once. If the link dies after the Identify went out, the
   * verifier may have accepted it, so the rest is tried as a switch-over (retries, repeated
   * Identify) instead.
   */
  private Mono<Attached> attachFrom(List<TransportType> remaining, @Nullable Throwable last) {
    if (remaining.isEmpty()) {
      return Mono.error(last != null ? last : new NoUsableTransportException("no transport left", id, null));
    }
    TransportType type = remaining.get(0);
    List<TransportType> rest = remaining.subList(1, remaining.size());
    AtomicBoolean identifySent = new AtomicBoolean();
    return attempt(type, false, identifySent)
        .doOnNext(a -> attachedOver(a.connection()))
        .onErrorResume(this::worthAnotherTransport, e -> {
          lost.add(type);
          transportLost(type, e);
          if (identifySent.get() && e instanceof TransportException && rt.switchOver() && !rest.isEmpty()) {
            return switchOverLoop(type, e);
          }
          return attachFrom(rest, e);
        });
  }

  private boolean worthAnotherTransport(Throwable e) {
    return e instanceof TransportException || e instanceof SessionTimeoutException;
  }

  /**
   * One attempt: connect, send the Identify (repeatedly during a switch-over), wait for a request
   * that decrypts.
   */
  private Mono<Attached> attempt(TransportType type, boolean repeatIdentify, AtomicBoolean identifySent) {
    WalletTransport transport = Objects.requireNonNull(rt.transports().get(type));
    Frame identify = Objects.requireNonNull(identifyFrame);
    Duration connectTimeout = rt.timeouts().connect();
    return Timeouts.within(transport.connect(engagement), connectTimeout, "connecting over " + type, id, rt.scheduler())
        .doOnNext(resources::add)
        .flatMap(connection -> {
          Mono<Attached> answered = awaitRequest(connection).map(plaintext -> new Attached(connection, plaintext));
          Mono<Attached> exchange;
          if (repeatIdentify) {
            Mono<Attached> repeater =
                Flux.interval(Duration.ZERO, rt.timeouts().identifyRepeat(), rt.scheduler())
                    .concatMap(i -> connection.send(identify).doOnSuccess(v -> identifySent.set(true)))
                    .then(Mono.never());
            exchange = Mono.firstWithSignal(answered, repeater);
          } else {
            exchange =
                Timeouts.within(connection.send(identify), connectTimeout, "sending the Identify over " + type, id, rt.scheduler())
                    .doOnSuccess(v -> {
                      identifySent.set(true);
                      states.moveTo(WalletState.IDENTIFIED);
                    })
                    .then(answered);
          }
          return Timeouts.within(exchange, rt.timeouts().request(), "the request", id, rt.scheduler())
              .doOnError(e -> connection.dispose());
        });
  }

  /** The first REQUEST on the connection that decrypts; a BLE Disconnect ends the session. */
  private Mono<byte[]> awaitRequest(FrameConnection connection) {
    TransportType type = connection.transportType();
    return connection.receive()
        .concatMap(frame -> {
          if (frame.kind() == FrameKind.DISCONNECT) {
            return Mono.error(new SessionCancelledException(SessionCancelledException.Initiator.PEER, id));
          }
          if (frame.kind() != FrameKind.REQUEST) {
            ignoreFrame(type, frame.kind(), "not expected from a verifier here");
            return Mono.empty();
          }
          try {
            return Mono.just(Objects.requireNonNull(draft).openFrame(frame));
          } catch (DecryptionException | IllegalStateException e) {
            ignoreFrame(type, frame.kind(), "does not decrypt under the session key");
            return Mono.empty();
          }
        })
        .next()
        .switchIfEmpty(Mono.error(() -> new TransportClosedException(
            "the " + type + " connection closed before the verifier answered", id, null)));
  }

  /**
   * Switch-over: tries the transports not lost yet, again and again (the verifier needs a moment
   * to listen again), until one answers or the switch-over window closes.
   */
  private Mono<Attached> switchOverLoop(TransportType from, Throwable cause) {
    List<TransportType> targets = candidates.stream().filter(t -> !lost.contains(t)).toList();
    if (targets.isEmpty()) {
      return Mono.error(cause);
    }
    Mono<Attached> oneRound =
        Flux.fromIterable(targets)
            .concatMap(t -> attempt(t, true, new AtomicBoolean())
                .onErrorResume(e -> e instanceof TransportException || e instanceof SessionTimeoutException, e -> Mono.empty()))
            .next();
    return oneRound
        .repeatWhenEmpty(repeats -> repeats.delayElements(rt.timeouts().retryInterval(), rt.scheduler()))
        .timeout(rt.timeouts().switchOver(),
            Mono.error(() -> new SwitchOverFailedException(
                "lost " + from + " and the verifier did not answer on " + targets + " within "
                    + rt.timeouts().switchOver().toMillis() + " ms", id, cause)),
            rt.scheduler())
        .doOnNext(a -> {
          switchOvers.incrementAndGet();
          attachedOver(a.connection());
          observer.emit(new SessionEvent.SwitchedOver(id, Role.WALLET, from, a.connection().transportType()));
        });
  }

  /**
   * The switch-over for a connection that died after the request: shared, so that the watcher
   * and the sender wait for the same one, and run independently of who subscribes.
   */
  private synchronized Mono<FrameConnection> reattach(FrameConnection failed, Throwable cause) {
    FrameConnection now = current;
    if (now != null && now != failed && now.currentState() != ConnectionState.CLOSED) {
      return Mono.just(now);
    }
    if (pendingSwitch == null) {
      if (!rt.switchOver()) {
        return Mono.error(cause);
      }
      TransportType from = failed.transportType();
      lost.add(from);
      transportLost(from, cause);
      failed.dispose();
      Mono<Attached> m = switchOverLoop(from, cause).cache();
      pendingSwitch = m;
      resources.add(m.subscribe(a -> {}, e -> {}));
    }
    Mono<Attached> pending = pendingSwitch;
    return pending.map(Attached::connection).doOnNext(c -> clearPending(pending));
  }

  private synchronized void clearPending(Mono<Attached> done) {
    if (pendingSwitch == done) {
      pendingSwitch = null;
    }
  }

  /** Parses and verifies the request; an invalid one is answered with a rejection (best effort). */
  private Mono<VerifiedRequest> verify(Attached attached) {
    return Mono.fromCallable(() -> {
          JsonNode json;
          try {
            json = Json.parse(attached.requestPlaintext());
          } catch (IOException e) {
            throw new RequestVerificationException(RequestVerificationException.Reason.MALFORMED, "the request is not JSON", id);
          }
          if (!json.isTextual()) {
            throw new RequestVerificationException(
                RequestVerificationException.Reason.MALFORMED, "the request must be a JSON string holding the JWS", id);
          }
          VerifiedRequest verified = rt.requestVerifier().verify(json.asText(), rt.version(), rt.clock().instant());
          request = verified;
          return verified;
        })
        .onErrorResume(RequestVerificationException.class,
            e -> rejectQuietly().then(Mono.error(e.sessionId().isPresent() ? e : e.withSession(id))));
  }

  private Mono<Void> rejectQuietly() {
    return Mono.defer(() -> {
      FrameConnection c = current;
      if (c == null || c.currentState() == ConnectionState.CLOSED) {
        return Mono.empty();
      }
      return Timeouts.within(c.send(rejectionFrame(c)), rt.timeouts().submit(), "the rejection", id, rt.scheduler())
          .onErrorResume(e -> Mono.empty());
    });
  }

  /** Asks the provider, while watching the link: a Disconnect cancels, a lost link switches over. */
  private Mono<PresentationDecision> consent(VerifiedRequest verified) {
    states.moveTo(WalletState.REQUEST_RECEIVED);
    Mono<PresentationDecision> decide =
        Timeouts.within(
                Mono.defer(() -> rt.provider().present(verified))
                    .switchIfEmpty(Mono.error(() -> new ProtocolViolationException(
                        "the presentation provider completed without a decision", id))),
                rt.timeouts().consent(), "the user's consent", id, rt.scheduler())
            .doOnNext(d -> decision = d);
    return Mono.firstWithSignal(decide, watch());
  }

  private Mono<PresentationDecision> watch() {
    return Mono.defer(() -> {
      FrameConnection c = Objects.requireNonNull(current);
      return c.receive()
          .concatMap(frame -> {
            if (frame.kind() == FrameKind.DISCONNECT) {
              return Mono.error(new SessionCancelledException(SessionCancelledException.Initiator.PEER, id));
            }
            ignoreFrame(c.transportType(), frame.kind(), "arrived while the user decides");
            return Mono.empty();
          })
          .then(Mono.<PresentationDecision>error(() -> new SessionCancelledException(SessionCancelledException.Initiator.PEER, id)))
          .onErrorResume(this::switchable, e -> reattach(c, e).then(Mono.defer(this::watch)));
    });
  }

  private boolean switchable(Throwable e) {
    return e instanceof TransportException
        && !(e instanceof FrameTooLargeException)
        && !(e instanceof BufferOverflowException)
        && !(e instanceof SwitchOverFailedException)
        && !(e instanceof NoUsableTransportException);
  }

  /** Seals the answer once and sends it, switching over (and resending the same bytes) if the link dies. */
  private Mono<WalletOutcome> respond(PresentationDecision d) {
    return Mono.defer(() -> {
      byte[] submission =
          d instanceof PresentationDecision.Present p ? SubmissionCodec.encode(p, Objects.requireNonNull(request)) : null;
      FrameConnection c = Objects.requireNonNull(current);
      Mono<FrameConnection> link =
          c.currentState() == ConnectionState.CLOSED
              ? reattach(c, new TransportClosedException("the " + c.transportType() + " connection was lost", id, null))
              : Mono.just(c);
      return link.flatMap(connection -> sendAnswer(connection, submission))
          .then(release())
          .then(Mono.fromCallable(() -> finish(submission != null ? WalletState.SUBMITTED : WalletState.REJECTED, null)));
    });
  }

  private Mono<Void> sendAnswer(FrameConnection connection, byte @Nullable [] submission) {
    return Mono.defer(() -> {
          Frame frame = submission != null ? submissionFrame(submission) : rejectionFrame(connection);
          return Timeouts.within(connection.send(frame), rt.timeouts().submit(),
              submission != null ? "delivery of the submission" : "delivery of the rejection", id, rt.scheduler());
        })
        .onErrorResume(this::switchable, e -> reattach(connection, e).flatMap(next -> sendAnswer(next, submission)));
  }

  private Frame submissionFrame(byte[] plaintext) {
    synchronized (sealLock) {
      if (sealedSubmission == null) {
        sealedSubmission = Objects.requireNonNull(draft).sealFrame(FrameKind.SUBMISSION, plaintext);
      }
      return sealedSubmission;
    }
  }

  /** MQTT: the encrypted Unix time, sealed once; BLE: an empty rejection (Content Size 0). */
  private Frame rejectionFrame(FrameConnection connection) {
    if (!connection.capabilities().rejectionCarriesPayload()) {
      return Frame.empty(FrameKind.REJECTION);
    }
    synchronized (sealLock) {
      if (sealedRejection == null) {
        sealedRejection = Objects.requireNonNull(draft).sealFrame(FrameKind.REJECTION, RejectionCodec.encode(rt.clock().instant()));
      }
      return sealedRejection;
    }
  }

  // ---------------------------------------------------------------- endings

  @Override
  Mono<Void> release() {
    return resources.release(rt.timeouts().close(), rt.scheduler());
  }

  @Override
  WalletOutcome finish(WalletState state, @Nullable Throwable cause) {
    states.moveTo(state);
    WalletState terminal = states.current();
    Throwable failure = terminal == WalletState.SUBMITTED || terminal == WalletState.REJECTED ? null : cause;
    FrameConnection c = current;
    WalletOutcome outcome = new WalletOutcome(
        id, terminal, c == null ? null : c.transportType(), request, decision, failure, states.history(),
        new SessionStats(0, ignoredFrames.get(), switchOvers.get(), used));
    if (firstFinish()) {
      outcomeSink.tryEmitValue(outcome);
      if (failure != null) {
        log.debug("[session {}] wallet ended {}: {}", id, terminal, failure.toString());
      }
    }
    return outcome;
  }

  // ---------------------------------------------------------------- helpers

  private void attachedOver(FrameConnection connection) {
    current = connection;
    used.add(connection.transportType());
  }

  private void ignoreFrame(TransportType type, FrameKind kind, String reason) {
    ignoredFrames.incrementAndGet();
    observer.emit(new SessionEvent.FrameIgnored(id, Role.WALLET, type, kind, reason));
  }

  private void transportLost(TransportType type, Throwable cause) {
    observer.emit(new SessionEvent.TransportLost(id, Role.WALLET, type, String.valueOf(cause.getMessage())));
  }
}
