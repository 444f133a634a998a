package io.proxima.ble.bluez;

import static io.proxima.ble.Sessions.WAIT;
import static io.proxima.ble.Sessions.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.proxima.ble.BleSettings;
import io.proxima.ble.BleVerifierTransport;
import io.proxima.ble.BleWalletTransport;
import io.proxima.ble.GattLinkLostException;
import io.proxima.ble.Sessions;
import io.proxima.ble.chunk.Mtu;
import io.proxima.ble.gatt.Characteristic;
import io.proxima.ble.testing.BluezAdmin;
import io.proxima.ble.testing.BluezVm;
import io.proxima.ble.testing.GattTap;
import io.proxima.ble.testing.RealBluez;
import io.proxima.ble.testing.TcpRelay;
import io.proxima.engagement.BleEndpoint;
import io.proxima.error.SessionTimeoutException;
import io.proxima.error.TransportClosedException;
import io.proxima.message.Frame;
import io.proxima.message.FrameKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * Full draft00 sessions through the real bluetoothd 5.66 ({@link BluezVm}): the verifier is the
 * GATT peripheral on hci0, the wallet the central on hci1, both reaching the guest's bus over TCP.
 * Each test starts from adapters that know no device; the wallet scans before the verifier
 * advertises (btvirt reports an advertiser only when scanning or advertising starts).
 */
@RealBluez
class RealBluezSessionTest {

  BluezVm vm;
  BluezAdmin admin;
  GattTap tap;
  final List<Sessions.Pair> pairs = new ArrayList<>();

  @BeforeEach
  void isolate(BluezVm bluezVm) {
    vm = bluezVm;
    admin = BluezAdmin.connect(vm.address());
    admin.reset();
    tap = new GattTap();
  }

  @AfterEach
  void release() {
    try {
      pairs.forEach(Sessions.Pair::closeAll);
      // Sessions unregister what they registered: no advertisement is left on the verifier's adapter.
      BluezAdmin.await(() -> admin.activeAdvertisements("hci0") == 0, "no advertisement left on hci0");
    } finally {
      admin.powered("hci1", true);
      admin.close();
    }
  }

  BleVerifierTransport verifier(BleSettings settings) {
    return BleVerifierTransport.create(tap.peripheral(BluezPeripheral.create().busAddress(vm.address()).adapter("hci0"))).settings(settings);
  }

  BleWalletTransport wallet(String busAddress) {
    return BleWalletTransport.create(tap.central(BluezCentral.create().busAddress(busAddress).adapter("hci1")));
  }

  Sessions.Pair open(BleSettings verifierSettings, String walletBus) {
    Sessions.Pair pair = Sessions.openScanningFirst(verifier(verifierSettings), wallet(walletBus), BleEndpoint.random(), () -> admin.awaitDiscovering("hci1"));
    pairs.add(pair);
    return pair;
  }

  @Test
  void acceptWithASixteenKilobyteSubmissionInChunksOfTheMtuBluezNegotiated() {
    long t0 = System.nanoTime();
    Sessions.Pair pair = open(BleSettings.DEFAULT, vm.address());
    long t1 = System.nanoTime();
    byte[] request = bytes(1500, 1);
    byte[] submission = bytes(16 * 1024, 2);
    assertThat(pair.request(request)).isEqualTo(request);
    long t2 = System.nanoTime();
    assertThat(pair.submit(submission)).isEqualTo(submission);
    long t3 = System.nanoTime();

    // BlueZ negotiates ATT MTU 517 between its two controllers; chunks use min(MTU, 512).
    int mtu = tap.clients().get(0).mtu();
    assertThat(mtu).isEqualTo(517);
    assertThat(tap.calls()).allSatisfy(c -> assertThat(c.mtu()).isEqualTo(517));
    int chunk = Mtu.maxValue(mtu);
    assertThat(chunk).isEqualTo(509);
    // 16 KB + the 16-byte GCM tag in 505-byte payloads: 33 chunks, every one but the last full.
    List<GattTap.Call> chunks = tap.writes(Characteristic.SUBMIT_VC);
    assertThat(chunks).hasSizeGreaterThanOrEqualTo(33);
    assertThat(chunks).allSatisfy(c -> assertThat(c.length()).isLessThanOrEqualTo(chunk));
    assertThat(chunks.stream().filter(c -> c.length() == chunk).count()).isGreaterThanOrEqualTo(32);
    assertThat(tap.reads(Characteristic.PRESENTATION_REQUEST).stream().filter(c -> c.length() > 0)).hasSizeGreaterThanOrEqualTo(4);
    System.out.printf("real BlueZ: setup (scan, advertise, connect, Identify, accept) %.0f ms, 1.5 KB request %.0f ms, 16 KB submission %.0f ms (%d chunk writes for 33 chunks), MTU %d%n",
        (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6, chunks.size(), mtu);
  }

  @Test
  void rejectionIsContentSizeZero() {
    Sessions.Pair pair = open(BleSettings.DEFAULT, vm.address());
    pair.request(bytes(300, 3));
    pair.wallet().send(Frame.empty(FrameKind.REJECTION)).block(WAIT);
    StepVerifier.create(pair.verifier().receive().next()).expectNext(Frame.empty(FrameKind.REJECTION)).verifyComplete();
    assertThat(tap.writes(Characteristic.CONTENT_SIZE)).singleElement().satisfies(c -> assertThat(c.length()).isEqualTo(2));
    assertThat(tap.writes(Characteristic.SUBMIT_VC)).isEmpty();
  }

  @Test
  void verifierCancelDeliversDisconnect() {
    Sessions.Pair pair = open(BleSettings.DEFAULT, vm.address());
    pair.request(bytes(300, 4));
    StepVerifier.create(pair.verifier().close()).verifyComplete();
    StepVerifier.create(pair.wallet().receive()).expectNext(Frame.empty(FrameKind.DISCONNECT)).expectComplete().verify(WAIT);
    StepVerifier.create(pair.wallet().onClose()).expectComplete().verify(WAIT);
  }

  @Test
  void theWalletSwitchingBluetoothOffMidUploadEndsTheVerifierSessionAsLinkLossWithinItsTimeout() {
    Duration transferTimeout = Duration.ofSeconds(10);
    Sessions.Pair pair = open(BleSettings.DEFAULT.withTransferTimeout(transferTimeout), vm.address());
    pair.request(bytes(300, 5));
    pair.wallet().send(pair.walletCrypto().sealFrame(FrameKind.SUBMISSION, bytes(64 * 1024, 6))).subscribe(null, e -> {});
    BluezAdmin.await(() -> tap.writes(Characteristic.SUBMIT_VC).size() >= 5, "the upload to be under way");
    // The wallet's radio goes away: no Disconnect, no protocol goodbye.
    admin.powered("hci1", false);
    StepVerifier.create(pair.verifier().receive())
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(TransportClosedException.class).hasCauseInstanceOf(GattLinkLostException.class))
        .verify(transferTimeout);
    assertThat(tap.writes(Characteristic.SUBMIT_VC)).hasSizeLessThan(130);
  }

  @Test
  void theWalletProcessVanishingMidUploadEndsTheVerifierSessionWithATimeout() {
    Duration transferTimeout = Duration.ofSeconds(3);
    try (TcpRelay relay = TcpRelay.to(vm.address())) {
      Sessions.Pair pair = open(BleSettings.DEFAULT.withTransferTimeout(transferTimeout), relay.address());
      pair.request(bytes(300, 7));
      pair.wallet().send(pair.walletCrypto().sealFrame(FrameKind.SUBMISSION, bytes(64 * 1024, 8))).subscribe(null, e -> {});
      BluezAdmin.await(() -> tap.writes(Characteristic.SUBMIT_VC).size() >= 5, "the upload to be under way");
      // The wallet's process dies: its bus connection is reset; bluetoothd keeps the LE link.
      relay.cut();
      StepVerifier.create(pair.verifier().receive())
          .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(SessionTimeoutException.class).hasMessageContaining("submission"))
          .verify(transferTimeout.plus(Duration.ofSeconds(10)));
    }
  }
}
