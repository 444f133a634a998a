package io.proxima.ble;

import static io.proxima.ble.Sessions.WAIT;
import static io.proxima.ble.Sessions.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.proxima.ble.chunk.Chunk;
import io.proxima.ble.chunk.ChunkLimits;
import io.proxima.ble.chunk.Chunker;
import io.proxima.ble.chunk.TransferSummary;
import io.proxima.ble.chunk.Mtu;
import io.proxima.ble.gatt.Characteristic;
import io.proxima.ble.gatt.GattClient;
import io.proxima.ble.gatt.GattFaults;
import io.proxima.ble.gatt.InMemoryAir;
import io.proxima.ble.gatt.Notification;
import io.proxima.ble.gatt.WriteType;
import io.proxima.ble.internal.WalletConnection;
import io.proxima.engagement.BleEndpoint;
import io.proxima.engagement.Engagement;
import io.proxima.error.FrameTooLargeException;
import io.proxima.error.SessionTimeoutException;
import io.proxima.error.TransportClosedException;
import io.proxima.error.TransportException;
import io.proxima.message.Frame;
import io.proxima.message.FrameKind;
import io.proxima.message.SessionId;
import io.proxima.transport.ConnectionState;
import io.proxima.transport.FrameConnection;
import io.proxima.transport.SessionListener;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/** The BLE protocol end to end over the in-memory GATT air: the same code that runs over BlueZ. */
class BleOverInMemoryAirTest {

  final InMemoryAir air = InMemoryAir.create();
  Sessions.Pair pair;

  @AfterEach
  void cleanUp() {
    try {
      if (pair != null) {
        if (VirtualTimeScheduler.isFactoryEnabled()) {
          // Closing after the wallet's answer lingers on timers (VerifierSession.LINGER, GRACE).
          var closing = pair.verifier().close().onErrorResume(e -> reactor.core.publisher.Mono.empty()).toFuture();
          VirtualTimeScheduler.get().advanceTimeBy(Duration.ofSeconds(10));
          closing.join();
        }
        pair.closeAll();
      }
    } finally {
      VirtualTimeScheduler.reset();
    }
    assertThat(air.advertisedCount()).as("advertisements left behind").isZero();
  }

  /** The in-memory air keeps notifications in order: the verifier needs no grace before Disconnect. */
  private static final BleSettings IN_ORDER = BleSettings.DEFAULT.withCloseGrace(Duration.ZERO);

  private Sessions.Pair open(GattFaults faults) {
    return open(faults, IN_ORDER);
  }

  private Sessions.Pair open(GattFaults faults, BleSettings settings) {
    pair = Sessions.open(
        BleVerifierTransport.create(air.peripheral()).settings(settings),
        BleWalletTransport.create(air.central(faults)).settings(settings));
    return pair;
  }

  @ParameterizedTest(name = "MTU {0}")
  @ValueSource(ints = {23, 185, 512, 517})
  void fullDraft00SessionAtAnyMtu(int mtu) {
    open(GattFaults.none().withMtu(mtu));
    byte[] request = bytes(1500, 1);
    byte[] submission = bytes(8192, 2);
    assertThat(pair.request(request)).isEqualTo(request);
    assertThat(pair.submit(submission)).isEqualTo(submission);
    assertThat(pair.verifier().capabilities().rejectionCarriesPayload()).isFalse();
    assertThat(pair.verifier().capabilities().signalsDisconnect()).isTrue();
  }

  /** Loss patterns over 13 chunks (200 bytes at MTU 23). */
  static Stream<Arguments> patterns() {
    return Stream.of(
        Arguments.of("first", new int[] {1}),
        Arguments.of("last", new int[] {13}),
        Arguments.of("middle", new int[] {7}),
        Arguments.of("first and last", new int[] {1, 13}),
        Arguments.of("every other", new int[] {1, 3, 5, 7, 9, 11, 13}),
        Arguments.of("a burst at the end", new int[] {10, 11, 12, 13}),
        Arguments.of("all", IntStream.rangeClosed(1, 13).toArray()));
  }

  @ParameterizedTest(name = "submission chunks lost: {0}")
  @MethodSource("patterns")
  void lostSubmissionChunksAreResent(String name, int[] lost) {
    open(GattFaults.none().withMtu(23).withDrop(GattFaults.chunks(Characteristic.SUBMIT_VC, 1, lost)));
    byte[] request = bytes(200, 3);
    byte[] submission = bytes(200, 4);
    assertThat(pair.request(request)).isEqualTo(request);
    assertThat(pair.submit(submission)).isEqualTo(submission);
  }

  @ParameterizedTest(name = "submission chunks corrupted: {0}")
  @MethodSource("patterns")
  void corruptedSubmissionChunksCountAsMissing(String name, int[] corrupted) {
    open(GattFaults.none().withMtu(23).withCorrupt(GattFaults.chunks(Characteristic.SUBMIT_VC, 2, corrupted)));
    byte[] submission = bytes(200, 5);
    assertThat(pair.request(bytes(40, 6))).hasSize(40);
    assertThat(pair.submit(submission)).isEqualTo(submission);
  }

  @ParameterizedTest(name = "request chunk responses lost: {0}")
  @MethodSource("patterns")
  void lostRequestChunksAreReadAgain(String name, int[] lost) {
    open(GattFaults.none().withMtu(23).withDrop(GattFaults.chunks(Characteristic.PRESENTATION_REQUEST, 1, lost)));
    byte[] request = bytes(200, 7);
    assertThat(pair.request(request)).isEqualTo(request);
    assertThat(pair.submit(bytes(30, 8))).hasSize(30);
  }

  @ParameterizedTest(name = "request chunks corrupted: {0}")
  @MethodSource("patterns")
  void corruptedRequestChunksAreReadAgain(String name, int[] corrupted) {
    open(GattFaults.none().withMtu(23).withCorrupt(GattFaults.chunks(Characteristic.PRESENTATION_REQUEST, 2, corrupted)));
    byte[] request = bytes(200, 9);
    assertThat(pair.request(request)).isEqualTo(request);
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void randomLossAndCorruptionInBothDirectionsStillDeliver(long seed) {
    open(GattFaults.none().withMtu(23).withLossRate(0.2).withCorruptionRate(0.1).withSeed(seed));
    byte[] request = bytes(1500, seed);
    byte[] submission = bytes(4000, seed + 100);
    assertThat(pair.request(request)).isEqualTo(request);
    assertThat(pair.submit(submission)).isEqualTo(submission);
  }

  @Test
  void aSummaryLongerThanOneNotificationTakesSeveralRounds() {
    // 200 chunks at MTU 23; half of them lost: a report carries only 10 indices.
    int[] lost = IntStream.rangeClosed(1, 200).filter(i -> i % 2 == 0).toArray();
    open(GattFaults.none().withMtu(23).withDrop(GattFaults.chunks(Characteristic.SUBMIT_VC, 1, lost)),
        BleSettings.DEFAULT.withLimits(new ChunkLimits(1 << 20, 16)));
    byte[] submission = bytes(200 * Mtu.payloadSize(23), 10);
    pair.request(bytes(20, 11));
    assertThat(pair.submit(submission)).isEqualTo(submission);
  }

  @Test
  void aRequestSummaryLongerThanOneWriteTakesSeveralRounds() {
    // 200 request chunks at MTU 23, half of their reads lost: a summary write carries 10 indices.
    int[] lost = IntStream.rangeClosed(1, 200).filter(i -> i % 2 == 0).toArray();
    open(GattFaults.none().withMtu(23).withDrop(GattFaults.chunks(Characteristic.PRESENTATION_REQUEST, 1, lost)));
    byte[] request = bytes(200 * Mtu.payloadSize(23), 27);
    assertThat(pair.request(request)).isEqualTo(request);
  }

  @Test
  void aChunkThatNeverArrivesFailsBothSidesAfterTheResendRounds() {
    open(GattFaults.none().withMtu(23).withDrop(GattFaults.chunks(Characteristic.SUBMIT_VC, Integer.MAX_VALUE, 13)),
        BleSettings.DEFAULT.withLimits(new ChunkLimits(1 << 20, 3)));
    pair.request(bytes(20, 12));
    FrameConnection wallet = pair.wallet();
    StepVerifier.create(wallet.send(pair.walletCrypto().sealFrame(FrameKind.SUBMISSION, bytes(200 - 16, 13))))
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(ChunkTransferException.class, t -> {
          assertThat(t.missingChunks()).containsExactly(13);
          assertThat(t.transferredMessage()).isEqualTo("submission");
        }))
        .verify(WAIT);
    StepVerifier.create(pair.verifier().receive())
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(ChunkTransferException.class, t -> assertThat(t.missingChunks()).containsExactly(13)))
        .verify(WAIT);
  }

  @Test
  void aPeerWalletThatResendsOnceWithoutAskingAgainIsServed() {
    // The peer's wallet resends the reported chunks once and never writes another summary request
    // (closing then waits out the linger: short here).
    BleVerifierTransport verifier = BleVerifierTransport.create(air.peripheral()).settings(BleSettings.DEFAULT.withCloseLinger(Duration.ofMillis(200)));
    SessionListener listener = verifier.listen(SessionId.random()).block(WAIT);
    GattClient peer = air.central(GattFaults.none().withMtu(23).withDrop(GattFaults.chunks(Characteristic.SUBMIT_VC, 1, 2)))
        .connect(SessionId.random(), (BleEndpoint) listener.endpoint()).block(WAIT);
    peer.write(Characteristic.IDENTIFY, identify(1).payload(), WriteType.WITH_RESPONSE).block(WAIT);
    FrameConnection connection = listener.identifies().next().block(WAIT).accept().block(WAIT);
    byte[] message = bytes(40, 28);
    List<Chunk> chunks = Chunker.split(message, 23, ChunkLimits.DEFAULT, null);
    assertThat(chunks).hasSize(3);
    peer.write(Characteristic.CONTENT_SIZE, new byte[] {0, 3}, WriteType.WITH_RESPONSE).block(WAIT);
    for (Chunk c : chunks) {
      peer.write(Characteristic.SUBMIT_VC, c.encode(), WriteType.WITHOUT_RESPONSE).block(WAIT);
    }
    peer.write(Characteristic.TRANSFER_SUMMARY_REQUEST, new byte[0], WriteType.WITH_RESPONSE).block(WAIT);
    Notification report = peer.notifications().next().block(WAIT);
    assertThat(TransferSummary.decode(report.value(), null)).containsExactly(2);
    peer.write(Characteristic.SUBMIT_VC, chunks.get(1).encode(), WriteType.WITHOUT_RESPONSE).block(WAIT);
    StepVerifier.create(connection.receive().next()).expectNext(Frame.of(FrameKind.SUBMISSION, message)).verifyComplete();
    connection.close().block(WAIT);
    peer.disconnect().block(WAIT);
  }

  @Test
  void closingWaitsAtMostTheLingerForAWalletThatNeverAsksForItsReport() {
    VirtualTimeScheduler vts = VirtualTimeScheduler.getOrSet();
    // The peer's wallet writes its chunks and never a summary request.
    BleVerifierTransport verifier = BleVerifierTransport.create(air.peripheral());
    SessionListener listener = verifier.listen(SessionId.random()).block(WAIT);
    GattClient peer = air.central(GattFaults.none().withMtu(23)).connect(SessionId.random(), (BleEndpoint) listener.endpoint()).block(WAIT);
    peer.write(Characteristic.IDENTIFY, identify(2).payload(), WriteType.WITH_RESPONSE).block(WAIT);
    FrameConnection connection = listener.identifies().next().block(WAIT).accept().block(WAIT);
    List<Chunk> chunks = Chunker.split(bytes(30, 42), 23, ChunkLimits.DEFAULT, null);
    peer.write(Characteristic.CONTENT_SIZE, new byte[] {0, (byte) chunks.size()}, WriteType.WITH_RESPONSE).block(WAIT);
    for (Chunk c : chunks) {
      peer.write(Characteristic.SUBMIT_VC, c.encode(), WriteType.WITHOUT_RESPONSE).block(WAIT);
    }
    assertThat(connection.receive().next().block(WAIT).kind()).isEqualTo(FrameKind.SUBMISSION);
    StepVerifier.withVirtualTime(connection::close)
        .expectSubscription()
        .expectNoEvent(BleSettings.DEFAULT_CLOSE_LINGER.plus(BleSettings.DEFAULT_CLOSE_GRACE).minusMillis(1))
        .thenAwait(Duration.ofMillis(1))
        .expectComplete()
        .verify(WAIT);
    StepVerifier.create(peer.notifications().next()).expectNextMatches(n -> n.characteristic() == Characteristic.DISCONNECT).expectComplete().verify(WAIT);
    peer.disconnect().block(WAIT);
  }

  @Test
  void rejectionIsContentSizeZeroAndCarriesNoPayload() {
    open(GattFaults.none());
    pair.request(bytes(100, 14));
    pair.wallet().send(Frame.of(FrameKind.REJECTION, "dropped on BLE".getBytes())).block(WAIT);
    StepVerifier.create(pair.verifier().receive().next()).expectNext(Frame.empty(FrameKind.REJECTION)).verifyComplete();
  }

  @Test
  void verifierCloseNotifiesDisconnectAndTheWalletEndsNormally() {
    open(GattFaults.none());
    pair.request(bytes(100, 15));
    StepVerifier.create(pair.verifier().close()).verifyComplete();
    StepVerifier.create(pair.wallet().receive()).expectNext(Frame.empty(FrameKind.DISCONNECT)).expectComplete().verify(WAIT);
    StepVerifier.create(pair.wallet().onClose()).expectComplete().verify(WAIT);
  }

  @Test
  void walletDisconnectIsLinkLossForTheVerifierAfterItsLastFrame() {
    open(GattFaults.none());
    pair.request(bytes(100, 16));
    pair.wallet().send(pair.walletCrypto().sealFrame(FrameKind.SUBMISSION, bytes(50, 17))).then(pair.wallet().close()).block(WAIT);
    StepVerifier.create(pair.verifier().receive())
        .expectNextMatches(f -> f.kind() == FrameKind.SUBMISSION)
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(TransportClosedException.class).hasCauseInstanceOf(GattLinkLostException.class))
        .verify(WAIT);
  }

  @Test
  void linkLossMidTransferFailsBothSidesWithTypedErrors() {
    open(GattFaults.none().withMtu(23).withDisconnectAfter(40));
    StepVerifier.create(pair.verifier().send(pair.verifierCrypto().sealFrame(FrameKind.REQUEST, bytes(2000, 18))))
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(GattLinkLostException.class))
        .verify(WAIT);
    StepVerifier.create(pair.wallet().receive()).expectError(TransportClosedException.class).verify(WAIT);
    StepVerifier.create(pair.verifier().onClose()).expectError(TransportClosedException.class).verify(WAIT);
  }

  @Test
  void onlyTheAcceptedCentralIsServedAndOthersAreDropped() {
    BleVerifierTransport verifier = BleVerifierTransport.create(air.peripheral());
    SessionListener listener = verifier.listen(SessionId.random()).block(WAIT);
    Engagement engagement = Engagement.builder().key(new byte[32]).endpoint(listener.endpoint()).build();
    FrameConnection intruder = BleWalletTransport.create(air.central(GattFaults.none())).connect(engagement).block(WAIT);
    FrameConnection wallet = BleWalletTransport.create(air.central(GattFaults.none())).connect(engagement).block(WAIT);
    wallet.send(identify(1)).block(WAIT);
    intruder.send(identify(2)).block(WAIT);
    var attempts = listener.identifies().take(2).collectList().block(WAIT);
    FrameConnection accepted = attempts.stream().filter(a -> a.frame().payload()[0] == 1).findFirst().orElseThrow().accept().block(WAIT);
    // Refused (NotPermitted) or dropped, whichever reaches it first.
    StepVerifier.create(intruder.receive()).expectError(TransportException.class).verify(WAIT);
    assertThat(air.connectedCount((BleEndpoint) listener.endpoint())).isEqualTo(1);
    assertThat(air.advertisedCount()).as("advertising stops once a wallet is accepted").isZero();
    accepted.send(Frame.of(FrameKind.REQUEST, new byte[64])).block(WAIT);
    StepVerifier.create(wallet.receive().next()).expectNextMatches(f -> f.size() == 64).verifyComplete();
    accepted.close().block(WAIT);
    wallet.close().block(WAIT);
  }

  @Test
  void aFailingWriteFailsTheSendWithTheGattError() {
    Predicate<GattFaults.Transmission> contentSize = GattFaults.on(Characteristic.CONTENT_SIZE);
    open(GattFaults.none().withFailingWrites(contentSize));
    pair.request(bytes(10, 19));
    StepVerifier.create(pair.wallet().send(pair.walletCrypto().sealFrame(FrameKind.SUBMISSION, bytes(10, 20))))
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(GattException.class, g -> {
          assertThat(g.errorName()).isEqualTo("org.bluez.Error.Failed");
          assertThat(g.operation()).contains("Content Size");
        }))
        .verify(WAIT);
    assertThat(pair.wallet().currentState()).isEqualTo(ConnectionState.OPEN);
  }

  @Test
  void theVerifierRefusesASubmissionOverItsCap() {
    BleSettings small = BleSettings.DEFAULT.withLimits(new ChunkLimits(1000, 4));
    pair = Sessions.open(BleVerifierTransport.create(air.peripheral()).settings(small), BleWalletTransport.create(air.central(GattFaults.none())));
    pair.request(bytes(10, 21));
    pair.wallet().send(pair.walletCrypto().sealFrame(FrameKind.SUBMISSION, bytes(2000, 22))).subscribe(null, e -> {});
    StepVerifier.create(pair.verifier().receive()).expectError(FrameTooLargeException.class).verify(WAIT);
    StepVerifier.create(pair.verifier().send(Frame.of(FrameKind.REQUEST, new byte[1001]))).expectError(FrameTooLargeException.class).verify(WAIT);
  }

  @Test
  void setupFailureIsAGattExceptionAndLeavesNothingBehind() {
    StepVerifier.create(BleVerifierTransport.create(air.peripheral(GattFaults.none().withFailingSetup(true))).listen(SessionId.random()))
        .expectError(GattException.class)
        .verify(WAIT);
    Engagement nobody = Engagement.builder().key(new byte[32]).endpoint(BleEndpoint.random()).build();
    StepVerifier.create(BleWalletTransport.create(air.central(GattFaults.none())).connect(nobody))
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(GattException.class).hasMessageContaining(nobody.ble().orElseThrow().name()))
        .verify(WAIT);
  }

  @Test
  void closingTheListenerStopsAdvertising() {
    SessionListener listener = BleVerifierTransport.create(air.peripheral()).listen(SessionId.random()).block(WAIT);
    assertThat(air.advertisedCount()).isEqualTo(1);
    StepVerifier.create(listener.close()).verifyComplete();
    StepVerifier.create(listener.identifies()).verifyComplete();
  }

  @Test
  void serviceLossFailsTheListener() {
    SessionListener listener = BleVerifierTransport.create(air.peripheral()).listen(SessionId.random()).block(WAIT);
    air.unregister((BleEndpoint) listener.endpoint());
    StepVerifier.create(listener.identifies())
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(TransportClosedException.class).hasMessageContaining("GATT service lost"))
        .verify(WAIT);
  }

  // ---- timeouts, in virtual time

  @Test
  void aWalletWaitsForTheRequestOnlyUntilItsTimeout() {
    VirtualTimeScheduler vts = VirtualTimeScheduler.getOrSet();
    open(GattFaults.none());
    StepVerifier.create(pair.wallet().receive())
        .then(() -> vts.advanceTimeBy(BleSettings.DEFAULT_REQUEST_TIMEOUT.minusMillis(1)))
        .expectNoEvent(Duration.ZERO)
        .then(() -> vts.advanceTimeBy(Duration.ofMillis(1)))
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(SessionTimeoutException.class, t -> assertThat(t.awaited()).contains("Request Size")))
        .verify(WAIT);
  }

  @Test
  void aRequestOfferedShortlyAfterTheIdentifyIsFetchedAtTheNextShortPoll() {
    VirtualTimeScheduler vts = VirtualTimeScheduler.getOrSet();
    open(GattFaults.none()); // Identify written: the wallet read Request Size once and found 0
    vts.advanceTimeBy(Duration.ofMillis(5));
    pair.verifier().send(pair.verifierCrypto().sealFrame(FrameKind.REQUEST, bytes(300, 27))).subscribe();
    // Re-reads 1, 2, 4 ms apart: at 7 ms the request is found (a first pause of 10 ms would not).
    vts.advanceTimeBy(Duration.ofMillis(3));
    StepVerifier.create(pair.wallet().receive().next())
        .assertNext(f -> assertThat(f.kind()).isEqualTo(FrameKind.REQUEST))
        .verifyComplete();
  }

  @Test
  void aLostReportTimesTheSubmissionOut() {
    VirtualTimeScheduler vts = VirtualTimeScheduler.getOrSet();
    // The report after the request is delivered; the one after the submission is lost.
    Predicate<GattFaults.Transmission> secondReport = new Predicate<>() {
      int seen;

      @Override
      public synchronized boolean test(GattFaults.Transmission t) {
        return t.characteristic() == Characteristic.TRANSFER_SUMMARY_REPORT && ++seen == 2;
      }
    };
    open(GattFaults.none().withDrop(secondReport));
    pair.verifier().send(pair.verifierCrypto().sealFrame(FrameKind.REQUEST, bytes(100, 23))).subscribe();
    vts.advanceTimeBy(Duration.ofSeconds(1)); // the wallet polls Request Size
    assertThat(pair.wallet().receive().next().block(WAIT).kind()).isEqualTo(FrameKind.REQUEST);
    StepVerifier.create(pair.wallet().send(pair.walletCrypto().sealFrame(FrameKind.SUBMISSION, bytes(100, 24))))
        .then(() -> vts.advanceTimeBy(BleSettings.DEFAULT_TRANSFER_TIMEOUT))
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(SessionTimeoutException.class, t -> assertThat(t.awaited()).contains("transfer summary report")))
        .verify(WAIT);
  }

  @Test
  void aWalletThatGoesSilentMidUploadTimesTheVerifierOut() {
    VirtualTimeScheduler vts = VirtualTimeScheduler.getOrSet();
    // Chunks 2.. and the summary request vanish: the verifier saw Content Size and one chunk.
    Predicate<GattFaults.Transmission> silence = t ->
        (t.characteristic() == Characteristic.SUBMIT_VC && t.chunkIndex() > 1) || t.characteristic() == Characteristic.TRANSFER_SUMMARY_REQUEST;
    open(GattFaults.none().withMtu(23).withDrop(GattFaults.on(Characteristic.TRANSFER_SUMMARY_REQUEST).negate().and(silence.negate()).negate()));
    pair.wallet().send(pair.walletCrypto().sealFrame(FrameKind.SUBMISSION, bytes(100, 25))).subscribe(null, e -> {});
    StepVerifier.create(pair.verifier().receive())
        .then(() -> vts.advanceTimeBy(BleSettings.DEFAULT_TRANSFER_TIMEOUT.minusMillis(1)))
        .expectNoEvent(Duration.ZERO)
        .then(() -> vts.advanceTimeBy(Duration.ofMillis(1)))
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(SessionTimeoutException.class, t -> assertThat(t.awaited()).contains("submission upload")))
        .verify(WAIT);
  }

  @Test
  void aWalletThatNeverFetchesTheRequestFailsTheSendAfterTheTransferTimeout() {
    VirtualTimeScheduler vts = VirtualTimeScheduler.getOrSet();
    open(GattFaults.none().withDrop(GattFaults.on(Characteristic.PRESENTATION_REQUEST)).withMtu(23));
    StepVerifier.create(pair.verifier().send(pair.verifierCrypto().sealFrame(FrameKind.REQUEST, bytes(500, 26))))
        .then(() -> vts.advanceTimeBy(Duration.ofMinutes(5)))
        .expectError()
        .verify(WAIT);
  }

  // ---- figures (recorded, not asserted)

  @Test
  void recordTransferFigures() {
    StringBuilder out = new StringBuilder("BLE in-memory figures: 1.5 KB request + 8 KB submission\n");
    for (int mtu : new int[] {23, 185, 512}) {
      for (double loss : new double[] {0, 0.1}) {
        long best = Long.MAX_VALUE;
        int roundTrips = 0;
        for (int run = 0; run < 5; run++) {
          InMemoryAir a = InMemoryAir.create();
          Sessions.Pair p = Sessions.open(BleVerifierTransport.create(a.peripheral()).settings(IN_ORDER),
              BleWalletTransport.create(a.central(GattFaults.none().withMtu(mtu).withLossRate(loss).withSeed(run))));
          long start = System.nanoTime();
          p.request(bytes(1536, run));
          p.submit(bytes(8192, run));
          best = Math.min(best, System.nanoTime() - start);
          roundTrips = ((WalletConnection) p.wallet()).roundTrips();
          p.closeAll();
        }
        out.append(String.format("  MTU %3d loss %2.0f%%: best of 5 %6.2f ms, %4d GATT round trips%n", mtu, loss * 100, best / 1e6, roundTrips));
      }
    }
    System.out.print(out);
  }

  private static Frame identify(int first) {
    byte[] b = new byte[45];
    Arrays.fill(b, (byte) 9);
    b[0] = (byte) first;
    b[44] = 2;
    return Frame.of(FrameKind.IDENTIFY, b);
  }
}
