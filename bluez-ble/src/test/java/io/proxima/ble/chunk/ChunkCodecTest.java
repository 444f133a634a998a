package io.proxima.ble.chunk;

import static io.proxima.testing.Hex.bytes;
import static io.proxima.testing.Hex.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proxima.ble.ChunkTransferException;
import io.proxima.error.FrameTooLargeException;
import io.proxima.error.MalformedFrameException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChunkCodecTest {

  @Test
  void crcMatchesTheIbm3740CheckValue() {
    assertThat(Crc16.compute("123456789".getBytes(StandardCharsets.US_ASCII))).isEqualTo(0x29B1);
    assertThat(Crc16.compute(new byte[0])).isEqualTo(0xFFFF);
  }

  @Test
  void protocolExampleChunkEncodesToGoldenBytes() {
    // PROTOCOL.md §5: chunk 1 with payload deadbeef
    //   0001      index, u16 BE
    //   deadbeef  payload
    //   6016      CRC-16/IBM-3740 over index and payload, u16 BE
    Chunk chunk = new Chunk(1, bytes("deadbeef"));
    assertThat(hex(chunk.encode())).isEqualTo("0001deadbeef6016");
    assertThat(Crc16.compute(bytes("0001deadbeef"))).isEqualTo(0x6016);
  }

  @Test
  void goldenBytesDecodeToTheChunk() {
    assertThat(Chunk.decode(bytes("0001deadbeef6016"))).contains(new Chunk(1, bytes("deadbeef")));
    assertThat(Chunk.decode(bytes("0001deadbeef6017"))).isEmpty(); // wrong CRC
  }

  @Test
  void anyFlippedBitMakesTheChunkUnreadable() {
    byte[] wire = bytes("0001deadbeef6016");
    for (int bit = 0; bit < wire.length * 8; bit++) {
      byte[] bad = wire.clone();
      bad[bit / 8] ^= (byte) (1 << (bit % 8));
      assertThat(Chunk.decode(bad)).as("bit %d", bit).isEmpty();
    }
  }

  @Test
  void tooShortOrIndexZeroIsNotAChunk() {
    assertThat(Chunk.decode(bytes("000160"))).isEmpty();
    byte[] zero = {0, 0, 1, 0, 0};
    int crc = Crc16.compute(zero, 0, 3);
    zero[3] = (byte) (crc >>> 8);
    zero[4] = (byte) crc;
    assertThat(Chunk.decode(zero)).isEmpty();
    assertThatThrownBy(() -> new Chunk(0, new byte[1])).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Chunk(65536, new byte[1])).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void payloadIsMtuMinusSeven() {
    assertThat(Mtu.payloadSize(23)).isEqualTo(16);
    assertThat(Mtu.payloadSize(185)).isEqualTo(178);
    assertThat(Mtu.payloadSize(512)).isEqualTo(505);
    assertThat(Mtu.payloadSize(517)).as("attribute values are at most 512 bytes").isEqualTo(505);
    assertThat(Mtu.payloadSize(10)).isEqualTo(16);
    assertThat(new Chunk(1, new byte[Mtu.payloadSize(23)]).encode()).hasSize(20); // MTU - 3
  }

  @ParameterizedTest
  @ValueSource(ints = {23, 24, 100, 185, 247, 512})
  void splitAndReassembleRoundTripsAtAnyMtu(int mtu) {
    byte[] message = new byte[3000];
    new Random(mtu).nextBytes(message);
    List<Chunk> chunks = Chunker.split(message, mtu, ChunkLimits.DEFAULT, null);
    assertThat(chunks).hasSize((3000 + Mtu.payloadSize(mtu) - 1) / Mtu.payloadSize(mtu));
    assertThat(chunks).allSatisfy(c -> assertThat(c.encode().length).isLessThanOrEqualTo(mtu - 3));
    assertThat(chunks.get(0).index()).isEqualTo(1);
    Reassembler r = new Reassembler(chunks.size(), 1 << 20, null);
    for (int i = chunks.size() - 1; i >= 0; i--) {
      assertThat(r.accept(chunks.get(i).encode())).isEqualTo(Reassembler.Outcome.ACCEPTED);
    }
    assertThat(r.assemble()).isEqualTo(message);
  }

  @Test
  void aLostLastChunkIsReportedMissing() {
    List<Chunk> chunks = Chunker.split(new byte[100], 23, ChunkLimits.DEFAULT, null);
    Reassembler r = new Reassembler(chunks.size(), 1 << 20, null);
    chunks.subList(0, chunks.size() - 1).forEach(c -> r.accept(c.encode()));
    assertThat(r.isComplete()).isFalse();
    assertThat(r.missing()).containsExactly(chunks.size());
    assertThatThrownBy(r::assemble).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aBadCrcCountsAsMissingNotAsFatal() {
    List<Chunk> chunks = Chunker.split(new byte[64], 23, ChunkLimits.DEFAULT, null);
    Reassembler r = new Reassembler(chunks.size(), 1 << 20, null);
    byte[] bad = chunks.get(1).encode();
    bad[3] ^= 1;
    assertThat(r.accept(chunks.get(0).encode())).isEqualTo(Reassembler.Outcome.ACCEPTED);
    assertThat(r.accept(bad)).isEqualTo(Reassembler.Outcome.CORRUPT);
    assertThat(r.accept(chunks.get(0).encode())).isEqualTo(Reassembler.Outcome.DUPLICATE);
    assertThat(r.accept(new Chunk(9, new byte[1]).encode())).isEqualTo(Reassembler.Outcome.OUT_OF_RANGE);
    assertThat(r.corruptCount()).isEqualTo(1);
    assertThat(r.missing()).containsExactly(2, 3, 4);
  }

  @Test
  void messageSizeIsCapped() {
    assertThatThrownBy(() -> Chunker.split(new byte[101], 512, new ChunkLimits(100, 3), null))
        .isInstanceOf(FrameTooLargeException.class)
        .hasMessageContaining("101 bytes");
    // 65535 chunks of 16 bytes at MTU 23 is the most a u16 count can address.
    assertThat(Chunker.split(new byte[65535 * 16], 23, new ChunkLimits(1 << 21, 3), null)).hasSize(65535);
    assertThatThrownBy(() -> Chunker.split(new byte[65535 * 16 + 1], 23, new ChunkLimits(1 << 21, 3), null))
        .isInstanceOf(FrameTooLargeException.class);
    Reassembler r = new Reassembler(3, 20, null);
    r.accept(new Chunk(1, new byte[16]).encode());
    assertThatThrownBy(() -> r.accept(new Chunk(2, new byte[16]).encode())).isInstanceOf(FrameTooLargeException.class);
  }

  @Test
  void transferSummaryIsU16BigEndianIndicesWithoutChecksum() {
    assertThat(hex(TransferSummary.encode(List.of(1, 258, 65535)))).isEqualTo("0001" + "0102" + "ffff");
    assertThat(TransferSummary.decode(bytes("00010102ffff"), null)).containsExactly(1, 258, 65535);
    assertThat(TransferSummary.encode(List.of())).isEmpty();
    assertThat(TransferSummary.decode(new byte[0], null)).isEmpty();
    assertThatThrownBy(() -> TransferSummary.decode(bytes("000102"), null))
        .isInstanceOf(MalformedFrameException.class)
        .hasMessageContaining("transferSummary.length");
  }

  @Test
  void aSummaryLongerThanOneNotificationIsSplitAcrossRounds() {
    List<Integer> missing = new ArrayList<>();
    for (int i = 1; i <= 30; i++) {
      missing.add(i);
    }
    assertThat(TransferSummary.fit(missing, Mtu.maxValue(23))).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    assertThat(TransferSummary.fit(missing, 512)).isEqualTo(missing);
  }

  @Test
  void resendRoundsAreBoundedAndNameTheMissingChunks() {
    OutgoingTransfer t = new OutgoingTransfer("submission", new byte[100], 23, new ChunkLimits(1000, 2), null);
    assertThat(t.count()).isEqualTo(7);
    assertThat(t.resend(List.of(7, 3, 3, 99, 0))).extracting(Chunk::index).containsExactly(3, 7);
    assertThat(t.resend(List.of(7))).extracting(Chunk::index).containsExactly(7);
    assertThat(t.resend(List.of())).isEmpty();
    assertThatThrownBy(() -> t.resend(List.of(7)))
        .isInstanceOfSatisfying(ChunkTransferException.class, e -> {
          assertThat(e.missingChunks()).containsExactly(7);
          assertThat(e.totalChunks()).isEqualTo(7);
          assertThat(e).hasMessageContaining("submission").hasMessageContaining("[7]");
        });
    assertThat(t.rounds()).isEqualTo(3);
    assertThat(t.resentChunks()).isEqualTo(3);
  }
}
