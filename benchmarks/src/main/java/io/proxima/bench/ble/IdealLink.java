package io.proxima.bench.ble;

import io.proxima.ble.chunk.Mtu;
import io.proxima.ble.gatt.Characteristic;
import io.proxima.ble.gatt.GattClient;
import io.proxima.ble.gatt.GattFaults;
import io.proxima.ble.gatt.GattPeer;
import io.proxima.ble.gatt.GattServer;
import io.proxima.ble.gatt.GattServerHandler;
import io.proxima.ble.gatt.InMemoryAir;
import io.proxima.ble.gatt.Notification;
import io.proxima.ble.gatt.WriteType;
import io.proxima.engagement.BleEndpoint;
import io.proxima.message.SessionId;
import io.proxima.transport.internal.Inbox;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The ideal of a {@link BleTransfer}: the same in-memory GATT link at the same MTU, carrying
 * exactly the operations a transfer needs at least and nothing else, against a service that only
 * answers (no protocol logic): {@link BleTransfer#idealRoundTrips} sequential reads of a full
 * chunk, {@link BleTransfer#idealWriteCommands} full-chunk write commands (pipelined, done when
 * the service has the last), and the two notifications the verifier sends. Its time is the
 * minimum number of GATT operations times the link's own cost per operation, measured.
 */
final class IdealLink implements AutoCloseable {

  private final int mtu;
  private final GattServer server;
  private final GattClient client;
  private final Handler handler;
  private final byte[] chunk;
  private final Inbox<Notification> notifications = new Inbox<>(16);
  private final reactor.core.Disposable notificationSubscription;

  private static final class Handler implements GattServerHandler {
    final byte[] value;
    final AtomicInteger writes = new AtomicInteger();
    volatile int expected;
    volatile Sinks.Empty<Void> allWritten = Sinks.empty();

    Handler(byte[] value) {
      this.value = value;
    }

    @Override
    public byte[] onRead(GattPeer peer, Characteristic characteristic) {
      return value;
    }

    @Override
    public void onWrite(GattPeer peer, Characteristic characteristic, byte[] value, WriteType type) {
      if (writes.incrementAndGet() == expected) {
        allWritten.tryEmitEmpty();
      }
    }

    @Override
    public void onDisconnected(String device) {}

    @Override
    public void onServiceLost(String reason) {}
  }

  private IdealLink(int mtu, GattServer server, GattClient client, Handler handler) {
    this.mtu = mtu;
    this.server = server;
    this.client = client;
    this.handler = handler;
    this.chunk = handler.value;
    this.notificationSubscription = client.notifications().subscribe(notifications::offer);
  }

  /** A fresh air with the answering service and a central connected at {@code mtu}. Blocking. */
  static IdealLink open(int mtu) {
    InMemoryAir air = InMemoryAir.create();
    Handler handler = new Handler(new byte[Mtu.maxValue(mtu)]);
    BleEndpoint endpoint = BleEndpoint.random();
    SessionId id = SessionId.random();
    GattServer server = air.peripheral().open(id, endpoint, handler).block(BleTransfer.TIMEOUT);
    GattClient client = air.central(GattFaults.none().withMtu(mtu)).connect(id, endpoint).block(BleTransfer.TIMEOUT);
    return new IdealLink(mtu, server, client, handler);
  }

  /** The ideal operations of one transfer. Blocking; returns the operations carried. */
  int run() {
    int reads = BleTransfer.idealRoundTrips(mtu);
    int writes = BleTransfer.idealWriteCommands(mtu);
    handler.writes.set(0);
    handler.expected = writes;
    Sinks.Empty<Void> written = Sinks.empty();
    handler.allWritten = written;
    Flux<Notification> incoming = notifications.flux();
    Mono<Void> ops =
        Flux.range(0, reads)
            .concatMap(i -> client.read(Characteristic.PRESENTATION_REQUEST))
            .then(server.notify(Characteristic.TRANSFER_SUMMARY_REPORT, new byte[0]))
            .then(incoming.next())
            .thenMany(Flux.range(0, writes).concatMap(i -> client.write(Characteristic.SUBMIT_VC, chunk, WriteType.WITHOUT_RESPONSE)))
            .then(written.asMono())
            .then(server.notify(Characteristic.TRANSFER_SUMMARY_REPORT, new byte[0]))
            .then(incoming.next())
            .then();
    ops.block(BleTransfer.TIMEOUT);
    return reads + writes + 2;
  }

  @Override
  public void close() {
    notificationSubscription.dispose();
    client.disconnect().block(BleTransfer.TIMEOUT);
    server.close().block(BleTransfer.TIMEOUT);
  }
}
