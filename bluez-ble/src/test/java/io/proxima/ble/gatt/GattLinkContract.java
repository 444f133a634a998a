package io.proxima.ble.gatt;

import static org.assertj.core.api.Assertions.assertThat;

import io.proxima.ble.GattException;
import io.proxima.ble.GattLinkLostException;
import io.proxima.ble.chunk.Mtu;
import io.proxima.engagement.BleEndpoint;
import io.proxima.message.SessionId;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

/**
 * What the BLE protocol expects of any GATT backend, run against each of them: the in-memory
 * air and BlueZ over D-Bus (through the test service). The same assertions on both are what
 * lets the protocol code run unchanged over either.
 */
public abstract class GattLinkContract {

  protected static final Duration WAIT = Duration.ofSeconds(10);

  /** The peripheral under test. */
  protected abstract GattPeripheral peripheral();

  /** The central under test, whose links have the given MTU where the backend lets a test choose. */
  protected abstract GattCentral central(int mtu);

  /** The MTU a link gets when {@code requested} was asked for (real BlueZ always negotiates 517). */
  protected int expectedMtu(int requested) {
    return requested;
  }

  /** A registered, advertising service and a central connected to it. */
  public record Link(GattServer server, GattClient client) {}

  /**
   * Opens the service, then connects the central (the order of a real session). A backend whose
   * scanner sees an advertiser only when one of the two starts may do it the other way round.
   */
  protected Link link(GattServerHandler handler, int mtu) {
    BleEndpoint endpoint = BleEndpoint.random();
    GattServer server = peripheral().open(SessionId.random(), endpoint, handler).block(WAIT);
    try {
      return new Link(server, central(mtu).connect(SessionId.random(), endpoint).block(WAIT));
    } catch (RuntimeException e) {
      server.close().block(WAIT);
      throw e;
    }
  }

  /** A handler that records what reaches the service. */
  protected static final class Recorder implements GattServerHandler {
    final List<String> events = new CopyOnWriteArrayList<>();
    final Sinks.One<String> disconnected = Sinks.one();
    volatile byte[] readValue = {1, 2, 3};
    volatile GattPeer lastPeer;

    @Override
    public byte[] onRead(GattPeer peer, Characteristic characteristic) {
      lastPeer = peer;
      if (characteristic == Characteristic.PRESENTATION_REQUEST) {
        throw new GattError(GattError.Code.NOT_PERMITTED, "not now");
      }
      events.add("read " + characteristic);
      return readValue;
    }

    @Override
    public void onWrite(GattPeer peer, Characteristic characteristic, byte[] value, WriteType type) {
      lastPeer = peer;
      if (characteristic == Characteristic.CONTENT_SIZE && value.length != 2) {
        throw new GattError(GattError.Code.INVALID_VALUE_LENGTH, "2 bytes");
      }
      events.add("write " + characteristic + " " + value.length + " " + type);
    }

    @Override
    public void onDisconnected(String device) {
      disconnected.tryEmitValue(device);
    }

    @Override
    public void onServiceLost(String reason) {
      events.add("lost");
    }
  }

  @Test
  void readsAndWritesReachTheHandlerWithThePeerItsMtuAndTheWriteTypeOfTheCharacteristic() {
    Recorder recorder = new Recorder();
    Link link = link(recorder, 185);
    GattClient client = link.client();
    try {
      int mtu = expectedMtu(185);
      assertThat(client.mtu()).isEqualTo(mtu);
      int full = Mtu.maxValue(mtu);
      StepVerifier.create(client.read(Characteristic.REQUEST_SIZE)).expectNextMatches(v -> v.length == 3).verifyComplete();
      client.write(Characteristic.SUBMIT_VC, new byte[full], WriteType.WITHOUT_RESPONSE).block(WAIT);
      client.write(Characteristic.SUBMIT_VC, new byte[10], WriteType.WITHOUT_RESPONSE).block(WAIT);
      client.write(Characteristic.TRANSFER_SUMMARY_REQUEST, new byte[0], WriteType.WITH_RESPONSE).block(WAIT);
      await(() -> recorder.events.size() >= 4);
      // Write commands are not confirmed and, over EATT, may arrive after a later request.
      assertThat(recorder.events.get(0)).isEqualTo("read Request Size");
      assertThat(recorder.events.subList(1, 4)).containsExactlyInAnyOrder(
          "write Submit VC " + full + " WITHOUT_RESPONSE",
          "write Submit VC 10 WITHOUT_RESPONSE",
          "write Transfer Summary Request 0 WITH_RESPONSE");
      assertThat(recorder.lastPeer.mtu()).isEqualTo(mtu);
      assertThat(recorder.lastPeer.device()).isNotBlank();
    } finally {
      client.disconnect().block(WAIT);
      link.server().close().block(WAIT);
    }
  }

  @Test
  void handlerErrorsReachTheCentralAsABluezCentralReportsThem() {
    Recorder recorder = new Recorder();
    Link link = link(recorder, 185);
    GattClient client = link.client();
    try {
      StepVerifier.create(client.read(Characteristic.PRESENTATION_REQUEST))
          .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(GattException.class, g -> assertThat(g.errorName()).isEqualTo("org.bluez.Error.NotPermitted")))
          .verify(WAIT);
      // bluetoothd answers the central's write with ATT 0x0d, which comes back as InvalidArguments.
      StepVerifier.create(client.write(Characteristic.CONTENT_SIZE, new byte[3], WriteType.WITH_RESPONSE))
          .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(GattException.class, g -> assertThat(g.errorName()).isEqualTo("org.bluez.Error.InvalidArguments")))
          .verify(WAIT);
      StepVerifier.create(client.write(Characteristic.SUBMIT_VC, new byte[client.mtu() - 2], WriteType.WITHOUT_RESPONSE))
          .as("a write command longer than MTU - 3 is refused")
          .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(GattException.class, g -> assertThat(g.errorName()).isEqualTo("org.bluez.Error.Failed")))
          .verify(WAIT);
    } finally {
      client.disconnect().block(WAIT);
      link.server().close().block(WAIT);
    }
  }

  @Test
  void notificationsAllArriveCutToMtuMinusThreeAndAt512Bytes() {
    Recorder recorder = new Recorder();
    Link link = link(recorder, 23);
    GattClient client = link.client();
    try {
      int cut = Math.min(client.mtu() - 3, 512);
      link.server().notify(Characteristic.TRANSFER_SUMMARY_REPORT, new byte[0]).block(WAIT);
      link.server().notify(Characteristic.TRANSFER_SUMMARY_REPORT, new byte[0]).block(WAIT);
      link.server().notify(Characteristic.TRANSFER_SUMMARY_REPORT, new byte[600]).block(WAIT);
      link.server().notify(Characteristic.DISCONNECT, new byte[0]).block(WAIT);
      // Over EATT notifications may overtake each other: all of them arrive, in some order.
      StepVerifier.create(client.notifications().take(4).map(n -> n.characteristic() + " " + n.value().length).collectList())
          .assertNext(list -> assertThat(list).containsExactlyInAnyOrder(
              "Transfer Summary Report 0", "Transfer Summary Report 0", "Transfer Summary Report " + cut, "Disconnect 0"))
          .verifyComplete();
    } finally {
      client.disconnect().block(WAIT);
      link.server().close().block(WAIT);
    }
  }

  @Test
  void aCentralThatDisconnectsIsReportedToTheService() {
    Recorder recorder = new Recorder();
    Link link = link(recorder, 185);
    try {
      GattClient client = link.client();
      client.read(Characteristic.REQUEST_SIZE).block(WAIT);
      String device = recorder.lastPeer.device();
      client.disconnect().block(WAIT);
      StepVerifier.create(recorder.disconnected.asMono()).expectNext(device).expectComplete().verify(WAIT);
      StepVerifier.create(client.read(Characteristic.REQUEST_SIZE)).expectError(GattLinkLostException.class).verify(WAIT);
    } finally {
      link.server().close().block(WAIT);
    }
  }

  @Test
  void aCentralDroppedByThePeripheralSeesItsLinkLost() {
    Recorder recorder = new Recorder();
    Link link = link(recorder, 185);
    try {
      GattClient client = link.client();
      client.read(Characteristic.REQUEST_SIZE).block(WAIT);
      link.server().disconnect(recorder.lastPeer.device()).block(WAIT);
      StepVerifier.create(client.linkLost()).expectNextCount(1).expectComplete().verify(WAIT);
      StepVerifier.create(client.notifications()).expectComplete().verify(WAIT);
      client.disconnect().block(WAIT);
    } finally {
      link.server().close().block(WAIT);
    }
  }

  private static void await(java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out");
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
