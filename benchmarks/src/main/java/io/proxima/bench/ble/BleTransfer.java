package io.proxima.bench.ble;

import io.proxima.ble.BleVerifierTransport;
import io.proxima.ble.BleWalletTransport;
import io.proxima.ble.chunk.Mtu;
import io.proxima.ble.gatt.GattFaults;
import io.proxima.ble.gatt.InMemoryAir;
import io.proxima.crypto.X25519KeyPair;
import io.proxima.engagement.Engagement;
import io.proxima.message.Frame;
import io.proxima.message.FrameKind;
import io.proxima.message.SessionId;
import io.proxima.transport.FrameConnection;
import io.proxima.transport.SessionListener;
import java.time.Duration;
import reactor.core.publisher.Mono;

/**
 * One BLE session's transfer over the in-memory GATT link ({@link InMemoryAir}, no loss, no
 * injected latency) at a given MTU, through the project's BLE transport (PROTOCOL.md §5): from
 * the wallet's Identify write to the verifier holding the submission. The request is {@value
 * #REQUEST_SIZE} bytes and the submission {@value #SUBMISSION_SIZE} bytes on the wire (opaque
 * bytes of sealed-frame sizes: the link's cost, not the crypto's).
 *
 * <p>{@link #open} sets up a session up to a connected wallet (listen, advertise, connect,
 * subscribe to notifications); {@link #transfer} then runs, blocking:
 *
 * <pre>
 *   wallet Identify write -> verifier accepts, offers the request (Request Size)
 *   wallet polls Request Size, reads the request chunks, confirms them (Transfer Summary)
 *   wallet Content Size, Submit VC write commands, Transfer Summary Request -> empty report
 * </pre>
 */
public final class BleTransfer implements AutoCloseable {

  /** The request on the wire (issue 6): 1.5 KB. */
  public static final int REQUEST_SIZE = 1536;
  /** The submission on the wire (issue 6, BLE): 8 KB. */
  public static final int SUBMISSION_SIZE = 8192;

  static final Duration TIMEOUT = Duration.ofSeconds(20);

  private final SessionListener listener;
  private final FrameConnection wallet;
  private final CountingCentral central;
  private final byte[] identify = new byte[45];
  private final Frame request = Frame.of(FrameKind.REQUEST, new byte[REQUEST_SIZE]);
  private final Frame submission = Frame.of(FrameKind.SUBMISSION, new byte[SUBMISSION_SIZE]);
  private FrameConnection verifier;

  private BleTransfer(SessionListener listener, FrameConnection wallet, CountingCentral central) {
    this.listener = listener;
    this.wallet = wallet;
    this.central = central;
    identify[44] = 0x02;
  }

  /** A fresh air with one session listening and its wallet connected at {@code mtu}. Blocking. */
  public static BleTransfer open(int mtu) {
    InMemoryAir air = InMemoryAir.create();
    CountingCentral central = new CountingCentral(air.central(GattFaults.none().withMtu(mtu)));
    SessionListener listener = BleVerifierTransport.create(air.peripheral()).listen(SessionId.random()).block(TIMEOUT);
    try {
      Engagement engagement = Engagement.builder().key(X25519KeyPair.generate().publicKey()).endpoint(listener.endpoint()).build();
      FrameConnection wallet = BleWalletTransport.create(central).connect(engagement).block(TIMEOUT);
      central.reset();
      return new BleTransfer(listener, wallet, central);
    } catch (RuntimeException e) {
      listener.close().onErrorResume(x -> Mono.empty()).block(TIMEOUT);
      throw e;
    }
  }

  /**
   * Identify, request download, submission upload. Returns the submission's size as the verifier
   * received it.
   *
   * @throws IllegalStateException if a frame arrives with the wrong size
   */
  public int transfer() {
    Mono<Frame> walletSide =
        wallet.send(Frame.of(FrameKind.IDENTIFY, identify))
            .then(wallet.receive().next())
            .flatMap(r -> wallet.send(submission).thenReturn(r));
    Mono<Frame> verifierSide =
        listener.identifies().next()
            .flatMap(i -> i.accept())
            .doOnNext(c -> verifier = c)
            .flatMap(c -> c.send(request).then(c.receive().next()));
    Frame[] frames = Mono.zip(walletSide, verifierSide).map(t -> new Frame[] {t.getT1(), t.getT2()}).block(TIMEOUT);
    if (frames[0].size() != REQUEST_SIZE || frames[1].size() != SUBMISSION_SIZE) {
      throw new IllegalStateException("BLE transfer delivered " + frames[0].size() + " and " + frames[1].size() + " bytes");
    }
    return frames[1].size();
  }

  /** What the wallet's link carried since {@link #open}. */
  CountingCentral.Counts counts() {
    return central.counts();
  }

  /** Closes both sides. Blocking. */
  @Override
  public void close() {
    wallet.close().onErrorResume(e -> Mono.empty()).block(TIMEOUT);
    if (verifier != null) {
      verifier.close().onErrorResume(e -> Mono.empty()).block(TIMEOUT);
    } else {
      listener.close().onErrorResume(e -> Mono.empty()).block(TIMEOUT);
    }
  }

  /** Chunks of a message of {@code size} bytes at {@code mtu} (PROTOCOL.md §5: payload MTU - 7). */
  public static int chunks(int size, int mtu) {
    int payload = Mtu.payloadSize(mtu);
    return (size + payload - 1) / payload;
  }

  /**
   * The fewest GATT round trips the wallet waits for in a transfer (no loss, request ready at the
   * first Request Size read): Identify, Request Size, one read per request chunk, the empty
   * missing list, Content Size, the Transfer Summary Request.
   */
  public static int idealRoundTrips(int mtu) {
    return chunks(REQUEST_SIZE, mtu) + 5;
  }

  /** Submit VC write commands of an ideal transfer: one per submission chunk. */
  public static int idealWriteCommands(int mtu) {
    return chunks(SUBMISSION_SIZE, mtu);
  }
}
