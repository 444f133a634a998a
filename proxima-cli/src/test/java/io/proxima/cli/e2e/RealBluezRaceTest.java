package io.proxima.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.proxima.ble.BleVerifierTransport;
import io.proxima.ble.BleWalletTransport;
import io.proxima.ble.bluez.BluezCentral;
import io.proxima.ble.bluez.BluezPeripheral;
import io.proxima.ble.testing.BluezAdmin;
import io.proxima.ble.testing.RealBluez;
import io.proxima.ble.testing.RealBluezExtension;
import io.proxima.cli.testing.Sessions;
import io.proxima.engagement.Engagement;
import io.proxima.engagement.TransportType;
import io.proxima.message.Role;
import io.proxima.mqtt.MqttGateway;
import io.proxima.mqtt.MqttTransport;
import io.proxima.mqtt.ReconnectPolicy;
import io.proxima.oid4vp.SessionEvent;
import io.proxima.oid4vp.Verifier;
import io.proxima.oid4vp.VerifierOutcome;
import io.proxima.oid4vp.VerifierSession;
import io.proxima.oid4vp.VerifierState;
import io.proxima.oid4vp.Wallet;
import io.proxima.oid4vp.WalletOutcome;
import io.proxima.oid4vp.WalletSession;
import io.proxima.oid4vp.WalletState;
import io.proxima.oid4vp.presentation.PresentationDecision;
import io.proxima.oid4vp.testing.Fixtures;
import io.proxima.testing.MosquittoBroker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Sinks;

/**
 * The OID4VP flow racing MQTT against BLE over real parts (issue 8): a real mosquitto, and the real
 * bluetoothd 5.66 of the bluez-vm guest (verifier = peripheral on hci0, wallet = central on hci1).
 * The verifier offers both in one engagement; the wallet chooses MQTT, then BLE; and when the
 * broker is killed after the selection, both sides switch over to BLE.
 *
 * <p>The verifier advertises before the wallet scans, as in a real session (the QR is shown
 * first). btvirt reports an advertiser only when advertising or scanning starts, so the verifier
 * re-registers its advertisement every 2 s until a wallet is accepted (real radios repeat
 * advertisements; see bluez-ble/README.md).
 */
@RealBluez
class RealBluezRaceTest {

  static final Duration WAIT = Duration.ofSeconds(40);

  String bus;
  BluezAdmin admin;
  final List<SessionEvent> events = new CopyOnWriteArrayList<>();
  /** Cancelled after each test, so that a failed test leaves no session holding the adapter. */
  final List<Disposable> sessions = new CopyOnWriteArrayList<>();

  @BeforeEach
  void isolate() {
    bus = RealBluezExtension.current().address();
    admin = BluezAdmin.connect(bus);
    admin.reset();
  }

  @AfterEach
  void nothingIsLeftAdvertising() {
    sessions.forEach(Disposable::dispose);
    try {
      // On the test thread: asking BlueZ blocks (Sessions.eventually polls on a Reactor thread).
      BluezAdmin.await(() -> admin.activeAdvertisements("hci0") == 0, "no advertisement left on the verifier's adapter");
    } finally {
      admin.close();
    }
  }

  BleVerifierTransport verifierBle() {
    return BleVerifierTransport.create(BluezPeripheral.create().busAddress(bus).adapter("hci0").advertisingRefresh(Duration.ofSeconds(2)));
  }

  BleWalletTransport walletBle() {
    return BleWalletTransport.create(BluezCentral.create().busAddress(bus).adapter("hci1"));
  }

  @Test
  void aWalletPreferringMqttPresentsOverMosquittoAndTheVerifierStopsAdvertising() {
    MqttGateway gateway = MqttTransport.create().broker(MosquittoBroker.shared().url()).connect().block(WAIT);
    try {
      VerifierSession verifier = Verifier.create(Fixtures.SIGNER).transport(gateway).transport(verifierBle()).session(Fixtures.pidQuery());
      sessions.add(verifier);
      Engagement engagement = verifier.engagement().block(WAIT);
      assertThat(engagement.offers(TransportType.MQTT)).isTrue();
      assertThat(engagement.offers(TransportType.BLE)).isTrue();
      assertThat(admin.activeAdvertisements("hci0")).as("BLE listens: advertising on hci0").isEqualTo(1);

      WalletOutcome w = Wallet.create(Fixtures.presentingPid()).transport(MqttTransport.create()).transport(walletBle())
          .session(engagement).result().block(WAIT);
      VerifierOutcome v = verifier.result().block(WAIT);

      assertThat(w.state()).as(w.toString()).isEqualTo(WalletState.SUBMITTED);
      assertThat(w.transport()).isEqualTo(TransportType.MQTT);
      assertThat(v.state()).as(v.toString()).isEqualTo(VerifierState.ACCEPTED);
      assertThat(v.transport()).isEqualTo(TransportType.MQTT);
      assertThat(v.stats().transports()).containsExactly(TransportType.MQTT);
      assertThat(v.submission().vpToken()).isEqualTo(Fixtures.pidToken());
      BluezAdmin.await(() -> admin.activeAdvertisements("hci0") == 0, "the losing BLE listener unregistered");
    } finally {
      gateway.close().block(WAIT);
    }
  }

  @Test
  void aWalletPreferringBlePresentsOverRealBluezAndTheVerifierLeavesTheBroker() {
    MqttGateway gateway = MqttTransport.create().broker(MosquittoBroker.shared().url()).connect().block(WAIT);
    try {
      VerifierSession verifier = Verifier.create(Fixtures.SIGNER).transport(gateway).transport(verifierBle()).observer(events::add).session(Fixtures.pidQuery());
      sessions.add(verifier);
      Engagement engagement = verifier.engagement().block(WAIT);
      assertThat(engagement.offers(TransportType.BLE)).as("the verifier listens on BLE").isTrue();

      WalletOutcome w = Wallet.create(Fixtures.presentingPid()).transport(walletBle()).transport(MqttTransport.create())
          .observer(events::add).session(engagement).result().block(WAIT);
      VerifierOutcome v = verifier.result().block(WAIT);

      assertThat(w.state()).as("%s, events %s", w, events).isEqualTo(WalletState.SUBMITTED);
      assertThat(w.transport()).isEqualTo(TransportType.BLE);
      assertThat(v.state()).as(v.toString()).isEqualTo(VerifierState.ACCEPTED);
      assertThat(v.transport()).isEqualTo(TransportType.BLE);
      assertThat(v.stats().transports()).containsExactly(TransportType.BLE);
      assertThat(v.submission().vpToken()).isEqualTo(Fixtures.pidToken());
      Sessions.eventually("the losing MQTT listener unsubscribed",
          () -> gateway.stats().sessions() == 0 && gateway.stats().subscriptions() == 0);
    } finally {
      gateway.close().block(WAIT);
    }
  }

  @Test
  void whenTheBrokerIsKilledAfterSelectionBothSidesSwitchOverToRealBle() {
    try (MosquittoBroker broker = MosquittoBroker.start()) {
      MqttGateway gateway = MqttTransport.create().broker(broker.url()).reconnect(ReconnectPolicy.disabled()).connect().block(WAIT);
      Sinks.One<PresentationDecision> decision = Sinks.one();
      VerifierSession verifier = Verifier.create(Fixtures.SIGNER).transport(gateway).transport(verifierBle()).observer(events::add)
          .session(Fixtures.pidQuery());
      sessions.add(verifier);
      Engagement engagement = verifier.engagement().block(WAIT);
      WalletSession wallet = Wallet.create(request -> decision.asMono())
          .transport(MqttTransport.create().reconnect(ReconnectPolicy.disabled()))
          .transport(walletBle())
          .observer(events::add)
          .session(engagement)
          .start();
      sessions.add(wallet);
      Sessions.awaitState(wallet, WalletState.REQUEST_RECEIVED, WAIT);
      Sessions.awaitState(verifier, VerifierState.REQUESTED, WAIT);
      BluezAdmin.await(() -> admin.activeAdvertisements("hci0") == 0, "MQTT was selected: BLE no longer advertises");

      long t0 = System.nanoTime();
      broker.kill();
      Sessions.eventually("both sides switched over to BLE",
          () -> events.stream().filter(e -> e instanceof SessionEvent.SwitchedOver).map(SessionEvent::role).distinct().count() == 2);
      long t1 = System.nanoTime();
      decision.tryEmitValue(PresentationDecision.present(Fixtures.pidToken()));

      VerifierOutcome v = verifier.result().block(WAIT);
      WalletOutcome w = wallet.result().block(WAIT);
      assertThat(v.state()).as(v.toString()).isEqualTo(VerifierState.ACCEPTED);
      assertThat(v.transport()).isEqualTo(TransportType.BLE);
      assertThat(v.stats().transports()).containsExactly(TransportType.MQTT, TransportType.BLE);
      assertThat(v.stats().switchOvers()).isEqualTo(1);
      assertThat(v.submission().vpToken()).isEqualTo(Fixtures.pidToken());
      assertThat(w.state()).as(w.toString()).isEqualTo(WalletState.SUBMITTED);
      assertThat(w.stats().transports()).containsExactly(TransportType.MQTT, TransportType.BLE);
      assertThat(events).anyMatch(e -> e instanceof SessionEvent.TransportLost t && t.role() == Role.VERIFIER && t.transport() == TransportType.MQTT);
      assertThat(events).anyMatch(e -> e instanceof SessionEvent.TransportLost t && t.role() == Role.WALLET && t.transport() == TransportType.MQTT);
      System.out.printf("real BlueZ: switch-over MQTT -> BLE (broker killed to both sides on BLE) %.0f ms%n", (t1 - t0) / 1e6);
      gateway.close().onErrorComplete().block(WAIT);
    }
  }
}
