package io.proxima.ble.bluez;

import static io.proxima.ble.Sessions.WAIT;
import static io.proxima.ble.Sessions.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.proxima.ble.BleVerifierTransport;
import io.proxima.ble.BleWalletTransport;
import io.proxima.ble.Sessions;
import io.proxima.message.Frame;
import io.proxima.message.FrameKind;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import reactor.test.StepVerifier;

/**
 * Against a real bluetoothd (the {@code ../shared/bluez-vm} kit: hci0 and hci1 on emulated air),
 * reached at {@code -Dbluez.dbus.address=tcp:host=127.0.0.1,port=N}. Runs only when that address
 * is given; the tier that starts the VM and runs these in CI is issue 8.
 */
@Tag("real-bluez")
@EnabledIfSystemProperty(named = "bluez.dbus.address", matches = "(tcp|unix):.+")
class RealBluezTest {

  static String address() {
    return System.getProperty("bluez.dbus.address");
  }

  static Sessions.Pair open() {
    return Sessions.open(
        // btvirt reports an advertiser only when advertising or scanning starts (bluez-vm README).
        BleVerifierTransport.create(BluezPeripheral.create().busAddress(address()).adapter("hci0").advertisingRefresh(Duration.ofSeconds(2))),
        BleWalletTransport.create(BluezCentral.create().busAddress(address()).adapter("hci1")));
  }

  @Test
  void acceptWithASixteenKilobyteSubmission() {
    long t0 = System.nanoTime();
    Sessions.Pair pair = open();
    long t1 = System.nanoTime();
    try {
      byte[] request = bytes(1500, 1);
      byte[] submission = bytes(16 * 1024, 2);
      assertThat(pair.request(request)).isEqualTo(request);
      long t2 = System.nanoTime();
      assertThat(pair.submit(submission)).isEqualTo(submission);
      long t3 = System.nanoTime();
      System.out.printf("real BlueZ: setup %.0f ms, 1.5 KB request %.0f ms, 16 KB submission %.0f ms%n", (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6);
    } finally {
      pair.closeAll();
    }
  }

  @Test
  void theWalletDisappearingMidTransferEndsTheVerifierSessionWithATypedError() {
    Sessions.Pair pair = open();
    try {
      pair.request(bytes(300, 4));
      pair.wallet().send(pair.walletCrypto().sealFrame(FrameKind.SUBMISSION, bytes(64 * 1024, 5))).subscribe(null, e -> {});
      // The wallet goes away while its chunks are in flight.
      pair.wallet().close().block(WAIT);
      StepVerifier.create(pair.verifier().receive())
          .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(io.proxima.error.TransportException.class))
          .verify(WAIT);
    } finally {
      pair.closeAll();
    }
  }

  @Test
  void rejectAndCancel() {
    Sessions.Pair pair = open();
    try {
      pair.request(bytes(300, 3));
      pair.wallet().send(Frame.empty(FrameKind.REJECTION)).block(WAIT);
      StepVerifier.create(pair.verifier().receive().next()).expectNext(Frame.empty(FrameKind.REJECTION)).verifyComplete();
      StepVerifier.create(pair.verifier().close()).verifyComplete();
      StepVerifier.create(pair.wallet().receive()).expectNext(Frame.empty(FrameKind.DISCONNECT)).expectComplete().verify(WAIT);
    } finally {
      pair.closeAll();
    }
  }
}
