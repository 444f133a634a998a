package io.proxima.oid4vp.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.proxima.crypto.Draft00Session;
import io.proxima.crypto.X25519KeyPair;
import io.proxima.engagement.Engagement;
import io.proxima.engagement.EngagementEndpoint;
import io.proxima.engagement.TransportType;
import io.proxima.error.BufferOverflowException;
import io.proxima.error.DecryptionException;
import io.proxima.error.FrameTooLargeException;
import io.proxima.error.KeyAgreementException;
import io.proxima.error.MalformedFrameException;
import io.proxima.error.ProximaException;
import io.proxima.error.SessionTimeoutException;
import io.proxima.error.TransportClosedException;
import io.proxima.error.TransportException;
import io.proxima.message.Frame;
import io.proxima.message.FrameKind;
import io.proxima.message.Identify;
import io.proxima.message.IdentifyVersion;
import io.proxima.message.Role;
import io.proxima.message.SessionId;
import io.proxima.oid4vp.PresentationQuery;
import io.proxima.oid4vp.SessionEvent;
import io.proxima.oid4vp.SessionStats;
import io.proxima.oid4vp.Submission;
import io.proxima.oid4vp.VerifierOutcome;
import io.proxima.oid4vp.VerifierSession;
import io.proxima.oid4vp.VerifierState;
import io.proxima.oid4vp.dcql.CredentialQuery;
import io.proxima.oid4vp.dcql.DcqlQuery;
import io.proxima.oid4vp.dcql.PresentationDefinitions;
import io.proxima.oid4vp.error.NoUsableTransportException;
import io.proxima.oid4vp.error.PresentationValidationException;
import io.proxima.oid4vp.error.SwitchOverFailedException;
import io.proxima.oid4vp.validation.PresentationContext;
import io.proxima.oid4vp.validation.ValidationOutcome;
import io.proxima.transport.FrameConnection;
import io.proxima.transport.InboundIdentify;
import io.proxima.transport.SessionListener;
import io.proxima.transport.VerifierTransport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The verifier's state machine, one reactive pipeline per session:
 *
 * <pre>
 *   listen on every offered transport (in parallel)            -&gt; ENGAGED
 *   merge their Identify attempts; the first that decodes and
 *   agrees a key is accepted, the other listeners are closed     -&gt; CONNECTED
 *   sign, seal (once) and send the request                       -&gt; REQUESTED
 *   first SUBMISSION/REJECTION that decrypts                     -&gt; release transports, validate
 *                                                                -&gt; ACCEPTED | REJECTED
 * </pre>
 *
 * Invalid Identify attempts and frames that do not decrypt are ignored and counted. If the
 * chosen connection fails in CONNECTED or REQUESTED, the session switches over (README): it
 * listens again at the endpoints of the other offered transports, accepts only the
 * byte-identical Identify, and resends the cached request ciphertext. Cancellation races the
 * whole pipeline; every outcome releases all resources before it is emitted.
 */
public final class DefaultVerifierSession extends AbstractSession<VerifierState, VerifierOutcome> implements VerifierSession {

  private static final Logger log = LoggerFactory.getLogger(DefaultVerifierSession.class);
  private static final int NONCE_LENGTH = 32;

  private final VerifierRuntime rt;
  private final PresentationQuery query;
  private final List<TransportType> offer;
  private final ObserverSupport observer;
  private final Sinks.One<Engagement> engagementSink = Sinks.one();
  private final AtomicLong ignoredIdentifies = new AtomicLong();
  private final AtomicLong ignoredFrames = new AtomicLong();
  private final AtomicInteger switchOvers = new AtomicInteger();
  private final List<TransportType> used = new CopyOnWriteArrayList<>();
  private final Set<TransportType> lost = ConcurrentHashMap.newKeySet();
  private final AtomicReference<@Nullable Throwable> lastLoss = new AtomicReference<>();

  private volatile @Nullable X25519KeyPair keys;
  private volatile Map<TransportType, EngagementEndpoint> endpoints = Map.of();
  private volatile @Nullable Draft00Session draft;
  private volatile byte @Nullable [] identifyBytes;
  private volatile @Nullable IdentifyVersion version;
  private volatile @Nullable TransportType current;
  private volatile @Nullable Submission submission;
  private volatile @Nullable ValidationOutcome validation;

  private final Object requestLock = new Object();
  private @Nullable Frame requestFrame;
  private @Nullable String nonce;
  private @Nullable JsonNode sentDefinition;

  public DefaultVerifierSession(VerifierRuntime rt, PresentationQuery query, List<TransportType> offer) {
    this(rt, query, offer, new ObserverSupport(rt.observer()));
  }

  private DefaultVerifierSession(VerifierRuntime rt, PresentationQuery query, List<TransportType> offer, ObserverSupport observer) {
    super(SessionId.random(), Role.VERIFIER, VerifierState.CREATED, VerifierState.CANCELLED, rt.clock(), observer, log);
    this.rt = rt;
    this.query = query;
    this.offer = List.copyOf(offer);
    this.observer = observer;
  }

  // ---------------------------------------------------------------- API

  @Override
  public VerifierSession start() {
    startOnce();
    return this;
  }

  @Override
  public Mono<Engagement> engagement() {
    return Mono.defer(() -> {
      startOnce();
      return engagementSink.asMono();
    });
  }

  @Override
  public String toString() {
    return "VerifierSession[" + id + ", " + states.current() + "]";
  }

  // ---------------------------------------------------------------- pipeline

  @Override
  Mono<VerifierOutcome> steps() {
    return listen()
        .flatMap(this::race)
        .flatMap(this::serve)
        .flatMap(this::conclude);
  }

  @Override
  VerifierState stateFor(Throwable error) {
    return Outcomes.verifierState(error);
  }

  /** Listens on every offered transport; emits the listeners that are ready, in preference order. */
  private Mono<List<SessionListener>> listen() {
    if (offer.isEmpty()) {
      return Mono.error(new NoUsableTransportException("no enabled transport to offer", id, null));
    }
    X25519KeyPair pair = X25519KeyPair.generate();
    keys = pair;
    resources.add(pair);
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    // Concurrency and prefetch sized to the few transports: the defaults (256, 32) allocate queues
    // that a pending session keeps (issue 6, heap per pending session).
    return Flux.fromIterable(offer)
        .flatMapSequential(
            type -> Timeouts.within(transport(type).listen(id), rt.timeouts().listen(), "listening on " + type, id, rt.scheduler())
                .doOnNext(resources::add)
                .onErrorResume(e -> {
                  failures.add(e);
                  transportLost(type, e);
                  return Mono.empty();
                }),
            offer.size(),
            1)
        .collectList()
        .flatMap(listeners -> {
          if (listeners.isEmpty()) {
            return Mono.error(setupFailure(failures));
          }
          Engagement.Builder b = Engagement.builder().scheme(rt.scheme()).key(pair.publicKey());
          Map<TransportType, EngagementEndpoint> eps = new EnumMap<>(TransportType.class);
          for (SessionListener l : listeners) {
            b.endpoint(l.endpoint());
            eps.put(l.transportType(), l.endpoint());
          }
          Engagement engagement = b.build();
          endpoints = eps;
          states.moveTo(VerifierState.ENGAGED);
          engagementSink.tryEmitValue(engagement);
          return Mono.just(listeners);
        });
  }

  private Throwable setupFailure(List<Throwable> failures) {
    if (failures.size() == 1) {
      return failures.get(0);
    }
    NoUsableTransportException e =
        new NoUsableTransportException("no transport could listen", id, failures.isEmpty() ? null : failures.get(0));
    failures.stream().skip(1).forEach(e::addSuppressed);
    return e;
  }

  /** The race: the first valid Identify on any listener wins; the other listeners are closed. */
  private Mono<FrameConnection> race(List<SessionListener> listeners) {
    return awaitIdentify(listeners, this::acceptFirst, "a valid Identify", rt.timeouts().engagement())
        .map(winner -> {
          draft = winner.draft();
          Identify identify = winner.identify();
          identifyBytes = identify.encode();
          version = identify.version();
          connectedOver(winner.connection().transportType());
          states.moveTo(VerifierState.CONNECTED);
          return winner.connection();
        });
  }

  private record Winner(SessionListener listener, FrameConnection connection, Draft00Session draft, Identify identify) {}

  private Mono<Winner> acceptFirst(InboundIdentify attempt) {
    return Mono.defer(() -> {
      Identify identify;
      Draft00Session session;
      try {
        identify = Identify.decode(attempt.frame(), id);
        session = Draft00Session.forVerifier(id, Objects.requireNonNull(keys), identify);
      } catch (MalformedFrameException e) {
        ignoreIdentify(attempt, e.field() + " invalid");
        return Mono.empty();
      } catch (KeyAgreementException e) {
        ignoreIdentify(attempt, "low-order or invalid public key");
        return Mono.empty();
      }
      // Owned by the session from now on, so that it is wiped whatever happens next.
      resources.add(session);
      return accept(attempt)
          .map(c -> new Winner(attempt.listener(), c, session, identify))
          .switchIfEmpty(Mono.fromRunnable(session::close));
    });
  }

  private Mono<FrameConnection> accept(InboundIdentify attempt) {
    return Timeouts.within(attempt.accept(), rt.timeouts().accept(), "accepting the Identify", id, rt.scheduler())
        .doOnNext(resources::add)
        .onErrorResume(e -> {
          ignoreIdentify(attempt, "accept failed: " + e.getClass().getSimpleName());
          return Mono.empty();
        });
  }

  /**
   * Merges the Identify attempts of the listeners and applies {@code acceptor} to each in turn
   * until one yields a value. A listener that fails is dropped (the others go on). Then closes
   * the other listeners.
   */
  private <T> Mono<T> awaitIdentify(
      List<SessionListener> listeners, Function<InboundIdentify, Mono<T>> acceptor, String awaited, Duration timeout) {
    List<Flux<InboundIdentify>> sources = new ArrayList<>();
    for (SessionListener l : listeners) {
      sources.add(l.identifies().onErrorResume(e -> {
        transportLost(l.transportType(), e);
        return Flux.empty();
      }));
    }
    AtomicReference<@Nullable SessionListener> winner = new AtomicReference<>();
    AtomicBoolean closed = new AtomicBoolean();
    return Timeouts.within(
            // No prefetch: attempts wait in the listeners' own bounded buffers, and a waiting session
            // keeps no queue here (issue 6, heap per pending session).
            Flux.merge(Flux.fromIterable(sources), sources.size(), 1)
                .concatMap(attempt -> acceptor.apply(attempt).doOnNext(x -> winner.set(attempt.listener())), 0)
                .next()
                .switchIfEmpty(Mono.error(() -> new NoUsableTransportException(
                    "every transport stopped listening before " + awaited, id, lastLoss.get()))),
            timeout, awaited, id, rt.scheduler())
        // The losers are closed before the winner goes on (and on any other end): the request is
        // sent only after the other transports stopped listening.
        .doOnNext(x -> closeLosers(listeners, winner.get(), closed))
        .doFinally(s -> closeLosers(listeners, winner.get(), closed));
  }

  private static void closeLosers(List<SessionListener> listeners, @Nullable SessionListener winner, AtomicBoolean closed) {
    if (closed.compareAndSet(false, true)) {
      for (SessionListener l : listeners) {
        if (l != winner) {
          l.close().subscribe(null, e -> {});
        }
      }
    }
  }

  /** Sends the request on {@code connection} and waits for the answer; switches over on link loss. */
  private Mono<Response> serve(FrameConnection connection) {
    return Mono.defer(() -> sendRequest(connection))
        .then(Mono.defer(() -> awaitResponse(connection)))
        .onErrorResume(this::switchable, e -> switchOver(connection, e).flatMap(this::serve));
  }

  private Mono<Void> sendRequest(FrameConnection connection) {
    Frame frame = requestFrame();
    return Timeouts.within(connection.send(frame), rt.timeouts().requestDelivery(), "delivery of the request", id, rt.scheduler())
        .then(Mono.fromRunnable(() -> states.moveTo(VerifierState.REQUESTED)));
  }

  /** Builds, signs and seals the request once; later calls (switch-over) return the same ciphertext. */
  private Frame requestFrame() {
    synchronized (requestLock) {
      if (requestFrame == null) {
        IdentifyVersion v = Objects.requireNonNull(version);
        String n = Nonces.alphanumeric(NONCE_LENGTH);
        JsonNode definition = query.presentationDefinition();
        if (definition == null) {
          definition = PresentationDefinitions.fromDcql(query.dcql(), id.toString());
        }
        String jwt = rt.signer().sign(
            RequestObjects.claims(v, rt.signer().did(), n, query.dcql(), definition, rt.clock().instant(), rt.requestLifetime()), id);
        byte[] plaintext = Json.bytes(TextNode.valueOf(jwt));
        requestFrame = Objects.requireNonNull(draft).sealFrame(FrameKind.REQUEST, plaintext);
        nonce = n;
        sentDefinition = v == IdentifyVersion.V1 ? definition : null;
      }
      return requestFrame;
    }
  }

  private record Response(FrameKind kind, byte @Nullable [] plaintext, TransportType transport) {}

  private Mono<Response> awaitResponse(FrameConnection connection) {
    return Timeouts.within(
        connection.receive()
            .concatMap(frame -> classify(connection, frame))
            .next()
            .switchIfEmpty(Mono.error(() -> new TransportClosedException(
                "the " + connection.transportType() + " connection closed before the wallet answered", id, null))),
        rt.timeouts().response(), "the wallet's response", id, rt.scheduler());
  }

  private Mono<Response> classify(FrameConnection connection, Frame frame) {
    TransportType type = connection.transportType();
    if (frame.kind() == FrameKind.REJECTION && !connection.capabilities().rejectionCarriesPayload()) {
      // BLE: Content Size 0 on the bound link is the rejection; there is nothing to decrypt.
      return Mono.just(new Response(FrameKind.REJECTION, null, type));
    }
    if (frame.kind() != FrameKind.SUBMISSION && frame.kind() != FrameKind.REJECTION) {
      ignoreFrame(type, frame.kind(), "not expected from a wallet here");
      return Mono.empty();
    }
    try {
      byte[] plaintext = Objects.requireNonNull(draft).openFrame(frame);
      return Mono.just(new Response(frame.kind(), plaintext, type));
    } catch (DecryptionException | IllegalStateException e) {
      ignoreFrame(type, frame.kind(), "does not decrypt under the session key");
      return Mono.empty();
    }
  }

  private boolean switchable(Throwable e) {
    return rt.switchOver()
        && e instanceof TransportException
        && !(e instanceof FrameTooLargeException)
        && !(e instanceof BufferOverflowException)
        && !(e instanceof NoUsableTransportException)
        && !(e instanceof SwitchOverFailedException);
  }

  /**
   * The chosen connection failed: listen again at the endpoints handed out for the other offered
   * transports and accept only the Identify already accepted, byte for byte.
   */
  private Mono<FrameConnection> switchOver(FrameConnection failed, Throwable cause) {
    return Mono.defer(() -> {
      TransportType from = failed.transportType();
      lost.add(from);
      transportLost(from, cause);
      failed.dispose();
      List<TransportType> targets = offer.stream().filter(t -> endpoints.containsKey(t) && !lost.contains(t)).toList();
      if (targets.isEmpty()) {
        return Mono.error(cause);
      }
      byte[] expected = Objects.requireNonNull(identifyBytes);
      return Flux.fromIterable(targets)
          .flatMapSequential(
              type -> Timeouts.within(
                      transport(type).listen(id, endpoints.get(type)), rt.timeouts().listen(), "listening again on " + type, id, rt.scheduler())
                  .doOnNext(resources::add)
                  .onErrorResume(e -> {
                    transportLost(type, e);
                    return Mono.empty();
                  }))
          .collectList()
          .flatMap(listeners -> listeners.isEmpty()
              ? Mono.error(new SwitchOverFailedException("no other offered transport could listen again after " + from + " was lost", id, cause))
              : awaitIdentify(listeners, attempt -> acceptSame(attempt, expected), "the same Identify on another transport",
                  rt.timeouts().switchOver()))
          .onErrorMap(e -> e instanceof SessionTimeoutException || e instanceof NoUsableTransportException,
              e -> new SwitchOverFailedException(
                  "lost " + from + " and the wallet did not come back on " + targets + " (" + e.getMessage() + ")", id, cause))
          .map(connection -> {
            switchOvers.incrementAndGet();
            connectedOver(connection.transportType());
            observer.emit(new SessionEvent.SwitchedOver(id, Role.VERIFIER, from, connection.transportType()));
            return connection;
          });
    });
  }

  private Mono<FrameConnection> acceptSame(InboundIdentify attempt, byte[] expected) {
    if (!Arrays.equals(attempt.frame().payload(), expected)) {
      ignoreIdentify(attempt, "not the Identify of this session");
      return Mono.empty();
    }
    return accept(attempt);
  }

  /** The wallet answered: release the transports, then check the rejection or validate the submission. */
  private Mono<VerifierOutcome> conclude(Response response) {
    return Mono.defer(() -> {
      if (response.kind() == FrameKind.REJECTION) {
        byte[] plaintext = response.plaintext();
        if (plaintext != null) {
          RejectionCodec.check(plaintext, rt.clock().instant(), rt.rejectionMaxAge(), rt.rejectionMaxFuture(), id);
        }
        return release().then(Mono.fromCallable(() -> finish(VerifierState.REJECTED, null)));
      }
      IdentifyVersion v = Objects.requireNonNull(version);
      SubmissionCodec.Decoded decoded = SubmissionCodec.decode(Objects.requireNonNull(response.plaintext()), v, id);
      submission = decoded.submission();
      PresentationContext context = context(decoded, response.transport());
      Mono<ValidationOutcome> validate =
          Mono.defer(() -> rt.validator().validate(context))
              .switchIfEmpty(Mono.error(() -> new PresentationValidationException("the validator completed without an outcome", id, null)))
              .onErrorMap(e -> !(e instanceof ProximaException),
                  e -> new PresentationValidationException("the validator failed: " + e.getClass().getSimpleName(), id, e));
      return release()
          .then(Timeouts.within(validate, rt.timeouts().validation(), "presentation validation", id, rt.scheduler()))
          .map(outcome -> {
            validation = outcome;
            return finish(VerifierState.ACCEPTED, null);
          });
    });
  }

  private PresentationContext context(SubmissionCodec.Decoded decoded, TransportType transport) {
    IdentifyVersion v = Objects.requireNonNull(version);
    String n;
    JsonNode definition;
    synchronized (requestLock) {
      n = Objects.requireNonNull(nonce);
      definition = sentDefinition;
    }
    // In V1 the DCQL query still applies when the definition was derived from it (same ids).
    DcqlQuery dcql = v == IdentifyVersion.V2 || query.presentationDefinition() == null ? query.dcql() : null;
    Map<String, String> formats = new LinkedHashMap<>();
    if (dcql != null) {
      for (CredentialQuery cq : dcql.credentials()) {
        formats.put(cq.id(), cq.format());
      }
    }
    if (definition != null) {
      formats.putAll(PresentationDefinitions.descriptorFormats(definition));
    }
    formats.putAll(decoded.descriptorFormats());
    Submission s = decoded.submission();
    return new PresentationContext(
        id, transport, v, RequestObjects.clientId(v, rt.signer().did()), n, rt.signer().did(),
        dcql, definition, s.vpToken(), formats, s.presentationSubmission());
  }

  // ---------------------------------------------------------------- endings

  @Override
  Mono<Void> release() {
    return resources.release(rt.timeouts().close(), rt.scheduler());
  }

  /** Enters the terminal state and emits the outcome; once. */
  @Override
  VerifierOutcome finish(VerifierState state, @Nullable Throwable cause) {
    states.moveTo(state);
    VerifierState terminal = states.current();
    Throwable failure = terminal == VerifierState.ACCEPTED || terminal == VerifierState.REJECTED ? null : cause;
    VerifierOutcome outcome = new VerifierOutcome(
        id, terminal, current, version, terminal == VerifierState.ACCEPTED ? submission : null,
        terminal == VerifierState.ACCEPTED ? validation : null, failure, states.history(), stats());
    if (firstFinish()) {
      engagementSink.tryEmitError(failure != null ? failure : new IllegalStateException("session ended before it was engaged"));
      outcomeSink.tryEmitValue(outcome);
      if (failure != null) {
        log.debug("[session {}] ended {}: {}", id, terminal, failure.toString());
      }
    }
    return outcome;
  }

  private SessionStats stats() {
    return new SessionStats(ignoredIdentifies.get(), ignoredFrames.get(), switchOvers.get(), used);
  }

  // ---------------------------------------------------------------- helpers

  private VerifierTransport transport(TransportType type) {
    VerifierTransport t = rt.transports().get(type);
    if (t == null) {
      throw new IllegalStateException("no " + type + " transport configured");
    }
    return t;
  }

  private void connectedOver(TransportType type) {
    current = type;
    used.add(type);
  }

  private void ignoreIdentify(InboundIdentify attempt, String reason) {
    ignoredIdentifies.incrementAndGet();
    observer.emit(new SessionEvent.IdentifyIgnored(id, Role.VERIFIER, attempt.transportType(), attempt.peer(), reason));
  }

  private void ignoreFrame(TransportType type, FrameKind kind, String reason) {
    ignoredFrames.incrementAndGet();
    observer.emit(new SessionEvent.FrameIgnored(id, Role.VERIFIER, type, kind, reason));
  }

  private void transportLost(TransportType type, Throwable cause) {
    lastLoss.set(cause);
    observer.emit(new SessionEvent.TransportLost(id, Role.VERIFIER, type, String.valueOf(cause.getMessage())));
  }
}
