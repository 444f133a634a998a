package io.proxima.crypto;

import static io.proxima.testing.Hex.bytes;
import static io.proxima.testing.Hex.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.proxima.crypto.internal.Hkdf;
import io.proxima.crypto.internal.Sha256;
import io.proxima.message.Identify;
import io.proxima.message.IdentifyVersion;
import io.proxima.message.SessionId;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Every test vector of PROTOCOL.md §2, byte for byte, through the project's crypto classes. */
class ProtocolVectorsTest {

  static final String VERIFIER_PRIV = "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20";
  static final String VERIFIER_PUB = "07a37cbc142093c8b755dc1b10e86cb426374ad16aa853ed0bdfc0b2b86d1c7c";
  static final String WALLET_PRIV = "2122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f40";
  static final String WALLET_PUB = "5869aff450549732cbaaed5e5df9b30a6da31cb0e5742bad5ad4a1a768f1a67b";
  static final String NONCE = "a0a1a2a3a4a5a6a7a8a9aaab";
  static final String Z = "a84dc7c3c8f058b1b2dc4cd1e9b5dc0a7987f88b6a9564cde3391fc421159e77";
  static final String SALT = "665693fb4bc7abd5ecdb27127506fd3e75574169b41e94d35dd332879947c0d4";
  static final String SK_WALLET = "776e3bf633af8a269f8c68192513c46e70c61f9c78fa36ab8f0365453caa95eb";
  static final String SK_VERIFIER = "ba4bd87ec16c1590c3546999a061fc10c29b5869e7c1ba367684dc5c5079faad";
  static final String REQUEST_PLAINTEXT = "\"eyJhbGciOiJFUzI1NiJ9.e30.sig\"";
  static final String REQUEST_CT =
      "6f6a29f5df61e5492f8e751dd5276ef560ed72f7423a0cc724036edac0cbc9ac490171b347ffd84b37c8510c32f0";
  static final String SUBMISSION_PLAINTEXT = "{\"vp_token\":{\"q1\":[\"tok\"]}}";
  static final String SUBMISSION_CT =
      "89c6837231124bb749508d24ce98dbcd36d8ccecfe80e0b8f0261b6d8fcb519fbc41c54cfc78949739782c";
  static final String REJECTION_PLAINTEXT = "1700000000";
  static final String REJECTION_CT = "c3d3c5325e5614ec1c0e8b30a4920251e0be56fd22663453371f";

  final SessionId id = SessionId.random();

  @Test
  void publicKeysMatch() {
    assertThat(hex(X25519KeyPair.fromPrivateKey(bytes(VERIFIER_PRIV)).publicKey())).isEqualTo(VERIFIER_PUB);
    assertThat(hex(X25519KeyPair.fromPrivateKey(bytes(WALLET_PRIV)).publicKey())).isEqualTo(WALLET_PUB);
  }

  @Test
  void sharedSecretIsTheSameFromBothSides() {
    byte[] fromVerifier = X25519KeyPair.fromPrivateKey(bytes(VERIFIER_PRIV)).agree(bytes(WALLET_PUB), id);
    byte[] fromWallet = X25519KeyPair.fromPrivateKey(bytes(WALLET_PRIV)).agree(bytes(VERIFIER_PUB), id);
    assertThat(hex(fromVerifier)).isEqualTo(Z);
    assertThat(hex(fromWallet)).isEqualTo(Z);
  }

  @Test
  void saltIsSha256OfNonce() {
    assertThat(hex(Sha256.hash(bytes(NONCE)))).isEqualTo(SALT);
  }

  @Test
  void sessionKeysAreNamedAfterTheirReceiver() {
    byte[] z = bytes(Z);
    byte[] salt = bytes(SALT);
    assertThat(hex(Hkdf.deriveKey(z, salt, "SKWallet".getBytes(StandardCharsets.US_ASCII), 32))).isEqualTo(SK_WALLET);
    assertThat(hex(Hkdf.deriveKey(z, salt, "SKVerifier".getBytes(StandardCharsets.US_ASCII), 32))).isEqualTo(SK_VERIFIER);
  }

  @Test
  void verifierSealsTheRequestWithSkWallet() {
    try (Draft00Session verifier = verifierSession(IdentifyVersion.V2)) {
      byte[] ct = verifier.seal(REQUEST_PLAINTEXT.getBytes(StandardCharsets.UTF_8));
      assertThat(hex(ct)).isEqualTo(REQUEST_CT);
    }
    try (Draft00Session wallet = walletSession(IdentifyVersion.V2)) {
      assertThat(new String(wallet.open(bytes(REQUEST_CT)), StandardCharsets.UTF_8)).isEqualTo(REQUEST_PLAINTEXT);
    }
  }

  @Test
  void walletSealsTheSubmissionWithSkVerifier() {
    try (Draft00Session wallet = walletSession(IdentifyVersion.V2)) {
      assertThat(hex(wallet.seal(SUBMISSION_PLAINTEXT.getBytes(StandardCharsets.UTF_8)))).isEqualTo(SUBMISSION_CT);
    }
    try (Draft00Session verifier = verifierSession(IdentifyVersion.V2)) {
      assertThat(new String(verifier.open(bytes(SUBMISSION_CT)), StandardCharsets.UTF_8)).isEqualTo(SUBMISSION_PLAINTEXT);
    }
  }

  @Test
  void walletSealsTheRejectionWithSkVerifier() {
    try (Draft00Session wallet = walletSession(IdentifyVersion.V1)) {
      assertThat(hex(wallet.seal(REJECTION_PLAINTEXT.getBytes(StandardCharsets.UTF_8)))).isEqualTo(REJECTION_CT);
    }
    try (Draft00Session verifier = verifierSession(IdentifyVersion.V1)) {
      assertThat(new String(verifier.open(bytes(REJECTION_CT)), StandardCharsets.UTF_8)).isEqualTo(REJECTION_PLAINTEXT);
    }
  }

  @Test
  void walletIdentifyCarriesItsKeyAndNonce() {
    try (Draft00Session wallet = walletSession(IdentifyVersion.V2)) {
      assertThat(hex(wallet.identify().encode())).isEqualTo(WALLET_PUB + NONCE + "02");
    }
  }

  private Draft00Session verifierSession(IdentifyVersion version) {
    Identify identify = Identify.of(bytes(WALLET_PUB), bytes(NONCE), version);
    return Draft00Session.forVerifier(id, X25519KeyPair.fromPrivateKey(bytes(VERIFIER_PRIV)), identify);
  }

  private Draft00Session walletSession(IdentifyVersion version) {
    return Draft00Session.forWallet(
        id, X25519KeyPair.fromPrivateKey(bytes(WALLET_PRIV)), bytes(NONCE), bytes(VERIFIER_PUB), version);
  }
}
