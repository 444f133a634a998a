package io.proxima.ble.internal;

import io.proxima.ble.BleSettings;
import io.proxima.ble.ChunkTransferException;
import io.proxima.ble.GattLinkLostException;
import io.proxima.ble.chunk.Chunk;
import io.proxima.ble.chunk.Mtu;
import io.proxima.ble.chunk.OutgoingTransfer;
import io.proxima.ble.chunk.Reassembler;
import io.proxima.ble.chunk.TransferSummary;
import io.proxima.ble.gatt.Characteristic;
import io.proxima.ble.gatt.GattClient;
import io.proxima.ble.gatt.Notification;
import io.proxima.ble.gatt.WriteType;
import io.proxima.engagement.TransportType;
import io.proxima.error.ProximaException;
import io.proxima.error.SessionTimeoutException;
import io.proxima.error.TransportClosedException;
import io.proxima.error.TransportException;
import io.proxima.message.Frame;
import io.proxima.message.FrameKind;
import io.proxima.message.Role;
import io.proxima.message.SessionId;
import io.proxima.transport.TransportCapabilities;
import io.proxima.transport.internal.AbstractFrameConnection;
import io.proxima.transport.internal.Inbox;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The wallet's side of a BLE session (PROTOCOL.md §5) over a {@link GattClient}: pure protocol,
 * the same over the in-memory air and over BlueZ.
 *
 * <p>After Identify is written, the request download starts by itself: poll Request Size until
 * the verifier offers a request, read that many chunks of Presentation Request, wait for the
 * verifier's empty Transfer Summary Report, write the missing indices (the last chunk included,
 * unlike the peer), read them again, until the summary is empty; then the request is delivered.
 * A submission is Content Size, the chunks without response, an empty Transfer Summary Request,
 * and resends of what the report lists; a rejection is Content Size 0. Every wait is a Reactor
 * timeout.
 */
public final class WalletConnection extends AbstractFrameConnection {

  private static final Logger log = LoggerFactory.getLogger(WalletConnection.class);

  private final GattClient client;
  private final BleSettings settings;
  private final Inbox<byte[]> reports = new Inbox<>(64);
  private final AtomicBoolean downloadStarted = new AtomicBoolean();
  private final Disposable.Composite tasks = Disposables.composite();
  private final AtomicInteger roundTrips = new AtomicInteger();

  public WalletConnection(SessionId sessionId, GattClient client, BleSettings settings) {
    super(sessionId, Role.WALLET, TransportType.BLE, TransportCapabilities.ble(settings.limits().maxMessageBytes()), settings.inboundCapacity());
    this.client = client;
    this.settings = settings;
    tasks.add(client.notifications().subscribe(this::onNotification, e -> {}, () -> {}));
    tasks.add(client.linkLost().subscribe(reason -> {
      GattLinkLostException cause = new GattLinkLostException("BLE link to the verifier lost: " + reason, sessionId);
      reports.error(cause);
      fail(new TransportClosedException("BLE link to the verifier lost: " + reason, sessionId, cause));
    }));
  }

  /** GATT round trips (reads and confirmed writes) so far, for measurements. */
  public int roundTrips() {
    return roundTrips.get();
  }

  private void onNotification(Notification n) {
    if (n.characteristic() == Characteristic.DISCONNECT) {
      // The verifier asks us to stop: the session ends normally.
      deliver(Frame.empty(FrameKind.DISCONNECT));
      peerClosed();
    } else if (n.characteristic() == Characteristic.TRANSFER_SUMMARY_REPORT) {
      reports.offer(n.value());
    }
  }

  @Override
  protected Mono<Void> doSend(Frame frame) {
    return switch (frame.kind()) {
      case IDENTIFY -> write(Characteristic.IDENTIFY, frame.payload(), WriteType.WITH_RESPONSE).doOnSuccess(v -> startDownload());
      case REJECTION -> write(Characteristic.CONTENT_SIZE, new byte[2], WriteType.WITH_RESPONSE);
      case SUBMISSION -> Mono.defer(() -> upload(frame.payload()));
      default -> Mono.error(new IllegalStateException("unexpected kind " + frame.kind()));
    };
  }

  @Override
  protected Mono<Void> doClose() {
    tasks.dispose();
    reports.complete();
    return client.disconnect();
  }

  // ---- request download

  private void startDownload() {
    if (!downloadStarted.compareAndSet(false, true)) {
      return;
    }
    tasks.add(
        download()
            .subscribe(
                request -> deliver(Frame.of(FrameKind.REQUEST, request)),
                e -> fail(e instanceof ProximaException p ? p : new TransportException("request download failed", sessionId(), e))));
  }

  private Mono<byte[]> download() {
    return requestSize()
        .flatMap(
            count -> {
              Reassembler r = new Reassembler(count, settings.limits().maxMessageBytes(), sessionId());
              log.debug("[session {}] downloading a request of {} chunks at MTU {}", sessionId(), count, client.mtu());
              return downloadRound(r, count, 0);
            });
  }

  /** Polls Request Size while the verifier has not offered its request yet. */
  private Mono<Integer> requestSize() {
    AtomicInteger attempt = new AtomicInteger();
    return read(Characteristic.REQUEST_SIZE)
        .map(v -> v.length == 2 ? ((v[0] & 0xFF) << 8) | (v[1] & 0xFF) : 0)
        .filter(n -> n > 0)
        .repeatWhenEmpty(
            repeats ->
                repeats.concatMap(
                    i -> Mono.delay(pollDelay(attempt.incrementAndGet()), Schedulers.parallel())))
        .timeout(
            settings.requestTimeout(),
            Mono.error(() -> new SessionTimeoutException("the verifier's request (Request Size)", settings.requestTimeout(), sessionId())),
            Schedulers.parallel());
  }

  private Duration pollDelay(int attempt) {
    long millis = Math.min(settings.requestPollMax().toMillis(), 1L << Math.min(attempt, 10));
    return Duration.ofMillis(Math.max(1, millis));
  }

  /** Reads {@code reads} chunks, then settles the round with a transfer summary. */
  private Mono<byte[]> downloadRound(Reassembler r, int reads, int round) {
    return Flux.range(0, reads)
        .concatMap(i -> read(Characteristic.PRESENTATION_REQUEST).onErrorResume(this::survivable, e -> Mono.just(new byte[0])))
        .doOnNext(value -> {
          if (value.length > 0) {
            r.accept(value);
          }
        })
        .then(nextReport("the verifier's transfer summary report after the request chunks"))
        .flatMap(
            report -> {
              // One ATT write: a long write would reach the verifier as several WriteValue calls.
              List<Integer> missing = TransferSummary.fit(r.missing(), Mtu.maxValue(client.mtu()));
              if (!missing.isEmpty() && round >= settings.limits().maxResendRounds()) {
                return Mono.error(new ChunkTransferException("request", r.missing(), r.expected(), "still incomplete after " + round + " resend rounds", sessionId()));
              }
              Mono<Void> summary = write(Characteristic.TRANSFER_SUMMARY_REQUEST, TransferSummary.encode(missing), WriteType.WITH_RESPONSE);
              if (missing.isEmpty()) {
                log.debug("[session {}] request complete after {} resend rounds", sessionId(), round);
                return summary.then(Mono.fromCallable(r::assemble));
              }
              return summary.then(Mono.defer(() -> downloadRound(r, missing.size(), round + 1)));
            });
  }

  /** A failed read of a chunk is a missing chunk, unless the link is gone. */
  private boolean survivable(Throwable e) {
    return !(e instanceof GattLinkLostException) && !(e instanceof SessionTimeoutException) && !isClosing();
  }

  // ---- submission upload

  private Mono<Void> upload(byte[] message) {
    OutgoingTransfer transfer = new OutgoingTransfer("submission", message, client.mtu(), settings.limits(), sessionId());
    int count = transfer.count();
    if (count == 0) {
      return Mono.error(new io.proxima.error.ProtocolViolationException("an empty submission cannot be chunked; send a REJECTION", sessionId()));
    }
    byte[] size = {(byte) (count >>> 8), (byte) count};
    return write(Characteristic.CONTENT_SIZE, size, WriteType.WITH_RESPONSE)
        .then(uploadRound(transfer, transfer.chunks()));
  }

  private Mono<Void> uploadRound(OutgoingTransfer transfer, List<Chunk> chunks) {
    return Flux.fromIterable(chunks)
        .concatMap(c -> write(Characteristic.SUBMIT_VC, c.encode(), WriteType.WITHOUT_RESPONSE))
        .then(write(Characteristic.TRANSFER_SUMMARY_REQUEST, new byte[0], WriteType.WITH_RESPONSE))
        .then(nextReport("the verifier's transfer summary report after the submission chunks"))
        .flatMap(
            report -> {
              List<Integer> missing = TransferSummary.decode(report, sessionId());
              List<Chunk> again = transfer.resend(missing);
              if (again.isEmpty()) {
                log.debug("[session {}] submission of {} chunks delivered after {} resend rounds", sessionId(), transfer.count(), transfer.rounds());
                return Mono.<Void>empty();
              }
              return uploadRound(transfer, again);
            });
  }

  // ---- GATT operations with their time bounds

  private Mono<byte[]> nextReport(String awaited) {
    return reports.flux()
        .next()
        .switchIfEmpty(Mono.error(() -> new TransportClosedException("connection closed while waiting for " + awaited, sessionId(), null)))
        .timeout(
            settings.transferTimeout(),
            Mono.error(() -> new SessionTimeoutException(awaited, settings.transferTimeout(), sessionId())),
            Schedulers.parallel());
  }

  private Mono<byte[]> read(Characteristic c) {
    return client.read(c)
        .doOnSubscribe(s -> roundTrips.incrementAndGet())
        .timeout(settings.operationTimeout(), operationTimeout("read", c), Schedulers.parallel());
  }

  private Mono<Void> write(Characteristic c, byte[] value, WriteType type) {
    return client.write(c, value, type)
        .doOnSubscribe(s -> {
          if (type == WriteType.WITH_RESPONSE) {
            roundTrips.incrementAndGet();
          }
        })
        .timeout(settings.operationTimeout(), operationTimeout("write", c), Schedulers.parallel());
  }

  /**
   * The timeout of one GATT operation, with a fallback that fails typed: Reactor's timeout without
   * a fallback builds a description of the operator chain (regular expressions on class names) for
   * every subscription, about a tenth of a transfer's CPU at MTU 23 (issue 6, JFR).
   */
  private <T> Mono<T> operationTimeout(String operation, Characteristic c) {
    return Mono.error(() -> new SessionTimeoutException(operation + " " + c, settings.operationTimeout(), sessionId()));
  }
}
