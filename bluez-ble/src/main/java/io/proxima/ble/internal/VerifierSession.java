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
import io.proxima.ble.gatt.GattError;
import io.proxima.ble.gatt.GattPeer;
import io.proxima.ble.gatt.GattServer;
import io.proxima.ble.gatt.GattServerHandler;
import io.proxima.ble.gatt.WriteType;
import io.proxima.engagement.BleEndpoint;
import io.proxima.engagement.TransportType;
import io.proxima.error.FrameTooLargeException;
import io.proxima.error.MalformedFrameException;
import io.proxima.error.ProtocolViolationException;
import io.proxima.error.ProximaException;
import io.proxima.error.SessionTimeoutException;
import io.proxima.error.TransportClosedException;
import io.proxima.message.Frame;
import io.proxima.message.FrameKind;
import io.proxima.message.Role;
import io.proxima.message.SessionId;
import io.proxima.transport.FrameConnection;
import io.proxima.transport.InboundIdentify;
import io.proxima.transport.TransportCapabilities;
import io.proxima.transport.internal.AbstractFrameConnection;
import io.proxima.transport.internal.AbstractSessionListener;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * The verifier's side of one BLE session (PROTOCOL.md §5), as a handler of its GATT service: the
 * listener until an Identify is accepted, then the connection to that one wallet. Pure protocol
 * over {@link GattServer}; the same code runs over the in-memory air and over BlueZ.
 *
 * <p>Request download: Request Size reads 0 until a request is sent (the wallet polls), then the
 * chunk count; each read of Presentation Request serves the next queued chunk; when the queue is
 * empty the verifier notifies an empty Transfer Summary Report and the wallet writes the missing
 * indices (empty: complete), which are queued again. Submission upload: Content Size (0 is a
 * rejection), chunks without response, an empty Transfer Summary Request asks for the report of
 * missing indices. All handler methods run under this object's lock and do no I/O.
 */
public final class VerifierSession implements GattServerHandler {

  private static final Logger log = LoggerFactory.getLogger(VerifierSession.class);
  private static final byte[] NOT_READY = {0, 0};

  private final SessionId sessionId;
  private final BleSettings settings;
  private final Listener listener;
  private final Set<String> identified = new HashSet<>();
  private final Watchdog requestWatchdog;
  private final Watchdog submissionWatchdog;
  private @Nullable GattServer server;
  private @Nullable Connection connection;
  private @Nullable String bound;
  private int mtu = Mtu.MIN;

  // request download
  private @Nullable OutgoingTransfer request;
  private final ArrayDeque<Chunk> queue = new ArrayDeque<>();
  private Sinks.@Nullable Empty<Void> requestDone;

  // submission upload
  private @Nullable Reassembler submission;
  private int submissionRounds;
  private boolean submissionDelivered;
  private int strayChunks;
  /** Completes when the wallet has finished its answer exchange; null until it answered. */
  private Sinks.@Nullable Empty<Void> settled;

  public VerifierSession(SessionId sessionId, BleEndpoint endpoint, BleSettings settings) {
    this.sessionId = sessionId;
    this.settings = settings;
    this.listener = new Listener(sessionId, endpoint);
    this.requestWatchdog = new Watchdog(settings.transferTimeout(), this::requestTimedOut);
    this.submissionWatchdog = new Watchdog(settings.transferTimeout(), this::submissionTimedOut);
  }

  /** The service is registered and advertised: the listener can be handed out. */
  public synchronized AbstractSessionListener attach(GattServer gattServer) {
    this.server = gattServer;
    return listener;
  }

  private GattServer server() {
    GattServer s = server;
    if (s == null) {
      throw new IllegalStateException("no GATT server attached");
    }
    return s;
  }

  // ---- GATT handler

  @Override
  public synchronized byte[] onRead(GattPeer peer, Characteristic characteristic) {
    if (bound != null && !bound.equals(peer.device())) {
      throw new GattError(GattError.Code.NOT_PERMITTED, "the verifier is serving another wallet");
    }
    if (bound != null) {
      mtu = peer.mtu();
    }
    switch (characteristic) {
      case REQUEST_SIZE:
        OutgoingTransfer r = request;
        if (r == null || bound == null) {
          return NOT_READY.clone();
        }
        return new byte[] {(byte) (r.count() >>> 8), (byte) r.count()};
      case PRESENTATION_REQUEST:
        if (bound == null) {
          return new byte[0];
        }
        Chunk next = queue.poll();
        if (next == null) {
          return new byte[0];
        }
        requestWatchdog.touch();
        if (queue.isEmpty()) {
          // Every queued chunk was served: ask the wallet for its summary (after this read's reply).
          notifyAsync(Characteristic.TRANSFER_SUMMARY_REPORT, new byte[0]);
        }
        return next.encode();
      case TRANSFER_SUMMARY_REPORT:
      case DISCONNECT:
        return new byte[0];
      default:
        throw new GattError(GattError.Code.NOT_PERMITTED, characteristic + " is not readable");
    }
  }

  @Override
  public synchronized void onWrite(GattPeer peer, Characteristic characteristic, byte[] value, WriteType type) {
    if (characteristic == Characteristic.IDENTIFY) {
      if (bound == null) {
        identified.add(peer.device());
        listener.identify(Frame.of(FrameKind.IDENTIFY, value), peer);
        return;
      }
      if (bound.equals(peer.device())) {
        return; // a repeated Identify from our wallet changes nothing
      }
      throw new GattError(GattError.Code.NOT_PERMITTED, "the verifier is serving another wallet");
    }
    if (bound == null || !bound.equals(peer.device())) {
      throw new GattError(GattError.Code.NOT_PERMITTED, "write before the session was accepted");
    }
    mtu = peer.mtu();
    Connection c = connection;
    if (c == null) {
      return;
    }
    switch (characteristic) {
      case CONTENT_SIZE -> contentSize(c, value);
      case SUBMIT_VC -> submitChunk(c, value);
      case TRANSFER_SUMMARY_REQUEST -> summaryRequest(c, value);
      default -> throw new GattError(GattError.Code.NOT_PERMITTED, characteristic + " is not writable");
    }
  }

  private void contentSize(Connection c, byte[] value) {
    if (value.length != 2) {
      throw new GattError(GattError.Code.INVALID_VALUE_LENGTH, "Content Size must be 2 bytes");
    }
    // The wallet answers, so it has the request: a download still open is complete.
    finishRequest(null);
    int count = ((value[0] & 0xFF) << 8) | (value[1] & 0xFF);
    submissionDelivered = false;
    if (count == 0) {
      submission = null;
      submissionWatchdog.stop();
      Sinks.Empty<Void> done = Sinks.empty();
      settled = done;
      done.tryEmitEmpty();
      c.arrived(Frame.empty(FrameKind.REJECTION));
      return;
    }
    submission = new Reassembler(count, settings.limits().maxMessageBytes(), sessionId);
    submissionRounds = 0;
    submissionWatchdog.touch();
  }

  private void submitChunk(Connection c, byte[] value) {
    Reassembler r = submission;
    if (r == null) {
      strayChunks++;
      return;
    }
    try {
      r.accept(value);
      submissionWatchdog.touch();
      if (r.isComplete()) {
        // Delivered at once: the peer's wallet resends one round and never asks again. The
        // summary request that may follow is answered with an empty report.
        deliverSubmission(c, r);
      }
    } catch (FrameTooLargeException e) {
      submission = null;
      submissionWatchdog.stop();
      c.failed(e);
    }
  }

  private void summaryRequest(Connection c, byte[] value) {
    List<Integer> indices;
    try {
      indices = TransferSummary.decode(value, sessionId);
    } catch (MalformedFrameException e) {
      throw new GattError(GattError.Code.INVALID_VALUE_LENGTH, e.getMessage());
    }
    Reassembler r = submission;
    if (r == null && submissionDelivered) {
      // "Send me your report" after the submission was complete: nothing is missing, and the
      // wallet's upload ends with this report.
      notifyThenSettle(Characteristic.TRANSFER_SUMMARY_REPORT, new byte[0]);
      return;
    }
    if (r != null) {
      // "Send me your report" for the submission being uploaded.
      List<Integer> missing = r.missing();
      if (missing.isEmpty()) {
        deliverSubmission(c, r);
        notifyThenSettle(Characteristic.TRANSFER_SUMMARY_REPORT, new byte[0]);
        return;
      }
      // The report goes out in any case, so that a sender that counts its rounds too names the
      // missing chunks itself.
      notifyAsync(Characteristic.TRANSFER_SUMMARY_REPORT, TransferSummary.encode(TransferSummary.fit(missing, Mtu.maxValue(mtu))));
      if (++submissionRounds > settings.limits().maxResendRounds()) {
        submission = null;
        submissionWatchdog.stop();
        c.failed(new ChunkTransferException("submission", missing, r.expected(), "still incomplete after " + settings.limits().maxResendRounds() + " resend rounds", sessionId));
        return;
      }
      submissionWatchdog.touch();
      return;
    }
    OutgoingTransfer t = request;
    if (t == null) {
      return;
    }
    if (indices.isEmpty()) {
      finishRequest(null);
      return;
    }
    try {
      List<Chunk> again = t.resend(indices);
      if (again.isEmpty()) {
        finishRequest(null);
        return;
      }
      // Added, not replaced: a peer's long write of a summary arrives as several writes.
      for (Chunk chunk : again) {
        if (!queue.contains(chunk)) {
          queue.add(chunk);
        }
      }
      requestWatchdog.touch();
    } catch (ChunkTransferException e) {
      finishRequest(e);
    }
  }

  private void deliverSubmission(Connection c, Reassembler r) {
    submission = null;
    submissionDelivered = true;
    submissionWatchdog.stop();
    // The wallet still writes its summary request and waits for the report: closing waits for it.
    settled = Sinks.empty();
    c.arrived(Frame.of(FrameKind.SUBMISSION, r.assemble()));
  }

  private void notifyThenSettle(Characteristic characteristic, byte[] value) {
    Sinks.Empty<Void> done = settled;
    server().notify(characteristic, value)
        .doFinally(s -> {
          if (done != null) {
            done.tryEmitEmpty();
          }
        })
        .subscribe(null, e -> log.debug("[session {}] notify {} failed: {}", sessionId, characteristic, e.toString()));
  }

  /** What closing waits for: the wallet's answer exchange to end (bounded), then a short grace. */
  private synchronized Mono<Void> lingering() {
    Sinks.Empty<Void> s = settled;
    if (s == null) {
      return Mono.empty();
    }
    return s.asMono()
        .timeout(settings.closeLinger(), Mono.empty(), Schedulers.parallel())
        .then(settings.closeGrace().isZero() ? Mono.empty() : Mono.delay(settings.closeGrace(), Schedulers.parallel()).then());
  }

  @Override
  public synchronized void onDisconnected(String device) {
    identified.remove(device);
    Connection c = connection;
    if (c != null && device.equals(bound)) {
      Sinks.Empty<Void> s = settled;
      if (s != null) {
        s.tryEmitEmpty();
      }
      stopWatchdogs();
      GattLinkLostException cause = new GattLinkLostException("the wallet disconnected", sessionId);
      finishRequest(cause);
      c.failed(new TransportClosedException("BLE link to the wallet lost", sessionId, cause));
    }
  }

  @Override
  public void onServiceLost(String reason) {
    GattLinkLostException cause = new GattLinkLostException("GATT service lost: " + reason, sessionId);
    Connection c;
    synchronized (this) {
      stopWatchdogs();
      finishRequest(cause);
      c = connection;
    }
    if (c != null) {
      c.failed(new TransportClosedException("GATT service lost: " + reason, sessionId, cause));
    } else {
      listener.failed(new TransportClosedException("GATT service lost: " + reason, sessionId, cause));
    }
  }

  // ---- request download

  private synchronized Mono<Void> sendRequest(Frame frame) {
    if (request != null) {
      return Mono.error(new ProtocolViolationException("a request is still being downloaded", sessionId));
    }
    OutgoingTransfer t = new OutgoingTransfer("request", frame.payload(), mtu, settings.limits(), sessionId);
    if (t.count() == 0) {
      return Mono.error(new ProtocolViolationException("an empty request cannot be chunked", sessionId));
    }
    Sinks.Empty<Void> done = Sinks.empty();
    request = t;
    requestDone = done;
    queue.clear();
    queue.addAll(t.chunks());
    requestWatchdog.touch();
    log.debug("[session {}] request of {} bytes in {} chunks at MTU {}", sessionId, frame.size(), t.count(), mtu);
    return done.asMono();
  }

  private void finishRequest(@Nullable ProximaException error) {
    Sinks.Empty<Void> done = requestDone;
    OutgoingTransfer t = request;
    request = null;
    requestDone = null;
    queue.clear();
    requestWatchdog.stop();
    if (done != null) {
      if (t != null && error == null) {
        log.debug("[session {}] request delivered after {} resend rounds ({} chunks resent)", sessionId, t.rounds(), t.resentChunks());
      }
      if (error == null) {
        done.tryEmitEmpty();
      } else {
        done.tryEmitError(error);
      }
    }
  }

  private synchronized void requestTimedOut() {
    if (request != null) {
      finishRequest(new SessionTimeoutException("the wallet to download the request", settings.transferTimeout(), sessionId));
    }
  }

  private void submissionTimedOut() {
    Connection c;
    Reassembler r;
    synchronized (this) {
      r = submission;
      submission = null;
      c = connection;
    }
    if (c != null && r != null) {
      c.failed(new SessionTimeoutException("the next step of the submission upload (" + r.missing().size() + " of " + r.expected() + " chunks missing)", settings.transferTimeout(), sessionId));
    }
  }

  private void stopWatchdogs() {
    requestWatchdog.stop();
    submissionWatchdog.stop();
  }

  private void notifyAsync(Characteristic characteristic, byte[] value) {
    server().notify(characteristic, value).subscribe(null, e -> log.debug("[session {}] notify {} failed: {}", sessionId, characteristic, e.toString()));
  }

  /** Submit VC chunks that arrived without a Content Size before them, for tests and metrics. */
  public synchronized int strayChunks() {
    return strayChunks;
  }

  // ---- accept

  private synchronized Mono<FrameConnection> bind(InboundIdentify identify) {
    GattPeer peer = (GattPeer) identify.token();
    if (!identified.contains(peer.device())) {
      return Mono.error(new TransportClosedException("the wallet that sent this Identify is gone", sessionId, null));
    }
    bound = peer.device();
    mtu = peer.mtu();
    Connection c = new Connection();
    connection = c;
    GattServer s = server();
    Set<String> others = new HashSet<>(identified);
    others.remove(bound);
    // A GATT server serving one wallet stops advertising and drops the other centrals.
    return s.stopAdvertising()
        .onErrorResume(e -> {
          log.debug("[session {}] stop advertising failed: {}", sessionId, e.toString());
          return Mono.empty();
        })
        .then(Mono.when(others.stream().map(s::disconnect).toList()))
        .thenReturn(c);
  }

  /** The listener before accept. */
  private final class Listener extends AbstractSessionListener {

    Listener(SessionId sessionId, BleEndpoint endpoint) {
      super(sessionId, TransportType.BLE, endpoint, DEFAULT_IDENTIFY_CAPACITY);
    }

    void identify(Frame frame, GattPeer peer) {
      identifyReceived(frame, peer.device(), peer);
    }

    void failed(ProximaException cause) {
      fail(cause);
    }

    @Override
    protected Mono<FrameConnection> doAccept(InboundIdentify identify) {
      return bind(identify);
    }

    @Override
    protected Mono<Void> doClose() {
      return server().close();
    }
  }

  /** The connection to the bound wallet. */
  private final class Connection extends AbstractFrameConnection {

    private volatile boolean disconnectSent;

    Connection() {
      super(sessionId, Role.VERIFIER, TransportType.BLE, TransportCapabilities.ble(settings.limits().maxMessageBytes()), settings.inboundCapacity());
    }

    void arrived(Frame frame) {
      deliver(frame);
    }

    void failed(ProximaException cause) {
      fail(cause);
    }

    @Override
    protected Mono<Void> doSend(Frame frame) {
      if (frame.kind() == FrameKind.DISCONNECT) {
        disconnectSent = true;
        return server().notify(Characteristic.DISCONNECT, new byte[0]);
      }
      return Mono.defer(() -> sendRequest(frame));
    }

    @Override
    protected Mono<Void> doClose() {
      synchronized (VerifierSession.this) {
        stopWatchdogs();
        finishRequest(new TransportClosedException("connection closed", sessionId, null));
      }
      GattServer s = server();
      // A BLE verifier tells its wallet to stop before it unregisters the service; after the
      // wallet's answer, only once the wallet has finished its side.
      Mono<Void> bye = disconnectSent ? Mono.empty() : s.notify(Characteristic.DISCONNECT, new byte[0]).onErrorResume(e -> Mono.empty());
      return lingering().then(bye).then(s.close());
    }
  }
}
