package io.proxima.message;

import static io.proxima.testing.Hex.bytes;
import static io.proxima.testing.Hex.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proxima.error.MalformedFrameException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Golden bytes of PROTOCOL.md §2.3. */
class IdentifyCodecTest {

  static final String WALLET_PUB = "5869aff450549732cbaaed5e5df9b30a6da31cb0e5742bad5ad4a1a768f1a67b";
  static final String NONCE = "a0a1a2a3a4a5a6a7a8a9aaab";

  static final String V2 =
      "5869aff450549732cbaaed5e5df9b30a6da31cb0e5742bad5ad4a1a768f1a67b" // wallet_pub (32)
          + "a0a1a2a3a4a5a6a7a8a9aaab" //                                   nonce (12)
          + "02"; //                                                          version marker
  static final String V1 =
      "5869aff450549732cbaaed5e5df9b30a6da31cb0e5742bad5ad4a1a768f1a67b" // wallet_pub (32)
          + "a0a1a2a3a4a5a6a7a8a9aaab"; //                                  nonce (12), no marker

  final SessionId id = SessionId.random();

  @Test
  void encodesV2As45Bytes() {
    byte[] encoded = Identify.of(bytes(WALLET_PUB), bytes(NONCE), IdentifyVersion.V2).encode();
    assertThat(encoded).hasSize(45);
    assertThat(hex(encoded)).isEqualTo(V2);
  }

  @Test
  void encodesV1As44Bytes() {
    byte[] encoded = Identify.of(bytes(WALLET_PUB), bytes(NONCE), IdentifyVersion.V1).encode();
    assertThat(encoded).hasSize(44);
    assertThat(hex(encoded)).isEqualTo(V1);
  }

  @Test
  void decodesBothVersions() {
    Identify v2 = Identify.decode(bytes(V2), id);
    assertThat(v2.version()).isEqualTo(IdentifyVersion.V2);
    assertThat(hex(v2.walletPublicKey())).isEqualTo(WALLET_PUB);
    assertThat(hex(v2.nonce())).isEqualTo(NONCE);
    Identify v1 = Identify.decode(bytes(V1), id);
    assertThat(v1.version()).isEqualTo(IdentifyVersion.V1);
    assertThat(v1.walletPublicKey()).isEqualTo(v2.walletPublicKey());
    assertThat(Identify.decode(v2.toFrame(), id)).isEqualTo(v2);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 32, 43, 46, 64, 1000})
  void anyOtherLengthIsMalformedAndNamesTheField(int length) {
    assertThatThrownBy(() -> Identify.decode(new byte[length], id))
        .isInstanceOf(MalformedFrameException.class)
        .satisfies(e -> assertThat(((MalformedFrameException) e).field()).isEqualTo("identify.length"))
        .hasMessageContaining(String.valueOf(length))
        .hasMessageContaining(id.toString());
  }

  @Test
  void aFortyFiveByteMessageMustEndWithTheV2Marker() {
    byte[] wrong = bytes(V2);
    wrong[44] = 0x03;
    assertThatThrownBy(() -> Identify.decode(wrong, id))
        .isInstanceOf(MalformedFrameException.class)
        .satisfies(e -> assertThat(((MalformedFrameException) e).field()).isEqualTo("identify.version"));
  }

  @Test
  void partsMustHaveTheirLengths() {
    assertThatThrownBy(() -> Identify.of(new byte[31], new byte[12], IdentifyVersion.V2))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Identify.of(new byte[32], new byte[11], IdentifyVersion.V2))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
