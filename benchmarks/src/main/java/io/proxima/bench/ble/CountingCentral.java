package io.proxima.bench.ble;

import io.proxima.ble.gatt.Characteristic;
import io.proxima.ble.gatt.GattCentral;
import io.proxima.ble.gatt.GattClient;
import io.proxima.ble.gatt.Notification;
import io.proxima.ble.gatt.WriteType;
import io.proxima.engagement.BleEndpoint;
import io.proxima.message.SessionId;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A {@link GattCentral} that counts the GATT operations its links carry, seen from the wallet:
 * reads and writes with response (round trips: the wallet waits for the answer), writes without
 * response (one-way), and notifications received. The counters are shared by every link of this
 * central: use one per measured transfer.
 */
final class CountingCentral implements GattCentral {

  /** A snapshot of the counters. */
  record Counts(int reads, int confirmedWrites, int writeCommands, int notifications) {
    /** Operations the wallet waited for. */
    int roundTrips() {
      return reads + confirmedWrites;
    }
  }

  private final GattCentral delegate;
  private final AtomicInteger reads = new AtomicInteger();
  private final AtomicInteger confirmedWrites = new AtomicInteger();
  private final AtomicInteger writeCommands = new AtomicInteger();
  private final AtomicInteger notifications = new AtomicInteger();

  CountingCentral(GattCentral delegate) {
    this.delegate = delegate;
  }

  Counts counts() {
    return new Counts(reads.get(), confirmedWrites.get(), writeCommands.get(), notifications.get());
  }

  void reset() {
    reads.set(0);
    confirmedWrites.set(0);
    writeCommands.set(0);
    notifications.set(0);
  }

  @Override
  public Mono<GattClient> connect(SessionId sessionId, BleEndpoint endpoint) {
    return delegate.connect(sessionId, endpoint).map(Counting::new);
  }

  private final class Counting implements GattClient {
    private final GattClient client;

    Counting(GattClient client) {
      this.client = client;
    }

    @Override
    public int mtu() {
      return client.mtu();
    }

    @Override
    public String peer() {
      return client.peer();
    }

    @Override
    public Mono<byte[]> read(Characteristic characteristic) {
      return client.read(characteristic).doOnSubscribe(s -> reads.incrementAndGet());
    }

    @Override
    public Mono<Void> write(Characteristic characteristic, byte[] value, WriteType type) {
      return client
          .write(characteristic, value, type)
          .doOnSubscribe(s -> (type == WriteType.WITH_RESPONSE ? confirmedWrites : writeCommands).incrementAndGet());
    }

    @Override
    public Flux<Notification> notifications() {
      return client.notifications().doOnNext(n -> notifications.incrementAndGet());
    }

    @Override
    public Mono<String> linkLost() {
      return client.linkLost();
    }

    @Override
    public Mono<Void> disconnect() {
      return client.disconnect();
    }
  }
}
