package io.proxima.ble.gatt;

import io.proxima.ble.GattException;
import io.proxima.ble.GattLinkLostException;
import io.proxima.ble.chunk.Mtu;
import io.proxima.engagement.BleEndpoint;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * BLE radio in one JVM: peripherals advertise a local name here and centrals connect to them,
 * each link with its own {@link GattFaults} (loss, corruption, any MTU from 23 to 517, failing
 * writes, disconnects, latency). The GATT protocol code runs over it exactly as over BlueZ.
 *
 * <p>Everything crossing a link runs in order on one worker of the configured scheduler
 * ({@link Schedulers#parallel()} unless set, looked up when used so that virtual time works).
 * Calls into one service's handler are serialized.
 */
public final class InMemoryAir {

  private final Map<String, MemoryServer> advertised = new ConcurrentHashMap<>();
  private final AtomicInteger devices = new AtomicInteger();
  private volatile @Nullable Scheduler scheduler;

  private InMemoryAir() {}

  public static InMemoryAir create() {
    return new InMemoryAir();
  }

  /** The scheduler links deliver on (for example a virtual-time one). */
  public InMemoryAir scheduler(Scheduler newScheduler) {
    this.scheduler = Objects.requireNonNull(newScheduler, "scheduler");
    return this;
  }

  /** A peripheral that opens services on this air. */
  public GattPeripheral peripheral() {
    return peripheral(GattFaults.none());
  }

  /** A peripheral whose setup can be made to fail ({@link GattFaults#failSetup()}). */
  public GattPeripheral peripheral(GattFaults faults) {
    return (sessionId, endpoint, handler) ->
        Mono.fromCallable(
            () -> {
              if (faults.failSetup()) {
                throw new GattException("RegisterApplication", "injected setup failure", "org.bluez.Error.Failed", sessionId, null);
              }
              MemoryServer server = new MemoryServer(endpoint.name(), handler);
              if (advertised.putIfAbsent(endpoint.name(), server) != null) {
                throw new GattException("RegisterAdvertisement", "local name " + endpoint.name() + " is already advertised", "org.bluez.Error.AlreadyExists", sessionId, null);
              }
              return (GattServer) server;
            });
  }

  /** A central whose links have the given faults. */
  public GattCentral central(GattFaults faults) {
    Objects.requireNonNull(faults, "faults");
    return (sessionId, endpoint) ->
        Mono.fromCallable(
            () -> {
              if (faults.failSetup()) {
                throw new GattException("Connect", "injected setup failure", "org.bluez.Error.Failed", sessionId, null);
              }
              MemoryServer server = advertised.get(endpoint.name());
              if (server == null) {
                throw new GattException("discovery", "no peripheral advertises " + endpoint.name(), null, sessionId, null);
              }
              MemoryLink link = new MemoryLink(server, faults, "memory-central-" + devices.incrementAndGet(), scheduler());
              server.links.add(link);
              return (GattClient) link;
            });
  }

  /** How many services are advertised; zero when nothing leaked. */
  public int advertisedCount() {
    return advertised.size();
  }

  /** How many centrals are connected to the open service under this name. */
  public int connectedCount(BleEndpoint endpoint) {
    return (int) allServers().stream().filter(s -> s.name.equals(endpoint.name())).mapToLong(s -> s.links.stream().filter(l -> !l.down.get()).count()).sum();
  }

  /** As if the stack dropped the service: its handler sees it lost, its centrals lose the link. */
  public void unregister(BleEndpoint endpoint) {
    allServers().stream().filter(s -> s.name.equals(endpoint.name())).forEach(s -> s.lost("the stack unregistered the GATT application"));
  }

  /** Drops every link to the service under this name, as if the wallet walked out of range. */
  public void cut(BleEndpoint endpoint) {
    allServers().stream().filter(s -> s.name.equals(endpoint.name())).forEach(s -> s.links.forEach(l -> l.lose("link cut")));
  }

  /** Services opened and not yet closed, advertising or not. */
  private final List<MemoryServer> everOpened = new CopyOnWriteArrayList<>();

  private List<MemoryServer> allServers() {
    return everOpened;
  }

  private Scheduler scheduler() {
    Scheduler s = scheduler;
    return s != null ? s : Schedulers.parallel();
  }

  @Override
  public String toString() {
    return "InMemoryAir[" + advertised.size() + " advertised]";
  }

  // ---- peripheral

  private final class MemoryServer implements GattServer {

    final String name;
    final GattServerHandler handler;
    final List<MemoryLink> links = new CopyOnWriteArrayList<>();
    final AtomicBoolean closed = new AtomicBoolean();

    MemoryServer(String name, GattServerHandler handler) {
      this.name = name;
      this.handler = handler;
      everOpened.add(this);
    }

    @Override
    public Mono<Void> notify(Characteristic characteristic, byte[] value) {
      byte[] copy = value.clone();
      return Mono.fromRunnable(
          () -> {
            if (closed.get()) {
              return;
            }
            for (MemoryLink link : links) {
              link.notifyClient(characteristic, copy);
            }
          });
    }

    @Override
    public Mono<Void> stopAdvertising() {
      return Mono.fromRunnable(() -> advertised.remove(name, this));
    }

    @Override
    public Mono<Void> disconnect(String device) {
      return Mono.fromRunnable(
          () -> links.stream().filter(l -> l.device.equals(device)).forEach(l -> l.loseAfterPending("peripheral disconnected")));
    }

    @Override
    public Mono<Void> close() {
      return Mono.fromRunnable(
          () -> {
            if (closed.compareAndSet(false, true)) {
              advertised.remove(name, this);
              everOpened.remove(this);
              links.forEach(l -> l.loseAfterPending("peripheral closed its service"));
            }
          });
    }

    void lost(String reason) {
      if (closed.compareAndSet(false, true)) {
        advertised.remove(name, this);
        everOpened.remove(this);
        synchronized (this) {
          handler.onServiceLost(reason);
        }
        links.forEach(l -> l.lose(reason));
      }
    }
  }

  // ---- one central's link

  private static final class MemoryLink implements GattClient {

    final MemoryServer server;
    final GattFaults faults;
    final String device;
    final Scheduler.Worker worker;
    final Random random;
    final AtomicInteger transmissions = new AtomicInteger();
    final AtomicBoolean down = new AtomicBoolean();
    final Sinks.Many<Notification> notifications = Sinks.many().unicast().onBackpressureBuffer();
    final Sinks.One<String> lostSink = Sinks.one();

    MemoryLink(MemoryServer server, GattFaults faults, String device, Scheduler scheduler) {
      this.server = server;
      this.faults = faults;
      this.device = device;
      this.worker = scheduler.createWorker();
      this.random = new Random(faults.seed());
    }

    @Override
    public int mtu() {
      return faults.mtu();
    }

    @Override
    public String peer() {
      return server.name;
    }

    private GattPeer asPeer() {
      return new GattPeer(device, faults.mtu());
    }

    @Override
    public Mono<byte[]> read(Characteristic characteristic) {
      return Mono.create(
          sink -> {
            boolean scheduled =
              schedule(
                  () -> {
                    if (down.get()) {
                      sink.error(linkDown("read " + characteristic));
                      return;
                    }
                    byte[] value;
                    try {
                      synchronized (server) {
                        value = server.handler.onRead(asPeer(), characteristic);
                      }
                    } catch (GattError e) {
                      sink.error(new GattException("read " + characteristic, e.getMessage(), "org.bluez.Error." + e.code().centralName(), null, null));
                      return;
                    }
                    GattFaults.Transmission t = new GattFaults.Transmission(characteristic, value);
                    if (count() || down.get()) {
                      sink.error(linkDown("read " + characteristic));
                      return;
                    }
                    if (faults.drop().test(t) || (characteristic == Characteristic.PRESENTATION_REQUEST && chance(faults.lossRate()))) {
                      sink.error(new GattException("read " + characteristic, "response lost (injected)", "org.bluez.Error.Failed", null, null));
                      return;
                    }
                    sink.success(maybeCorrupt(t, characteristic == Characteristic.PRESENTATION_REQUEST));
                  });
            if (!scheduled) {
              sink.error(linkDown("read " + characteristic));
            }
          });
    }

    @Override
    public Mono<Void> write(Characteristic characteristic, byte[] value, WriteType type) {
      byte[] copy = value.clone();
      return Mono.create(
          sink -> {
            if (down.get()) {
              sink.error(linkDown("write " + characteristic));
              return;
            }
            if (type == WriteType.WITHOUT_RESPONSE && copy.length > Mtu.maxValue(faults.mtu())) {
              sink.error(new GattException("write " + characteristic, "Failed to initiate write: " + copy.length + " bytes exceed MTU - 3", "org.bluez.Error.Failed", null, null));
              return;
            }
            GattFaults.Transmission t = new GattFaults.Transmission(characteristic, copy);
            if (type == WriteType.WITH_RESPONSE && faults.failWrite().test(t)) {
              sink.error(new GattException("write " + characteristic, "injected write failure", "org.bluez.Error.Failed", null, null));
              return;
            }
            if (type == WriteType.WITHOUT_RESPONSE) {
              // A write command is confirmed by nobody: it is done once handed over.
              schedule(() -> deliverWrite(t, type, null));
              sink.success();
              return;
            }
            if (!schedule(() -> deliverWrite(t, type, sink))) {
              sink.error(linkDown("write " + characteristic));
            }
          });
    }

    private void deliverWrite(GattFaults.Transmission t, WriteType type, @Nullable MonoSink<Void> sink) {
      if (down.get() || count()) {
        if (sink != null) {
          sink.error(linkDown("write " + t.characteristic()));
        }
        return;
      }
      boolean carrier = t.characteristic() == Characteristic.SUBMIT_VC;
      if (faults.drop().test(t) || (carrier && chance(faults.lossRate()))) {
        if (sink != null) {
          sink.error(new GattException("write " + t.characteristic(), "write lost (injected)", "org.bluez.Error.Failed", null, null));
        }
        return;
      }
      byte[] value = maybeCorrupt(t, carrier);
      try {
        synchronized (server) {
          server.handler.onWrite(asPeer(), t.characteristic(), value, type);
        }
        if (sink != null) {
          sink.success();
        }
      } catch (GattError e) {
        if (sink != null) {
          sink.error(new GattException("write " + t.characteristic(), e.getMessage(), "org.bluez.Error." + e.code().centralName(), null, null));
        }
      }
    }

    void notifyClient(Characteristic characteristic, byte[] value) {
      schedule(
          () -> {
            if (down.get()) {
              return;
            }
            // The stack truncates a notification to what one ATT PDU carries.
            byte[] truncated = value.length > Mtu.maxValue(faults.mtu()) ? Arrays.copyOf(value, Mtu.maxValue(faults.mtu())) : value;
            GattFaults.Transmission t = new GattFaults.Transmission(characteristic, truncated);
            if (count() || faults.drop().test(t)) {
              return;
            }
            notifications.tryEmitNext(new Notification(characteristic, maybeCorrupt(t, false)));
          });
    }

    @Override
    public Flux<Notification> notifications() {
      return notifications.asFlux();
    }

    @Override
    public Mono<String> linkLost() {
      return lostSink.asMono();
    }

    @Override
    public Mono<Void> disconnect() {
      return Mono.fromRunnable(
          () -> {
            if (down.compareAndSet(false, true)) {
              notifications.tryEmitComplete();
              server.links.remove(this);
              schedule(
                  () -> {
                    synchronized (server) {
                      server.handler.onDisconnected(device);
                    }
                    worker.dispose();
                  });
            }
          });
    }

    /** Drops the link after what the peripheral queued on it, as a stack sends queued PDUs first. */
    void loseAfterPending(String reason) {
      if (!schedule(() -> lose(reason))) {
        lose(reason);
      }
    }

    void lose(String reason) {
      if (down.compareAndSet(false, true)) {
        lostSink.tryEmitValue(reason);
        notifications.tryEmitComplete();
        schedule(
            () -> {
              if (!server.closed.get()) {
                synchronized (server) {
                  server.handler.onDisconnected(device);
                }
              }
              worker.dispose();
            });
      }
    }

    /** Counts a transmission; true (and the link drops) when the configured limit is reached. */
    private boolean count() {
      int limit = faults.disconnectAfter();
      if (limit >= 0 && transmissions.incrementAndGet() > limit) {
        lose("link dropped after " + limit + " transmissions (injected)");
        return true;
      }
      return false;
    }

    private byte[] maybeCorrupt(GattFaults.Transmission t, boolean carrier) {
      byte[] value = t.value();
      if (value.length > 0 && (faults.corrupt().test(t) || (carrier && chance(faults.corruptionRate())))) {
        byte[] bad = value.clone();
        bad[bad.length / 2] ^= 0x5A;
        return bad;
      }
      return value;
    }

    private boolean chance(double rate) {
      if (rate <= 0) {
        return false;
      }
      synchronized (random) {
        return random.nextDouble() < rate;
      }
    }

    /** Runs a task on the link's worker; false when the link is gone. */
    private boolean schedule(Runnable task) {
      long nanos = faults.latency().toNanos();
      try {
        if (nanos == 0) {
          worker.schedule(task);
        } else {
          worker.schedule(task, nanos, TimeUnit.NANOSECONDS);
        }
        return true;
      } catch (RejectedExecutionException e) {
        return false;
      }
    }

    private GattLinkLostException linkDown(String operation) {
      return new GattLinkLostException(operation + ": link to " + server.name + " is down", null);
    }
  }

}
