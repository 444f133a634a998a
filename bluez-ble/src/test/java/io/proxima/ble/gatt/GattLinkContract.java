package io.proxima.ble.gatt;

import static org.assertj.core.api.Assertions.assertThat;

import io.proxima.ble.GattException;
import io.proxima.ble.GattLinkLostException;
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

  /** The central under test, whose links have the given MTU. */
  protected abstract GattCentral central(int mtu);

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
  void readsAndWritesReachTheHandlerInOrderWithThePeerAndItsMtu() {
    Recorder recorder = new Recorder();
    BleEndpoint endpoint = BleEndpoint.random();
    GattServer server = peripheral().open(SessionId.random(), endpoint, recorder).block(WAIT);
    GattClient client = central(185).connect(SessionId.random(), endpoint).block(WAIT);
    try {
      assertThat(client.mtu()).isEqualTo(185);
      StepVerifier.create(client.read(Characteristic.REQUEST_SIZE)).expectNextMatches(v -> v.length == 3).verifyComplete();
      client.write(Characteristic.SUBMIT_VC, new byte[182], WriteType.WITHOUT_RESPONSE).block(WAIT);
      client.write(Characteristic.SUBMIT_VC, new byte[10], WriteType.WITHOUT_RESPONSE).block(WAIT);
      client.write(Characteristic.TRANSFER_SUMMARY_REQUEST, new byte[0], WriteType.WITH_RESPONSE).block(WAIT);
      assertThat(recorder.events).containsExactly(
          "read Request Size",
          "write Submit VC 182 WITHOUT_RESPONSE",
          "write Submit VC 10 WITHOUT_RESPONSE",
          "write Transfer Summary Request 0 WITH_RESPONSE");
      assertThat(recorder.lastPeer.mtu()).isEqualTo(185);
      assertThat(recorder.lastPeer.device()).isNotBlank();
    } finally {
      client.disconnect().block(WAIT);
      server.close().block(WAIT);
    }
  }

  @Test
  void handlerErrorsReachTheCentralAsBluezErrorNames() {
    Recorder recorder = new Recorder();
    BleEndpoint endpoint = BleEndpoint.random();
    GattServer server = peripheral().open(SessionId.random(), endpoint, recorder).block(WAIT);
    GattClient client = central(185).connect(SessionId.random(), endpoint).block(WAIT);
    try {
      StepVerifier.create(client.read(Characteristic.PRESENTATION_REQUEST))
          .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(GattException.class, g -> assertThat(g.errorName()).isEqualTo("org.bluez.Error.NotPermitted")))
          .verify(WAIT);
      StepVerifier.create(client.write(Characteristic.CONTENT_SIZE, new byte[3], WriteType.WITH_RESPONSE))
          .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(GattException.class, g -> assertThat(g.errorName()).isEqualTo("org.bluez.Error.InvalidValueLength")))
          .verify(WAIT);
      StepVerifier.create(client.write(Characteristic.SUBMIT_VC, new byte[183], WriteType.WITHOUT_RESPONSE))
          .as("a write command longer than MTU - 3 is refused")
          .expectError(GattException.class)
          .verify(WAIT);
    } finally {
      client.disconnect().block(WAIT);
      server.close().block(WAIT);
    }
  }

  @Test
  void notificationsArriveInOrderTruncatedToMtuMinusThree() {
    Recorder recorder = new Recorder();
    BleEndpoint endpoint = BleEndpoint.random();
    GattServer server = peripheral().open(SessionId.random(), endpoint, recorder).block(WAIT);
    GattClient client = central(23).connect(SessionId.random(), endpoint).block(WAIT);
    try {
      server.notify(Characteristic.TRANSFER_SUMMARY_REPORT, new byte[0]).block(WAIT);
      server.notify(Characteristic.TRANSFER_SUMMARY_REPORT, new byte[0]).block(WAIT);
      server.notify(Characteristic.TRANSFER_SUMMARY_REPORT, new byte[100]).block(WAIT);
      server.notify(Characteristic.DISCONNECT, new byte[0]).block(WAIT);
      StepVerifier.create(client.notifications().take(4))
          .expectNextMatches(n -> n.characteristic() == Characteristic.TRANSFER_SUMMARY_REPORT && n.value().length == 0)
          .expectNextMatches(n -> n.characteristic() == Characteristic.TRANSFER_SUMMARY_REPORT && n.value().length == 0)
          .expectNextMatches(n -> n.value().length == 20)
          .expectNextMatches(n -> n.characteristic() == Characteristic.DISCONNECT)
          .expectComplete()
          .verify(WAIT);
    } finally {
      client.disconnect().block(WAIT);
      server.close().block(WAIT);
    }
  }

  @Test
  void aCentralThatDisconnectsIsReportedToTheService() {
    Recorder recorder = new Recorder();
    BleEndpoint endpoint = BleEndpoint.random();
    GattServer server = peripheral().open(SessionId.random(), endpoint, recorder).block(WAIT);
    try {
      GattClient client = central(185).connect(SessionId.random(), endpoint).block(WAIT);
      client.read(Characteristic.REQUEST_SIZE).block(WAIT);
      String device = recorder.lastPeer.device();
      client.disconnect().block(WAIT);
      StepVerifier.create(recorder.disconnected.asMono()).expectNext(device).verifyComplete();
      StepVerifier.create(client.read(Characteristic.REQUEST_SIZE)).expectError(GattLinkLostException.class).verify(WAIT);
    } finally {
      server.close().block(WAIT);
    }
  }

  @Test
  void aCentralDroppedByThePeripheralSeesItsLinkLost() {
    Recorder recorder = new Recorder();
    BleEndpoint endpoint = BleEndpoint.random();
    GattServer server = peripheral().open(SessionId.random(), endpoint, recorder).block(WAIT);
    try {
      GattClient client = central(185).connect(SessionId.random(), endpoint).block(WAIT);
      client.read(Characteristic.REQUEST_SIZE).block(WAIT);
      server.disconnect(recorder.lastPeer.device()).block(WAIT);
      StepVerifier.create(client.linkLost()).expectNextCount(1).verifyComplete();
      StepVerifier.create(client.notifications()).expectComplete().verify(WAIT);
      client.disconnect().block(WAIT);
    } finally {
      server.close().block(WAIT);
    }
  }
}
