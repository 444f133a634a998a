package io.proxima.ble;

import static io.proxima.ble.Sessions.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.proxima.ble.gatt.Characteristic;
import io.proxima.ble.gatt.GattFaults;
import io.proxima.ble.gatt.InMemoryAir;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Any pattern of lost and corrupted chunks, in both directions, at any small MTU, is repaired by
 * the transfer summaries: the decrypted request and submission are exactly what was sent.
 */
class LossPatternPropertiesTest {

  @Property(tries = 60)
  void anyLossAndCorruptionPatternIsRepaired(
      @ForAll @IntRange(min = 23, max = 80) int mtu,
      @ForAll @IntRange(min = 1, max = 700) int requestSize,
      @ForAll @IntRange(min = 1, max = 700) int submissionSize,
      @ForAll @Size(max = 12) Set<@IntRange(min = 1, max = 48) Integer> lostRequestChunks,
      @ForAll @Size(max = 12) Set<@IntRange(min = 1, max = 48) Integer> lostSubmissionChunks,
      @ForAll @Size(max = 6) Set<@IntRange(min = 1, max = 48) Integer> corruptedChunks) {
    InMemoryAir air = InMemoryAir.create();
    GattFaults faults = GattFaults.none()
        .withMtu(mtu)
        .withDrop(GattFaults.chunks(Characteristic.PRESENTATION_REQUEST, 1, ints(lostRequestChunks))
            .or(GattFaults.chunks(Characteristic.SUBMIT_VC, 1, ints(lostSubmissionChunks))))
        .withCorrupt(GattFaults.chunks(Characteristic.PRESENTATION_REQUEST, 1, ints(corruptedChunks))
            .or(GattFaults.chunks(Characteristic.SUBMIT_VC, 1, ints(corruptedChunks))));
    Sessions.Pair pair = Sessions.open(BleVerifierTransport.create(air.peripheral()), BleWalletTransport.create(air.central(faults)));
    try {
      // Sealing adds the 16-byte GCM tag, so even a 1-byte plaintext is one or two chunks.
      byte[] request = bytes(requestSize, requestSize);
      byte[] submission = bytes(submissionSize, submissionSize + 1);
      assertThat(pair.request(request)).isEqualTo(request);
      assertThat(pair.submit(submission)).isEqualTo(submission);
    } finally {
      pair.closeAll();
    }
    assertThat(air.advertisedCount()).isZero();
  }

  private static int[] ints(Set<Integer> set) {
    return set.stream().mapToInt(Integer::intValue).toArray();
  }
}
