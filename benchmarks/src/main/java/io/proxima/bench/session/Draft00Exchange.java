package io.proxima.bench.session;

import io.proxima.bench.fixture.Payloads;
import io.proxima.crypto.Draft00Session;
import io.proxima.crypto.X25519KeyPair;
import io.proxima.engagement.Engagement;
import io.proxima.message.FrameKind;
import io.proxima.message.Identify;
import io.proxima.message.IdentifyVersion;
import io.proxima.message.SessionId;
import io.proxima.transport.FrameConnection;
import io.proxima.transport.InboundIdentify;
import io.proxima.transport.SessionListener;
import io.proxima.transport.VerifierTransport;
import io.proxima.transport.WalletTransport;
import java.util.Arrays;
import reactor.core.publisher.Mono;

/**
 * One full draft00 session over any pair of transports, with real crypto and the fixed payloads:
 * the unit every session-latency benchmark measures. Transport-independent, so MQTT and BLE
 * benchmarks run exactly this over their own transports.
 *
 * <pre>
 *   verifier: key pair, listen            -> engagement URI (the QR)
 *   wallet:   parse URI, draft00 keys, connect, send Identify
 *   verifier: first Identify -> draft00 keys, accept, send sealed request (1,536 B)
 *   wallet:   open request, send sealed submission (4,096 B), close
 *   verifier: open submission, close
 * </pre>
 *
 * It drives the transport SPI and {@link Draft00Session} directly: the OID4VP state machine
 * (oid4vp-flow) is not part of this measure.
 */
public final class Draft00Exchange {

  private static final byte[] REQUEST = Payloads.requestPlaintext();
  private static final byte[] SUBMISSION = Payloads.submissionPlaintext();

  private Draft00Exchange() {}

  /**
   * A cold session: emits the submission plaintext as the verifier decrypted it, after both sides
   * closed. Errors with {@link IllegalStateException} when the submission does not arrive intact,
   * and with whatever the transport or crypto raised. Nothing happens until subscribed; applies
   * no timeout (the caller does).
   */
  public static Mono<byte[]> run(VerifierTransport verifierTransport, WalletTransport walletTransport) {
    return Mono.defer(
        () -> {
          X25519KeyPair verifierKeys = X25519KeyPair.generate();
          SessionId id = SessionId.random();
          return verifierTransport
              .listen(id)
              .flatMap(
                  listener -> {
                    String qr = Engagement.builder().key(verifierKeys.publicKey()).endpoint(listener.endpoint()).build().toUri();
                    return Mono.zip(verifier(listener, verifierKeys, id), wallet(walletTransport, qr), (submission, w) -> submission)
                        .doFinally(s -> listener.dispose());
                  })
              .doFinally(s -> verifierKeys.destroy());
        });
  }

  private static Mono<byte[]> verifier(SessionListener listener, X25519KeyPair keys, SessionId id) {
    return listener
        .identifies()
        .next()
        .flatMap(
            (InboundIdentify attempt) -> {
              Draft00Session crypto = Draft00Session.forVerifier(id, keys, Identify.decode(attempt.frame(), id));
              return attempt
                  .accept()
                  .flatMap(
                      connection ->
                          connection
                              .send(crypto.sealFrame(FrameKind.REQUEST, REQUEST))
                              .then(connection.receive().next())
                              .map(crypto::openFrame)
                              .flatMap(submission -> connection.close().thenReturn(submission))
                              .doFinally(s -> connection.dispose()))
                  .doFinally(s -> crypto.close());
            })
        .map(Draft00Exchange::checkSubmission);
  }

  private static Mono<Boolean> wallet(WalletTransport transport, String qr) {
    return Mono.defer(
        () -> {
          Engagement engagement = Engagement.parse(qr);
          Draft00Session crypto =
              Draft00Session.forWallet(engagement.sessionId(), engagement.verifierPublicKey(), IdentifyVersion.V2);
          return transport
              .connect(engagement)
              .flatMap(
                  (FrameConnection connection) ->
                      connection
                          .send(crypto.identify().toFrame())
                          .then(connection.receive().next())
                          .map(crypto::openFrame)
                          .flatMap(request -> connection.send(crypto.sealFrame(FrameKind.SUBMISSION, SUBMISSION)))
                          .then(connection.close())
                          .doFinally(s -> connection.dispose()))
              .doFinally(s -> crypto.close())
              .thenReturn(Boolean.TRUE);
        });
  }

  private static byte[] checkSubmission(byte[] submission) {
    if (!Arrays.equals(submission, SUBMISSION)) {
      throw new IllegalStateException("the verifier decrypted " + submission.length + " bytes that are not the submission sent");
    }
    return submission;
  }
}
