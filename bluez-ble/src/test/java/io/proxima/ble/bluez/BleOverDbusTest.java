package io.proxima.ble.bluez;

import static io.proxima.ble.Sessions.WAIT;
import static io.proxima.ble.Sessions.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.proxima.ble.BleSettings;
import io.proxima.ble.BleVerifierTransport;
import io.proxima.ble.BleWalletTransport;
import io.proxima.ble.GattException;
import io.proxima.ble.GattLinkLostException;
import io.proxima.ble.Sessions;
import io.proxima.ble.gatt.Characteristic;
import io.proxima.error.TransportClosedException;
import io.proxima.error.TransportException;
import io.proxima.message.Frame;
import io.proxima.message.FrameKind;
import io.proxima.message.SessionId;
import io.proxima.transport.SessionListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.test.StepVerifier;

/**
 * The real BlueZ peripheral and central code against the BlueZ-shaped test service on a private
 * dbus-daemon: full draft00 sessions and fault cases.
 */
class BleOverDbusTest {

  PrivateBus bus;
  FakeBluez bluez;
  final List<Sessions.Pair> pairs = new ArrayList<>();

  void start(PrivateBus privateBus) throws Exception {
    bus = privateBus;
    bluez = FakeBluez.start(bus.address());
  }

  BleVerifierTransport verifier() {
    return BleVerifierTransport.create(BluezPeripheral.create().busAddress(bus.address()).adapter("hci0"));
  }

  BleWalletTransport wallet() {
    return BleWalletTransport.create(BluezCentral.create().busAddress(bus.address()).adapter("hci1"));
  }

  Sessions.Pair open() {
    Sessions.Pair pair = Sessions.open(verifier(), wallet());
    pairs.add(pair);
    return pair;
  }

  @AfterEach
  void stop() throws Exception {
    try {
      pairs.forEach(Sessions.Pair::closeAll);
      if (bluez != null) {
        // close() completes when released, also after a failure: nothing may be left now.
        assertThat(bluez.registeredApplications()).as("GATT applications left registered").isZero();
        assertThat(bluez.activeAdvertisements()).as("advertisements left registered").isZero();
      }
    } finally {
      if (bluez != null) {
        bluez.close();
      }
      if (bus != null) {
        bus.close();
      }
    }
  }

  @ParameterizedTest(name = "MTU {0}")
  // 23: Identify (45 bytes) is a long write in three pieces; 50: Identify is exactly MTU - 5
  @ValueSource(ints = {23, 50, 185, 517})
  void fullDraft00SessionOverDbus(int mtu) throws Exception {
    start(PrivateBus.unix());
    bluez.mtu(mtu);
    Sessions.Pair pair = open();
    assertThat(bluez.activeAdvertisements()).as("advertising stops once a wallet is accepted").isZero();
    byte[] request = bytes(1500, 1);
    byte[] submission = bytes(8192, 2);
    assertThat(pair.request(request)).isEqualTo(request);
    assertThat(pair.submit(submission)).isEqualTo(submission);
  }

  @Test
  void fullSessionOverATcpBusWithAnonymousAuthentication() throws Exception {
    start(PrivateBus.tcp());
    assertThat(bus.address()).startsWith("tcp:");
    Sessions.Pair pair = open();
    byte[] request = bytes(700, 3);
    assertThat(pair.request(request)).isEqualTo(request);
    assertThat(pair.submit(bytes(3000, 4))).isEqualTo(bytes(3000, 4));
  }

  @Test
  void rejectionOverDbusIsContentSizeZero() throws Exception {
    start(PrivateBus.unix());
    Sessions.Pair pair = open();
    pair.request(bytes(100, 5));
    pair.wallet().send(Frame.of(FrameKind.REJECTION, "ignored".getBytes())).block(WAIT);
    StepVerifier.create(pair.verifier().receive().next()).expectNext(Frame.empty(FrameKind.REJECTION)).verifyComplete();
  }

  @Test
  void verifierCancelDeliversDisconnect() throws Exception {
    start(PrivateBus.unix());
    Sessions.Pair pair = open();
    pair.request(bytes(100, 6));
    StepVerifier.create(pair.verifier().close()).verifyComplete();
    StepVerifier.create(pair.wallet().receive()).expectNext(Frame.empty(FrameKind.DISCONNECT)).expectComplete().verify(WAIT);
  }

  @Test
  void deviceDisconnectingMidTransferFailsBothSides() throws Exception {
    start(PrivateBus.unix());
    bluez.mtu(23);
    Sessions.Pair pair = open();
    pair.request(bytes(100, 7));
    bluez.observeWrites(v -> {
      if (Characteristic.SUBMIT_VC.uuid().toString().equalsIgnoreCase(v.uuid()) && v.bytes()[1] == 20) {
        bluez.dropLinks(); // the wallet walks out of range after 19 chunks
      }
    });
    StepVerifier.create(pair.wallet().send(pair.walletCrypto().sealFrame(FrameKind.SUBMISSION, bytes(2000, 8))))
        .expectError(TransportException.class)
        .verify(WAIT);
    StepVerifier.create(pair.verifier().receive())
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(TransportClosedException.class).hasCauseInstanceOf(GattLinkLostException.class))
        .verify(WAIT);
    StepVerifier.create(pair.wallet().onClose()).expectError(TransportClosedException.class).verify(WAIT);
  }

  @Test
  void aVerifierClosingAsSoonAsTheSubmissionArrivesLetsTheWalletFinishItsUpload() throws Exception {
    start(PrivateBus.unix());
    Sessions.Pair pair = open();
    pair.request(bytes(100, 40));
    var sending = pair.wallet().send(pair.walletCrypto().sealFrame(FrameKind.SUBMISSION, bytes(3000, 41))).toFuture();
    // The verifier has the whole submission once the last chunk arrived, before the wallet wrote
    // its summary request; a verifier that closes at once must not cut the wallet's upload short
    // (seen with the OID4VP flow over the real bluetoothd: the wallet failed and switched over).
    assertThat(pair.verifier().receive().next().block(WAIT).kind()).isEqualTo(FrameKind.SUBMISSION);
    var closing = pair.verifier().close().toFuture();
    StepVerifier.create(reactor.core.publisher.Mono.fromFuture(sending)).expectComplete().verify(WAIT);
    StepVerifier.create(pair.wallet().receive()).expectNext(Frame.empty(FrameKind.DISCONNECT)).expectComplete().verify(WAIT);
    StepVerifier.create(reactor.core.publisher.Mono.fromFuture(closing)).expectComplete().verify(WAIT);
  }

  @Test
  void aFailingWriteFailsTheSendWithBluezErrorName() throws Exception {
    start(PrivateBus.unix());
    Sessions.Pair pair = open();
    pair.request(bytes(100, 9));
    bluez.failWrites(v -> Characteristic.CONTENT_SIZE.uuid().toString().equalsIgnoreCase(v.uuid()));
    StepVerifier.create(pair.wallet().send(pair.walletCrypto().sealFrame(FrameKind.SUBMISSION, bytes(100, 10))))
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(GattException.class, g -> {
          assertThat(g.errorName()).isEqualTo("org.bluez.Error.Failed");
          assertThat(g.operation()).isEqualTo("write Content Size");
        }))
        .verify(WAIT);
  }

  @Test
  void applicationUnregisteredByBluezFailsTheListener() throws Exception {
    start(PrivateBus.unix());
    SessionListener listener = verifier().listen(SessionId.random()).block(WAIT);
    assertThat(bluez.registeredApplications()).isEqualTo(1);
    assertThat(bluez.activeAdvertisements()).isEqualTo(1);
    bluez.dropApplication("hci0");
    StepVerifier.create(listener.identifies())
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(TransportClosedException.class).hasMessageContaining("released the advertisement"))
        .verify(WAIT);
  }

  @Test
  void applicationUnregisteredMidSessionFailsTheConnection() throws Exception {
    start(PrivateBus.unix());
    Sessions.Pair pair = open();
    pair.request(bytes(100, 11));
    bluez.dropApplication("hci0");
    StepVerifier.create(pair.verifier().receive()).expectError(TransportClosedException.class).verify(WAIT);
    StepVerifier.create(pair.wallet().receive()).expectError(TransportClosedException.class).verify(WAIT);
  }

  @Test
  void aVerifierServiceGoneWithoutServiceChangedEndsTheWalletConnectionAsLinkLoss() throws Exception {
    start(PrivateBus.unix());
    bluez.serviceChangedLost(true);
    Sessions.Pair pair = open();
    pair.request(bytes(100, 12));
    bluez.dropApplication("hci0");
    // The wallet still sees the characteristics; its next write meets ATT error 0x01.
    StepVerifier.create(pair.wallet().send(pair.walletCrypto().sealFrame(FrameKind.SUBMISSION, bytes(100, 13))))
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(GattLinkLostException.class))
        .verify(WAIT);
    StepVerifier.create(pair.wallet().onClose()).expectErrorSatisfies(e -> assertThat(e).isInstanceOf(TransportClosedException.class).hasMessageContaining("Invalid Handle")).verify(WAIT);
  }

  @Test
  void advertisingRefusedByBluezIsAGattExceptionAndUnregistersTheApplication() throws Exception {
    start(PrivateBus.unix());
    bluez.refuseAdvertising(true);
    StepVerifier.create(verifier().listen(SessionId.random()))
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(GattException.class, g -> {
          assertThat(g.errorName()).isEqualTo("org.bluez.Error.Failed");
          assertThat(g.operation()).contains("RegisterAdvertisement");
        }))
        .verify(WAIT);
    assertThat(bluez.registeredApplications()).isZero();
  }

  @Test
  void aSecondSessionOnOneAdapterIsRefused() throws Exception {
    start(PrivateBus.unix());
    SessionListener first = verifier().listen(SessionId.random()).block(WAIT);
    // Both would serve the same service UUID in one GATT database: a wallet could not tell them apart.
    StepVerifier.create(verifier().listen(SessionId.random()))
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(GattException.class).hasMessageContaining("one session per adapter"))
        .verify(WAIT);
    first.close().block(WAIT);
    SessionListener next = verifier().listen(SessionId.random()).block(WAIT);
    next.close().block(WAIT);
  }

  @Test
  void aSessionListeningAgainRightAfterClosingItsListenerGetsTheAdapter() throws Exception {
    start(PrivateBus.unix());
    SessionId id = SessionId.random();
    SessionListener first = verifier().listen(id).block(WAIT);
    // Switch-over: the race was lost on BLE (listener closed, release under way), then the chosen
    // transport dies and the session listens again at the same endpoint.
    first.close().subscribe();
    SessionListener again = verifier().listen(id, first.endpoint()).block(WAIT);
    assertThat(bluez.registeredApplications()).isEqualTo(1);
    // Another session still finds the adapter taken.
    StepVerifier.create(verifier().listen(SessionId.random()))
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(GattException.class).hasMessageContaining("one session per adapter"))
        .verify(WAIT);
    again.close().block(WAIT);
  }

  @Test
  void aListenerAndAConnectionTakenWithNextStayOpen() throws Exception {
    start(PrivateBus.unix());
    // next() cancels its source while taking the value; the value is the taker's to release.
    SessionListener listener = reactor.core.publisher.Flux.just(1).concatMap(i -> verifier().listen(SessionId.random())).next().block(WAIT);
    assertThat(bluez.registeredApplications()).isEqualTo(1);
    var engagement = io.proxima.engagement.Engagement.builder().key(io.proxima.crypto.X25519KeyPair.generate().publicKey()).endpoint(listener.endpoint()).build();
    io.proxima.transport.FrameConnection wallet = reactor.core.publisher.Flux.just(1).concatMap(i -> wallet().connect(engagement)).next().block(WAIT);
    io.proxima.crypto.Draft00Session crypto = io.proxima.crypto.Draft00Session.forWallet(engagement.sessionId(), engagement.verifierPublicKey(), io.proxima.message.IdentifyVersion.V2);
    StepVerifier.create(wallet.send(crypto.identify().toFrame())).expectComplete().verify(WAIT);
    StepVerifier.create(listener.identifies().next()).expectNextCount(1).expectComplete().verify(WAIT);
    assertThat(bluez.activeAdvertisements()).isEqualTo(1);
    wallet.close().block(WAIT);
    listener.close().block(WAIT);
    crypto.close();
  }

  @Test
  void aWalletFindsNoVerifierWithinItsSetupTimeout() throws Exception {
    start(PrivateBus.unix());
    var engagement = io.proxima.engagement.Engagement.builder().key(new byte[32]).endpoint(io.proxima.engagement.BleEndpoint.random()).build();
    StepVerifier.create(wallet().settings(BleSettings.DEFAULT.withSetupTimeout(Duration.ofSeconds(2))).connect(engagement))
        .expectError(io.proxima.error.SessionTimeoutException.class)
        .verify(WAIT);
  }

  @Test
  void recordTransferFiguresOverDbus() throws Exception {
    start(PrivateBus.unix());
    StringBuilder out = new StringBuilder("BLE over D-Bus test service figures: 1.5 KB request + 8 KB submission\n");
    for (int mtu : new int[] {23, 185, 512}) {
      bluez.mtu(mtu);
      long best = Long.MAX_VALUE;
      long setup = Long.MAX_VALUE;
      for (int run = 0; run < 3; run++) {
        long t0 = System.nanoTime();
        Sessions.Pair pair = Sessions.open(verifier(), wallet());
        long t1 = System.nanoTime();
        pair.request(bytes(1536, run));
        pair.submit(bytes(8192, run));
        best = Math.min(best, System.nanoTime() - t1);
        setup = Math.min(setup, t1 - t0);
        pair.closeAll();
      }
      out.append(String.format("  MTU %3d: setup (listen+scan+connect+identify+accept) best %6.1f ms, transfer best of 3 %7.1f ms%n", mtu, setup / 1e6, best / 1e6));
    }
    System.out.print(out);
  }
}
