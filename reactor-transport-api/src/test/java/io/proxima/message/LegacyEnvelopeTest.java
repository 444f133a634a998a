package io.proxima.message;

import static io.proxima.testing.Hex.bytes;
import static io.proxima.testing.Hex.hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Golden bytes of the legacy MQTT envelope, PROTOCOL.md §4. */
class LegacyEnvelopeTest {

  static final UUID SENDER = UUID.fromString("00112233-4455-6677-8899-aabbccddeeff");
  static final String ENVELOPED =
      "1000000000000000" //                    u64le(16): length of the sender uuid
          + "00112233445566778899aabbccddeeff" // sender uuid (16)
          + "0400000000000000" //                u64le(4): payload length
          + "deadbeef"; //                       payload

  @Test
  void wrapsLikeOlderPeers() {
    assertThat(hex(LegacyEnvelope.wrap(SENDER, bytes("deadbeef")))).isEqualTo(ENVELOPED);
  }

  @Test
  void stripsAnEnvelope() {
    assertThat(LegacyEnvelope.isEnveloped(bytes(ENVELOPED))).isTrue();
    assertThat(hex(LegacyEnvelope.strip(bytes(ENVELOPED)))).isEqualTo("deadbeef");
  }

  @Test
  void stripsAnEnvelopeWithEmptyPayload() {
    byte[] enveloped = LegacyEnvelope.wrap(SENDER, new byte[0]);
    assertThat(enveloped).hasSize(32);
    assertThat(LegacyEnvelope.strip(enveloped)).isEmpty();
  }

  @Test
  void leavesRawPayloadsAlone() {
    byte[] identify = bytes("5869aff450549732cbaaed5e5df9b30a6da31cb0e5742bad5ad4a1a768f1a67b" + "a0a1a2a3a4a5a6a7a8a9aaab" + "02");
    assertThat(LegacyEnvelope.strip(identify)).isSameAs(identify);
    assertThat(LegacyEnvelope.strip(new byte[5])).hasSize(5);
  }

  @Test
  void aLengthFieldThatDoesNotMatchIsNotAnEnvelope() {
    byte[] wrongLength = bytes(ENVELOPED + "00");
    assertThat(LegacyEnvelope.isEnveloped(wrongLength)).isFalse();
    assertThat(LegacyEnvelope.strip(wrongLength)).isSameAs(wrongLength);
    byte[] wrongMarker = bytes(ENVELOPED);
    wrongMarker[0] = 17;
    assertThat(LegacyEnvelope.isEnveloped(wrongMarker)).isFalse();
  }
}
