package io.proxima.mqtt;

import io.proxima.crypto.Draft00Session;
import io.proxima.crypto.X25519KeyPair;
import io.proxima.engagement.Engagement;
import io.proxima.error.CryptoException;
import io.proxima.error.MalformedInputException;
import io.proxima.message.Frame;
import io.proxima.message.FrameKind;
import io.proxima.message.Identify;
import io.proxima.message.IdentifyVersion;
import io.proxima.message.SessionId;
import io.proxima.transport.FrameConnection;
import io.proxima.transport.InboundIdentify;
import io.proxima.transport.SessionListener;
import io.proxima.transport.VerifierTransport;
import io.proxima.transport.WalletTransport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import reactor.core.publisher.Mono;

/**
 * The two halves of a draft00 session (PROTOCOL.md §2) over any transport, using the foundation's
 * crypto, as the session layer would drive them: the verifier ignores Identify attempts that do
 * not decode or agree, accepts the first good one, sends the sealed request and opens the answer;
 * the wallet sends Identify, opens the request and sends a sealed submission or rejection.
 */
public final class Draft00Exchange {

  public static final Duration WAIT = Duration.ofSeconds(20);
  /** A request plaintext: the JWT as a JSON string literal. */
  public static final byte[] REQUEST = "\"eyJhbGciOiJFUzI1NiJ9.eyJub25jZSI6InNlY3JldC1yZXF1ZXN0In0.sig\"".getBytes(StandardCharsets.US_ASCII);

  private Draft00Exchange() {}

  /** A V2 submission plaintext with a marker that must never be seen on the wire. */
  public static byte[] submission(String marker) {
    return ("{\"vp_token\":{\"q1\":[\"secret-presentation-" + marker + "\"]}}").getBytes(StandardCharsets.UTF_8);
  }

  /** A verifier that listens, with its engagement. */
  public record Verifier(SessionId id, SessionListener listener, X25519KeyPair keys, Engagement engagement) {}

  /** What the verifier got. */
  public record VerifierResult(FrameKind kind, byte[] plaintext, FrameConnection connection) {}

  /** What the wallet got. */
  public record WalletResult(byte[] request, FrameConnection connection) {}

  /** Listens for a new session. Emits once the transport is ready. */
  public static Mono<Verifier> listen(VerifierTransport transport) {
    return Mono.defer(
        () -> {
          SessionId id = SessionId.random();
          X25519KeyPair keys = X25519KeyPair.generate();
          return transport
              .listen(id)
              .map(l -> new Verifier(id, l, keys, Engagement.builder().key(keys.publicKey()).endpoint(l.endpoint()).build()));
        });
  }

  /** The verifier's half: first valid Identify, request out, submission or rejection in. */
  public static Mono<VerifierResult> verifierSide(Verifier v) {
    return v.listener()
        .identifies()
        .concatMap(attempt -> agree(v, attempt))
        .next()
        .switchIfEmpty(Mono.error(() -> new AssertionError("listener ended without a valid Identify")))
        .flatMap(
            agreed ->
                agreed.attempt()
                    .accept()
                    .flatMap(
                        conn ->
                            conn.send(agreed.session().sealFrame(FrameKind.REQUEST, REQUEST))
                                .then(conn.receive().next())
                                .map(f -> new VerifierResult(f.kind(), agreed.session().openFrame(f), conn))));
  }

  /** The wallet's half: Identify out, request in, {@code answer} (SUBMISSION or REJECTION) out. */
  public static Mono<WalletResult> walletSide(WalletTransport transport, Engagement engagement, FrameKind answer, byte[] plaintext) {
    return Mono.defer(
        () -> {
          Draft00Session session = Draft00Session.forWallet(engagement.sessionId(), engagement.verifierPublicKey(), IdentifyVersion.V2);
          return transport
              .connect(engagement)
              .flatMap(
                  conn ->
                      conn.send(session.identify().toFrame())
                          .then(conn.receive().next())
                          .flatMap(
                              request -> {
                                byte[] opened = session.openFrame(request);
                                return conn.send(session.sealFrame(answer, plaintext)).thenReturn(new WalletResult(opened, conn));
                              }));
        });
  }

  private record Agreed(InboundIdentify attempt, Draft00Session session) {}

  private static Mono<Agreed> agree(Verifier v, InboundIdentify attempt) {
    return Mono.fromCallable(() -> new Agreed(attempt, Draft00Session.forVerifier(v.id(), v.keys(), Identify.decode(attempt.frame(), v.id()))))
        .onErrorResume(e -> e instanceof MalformedInputException || e instanceof CryptoException, e -> Mono.empty());
  }

  /** A frame's bytes, for comparing with what a sniffer saw. */
  public static byte[] bytes(Frame frame) {
    return frame.payload();
  }
}
