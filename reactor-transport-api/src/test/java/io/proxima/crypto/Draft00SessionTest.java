package io.proxima.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proxima.error.DecryptionException;
import io.proxima.error.KeyAgreementException;
import io.proxima.error.NonceReuseException;
import io.proxima.error.ProtocolViolationException;
import io.proxima.message.Frame;
import io.proxima.message.FrameKind;
import io.proxima.message.Identify;
import io.proxima.message.IdentifyVersion;
import io.proxima.message.Role;
import io.proxima.message.SessionId;
import io.proxima.testing.Hex;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Draft00SessionTest {

  final SessionId id = SessionId.random();
  final X25519KeyPair verifierKeys = X25519KeyPair.generate();

  @Test
  void walletAndVerifierExchangeOneMessageEachWay() {
    Draft00Session wallet = Draft00Session.forWallet(id, verifierKeys.publicKey(), IdentifyVersion.V2);
    Identify received = Identify.decode(wallet.identify().encode(), id);
    Draft00Session verifier = Draft00Session.forVerifier(id, verifierKeys, received);

    byte[] request = verifier.seal(utf8("\"jwt\""));
    assertThat(wallet.open(request)).isEqualTo(utf8("\"jwt\""));
    byte[] submission = wallet.seal(utf8("{\"vp_token\":{}}"));
    assertThat(verifier.open(submission)).isEqualTo(utf8("{\"vp_token\":{}}"));
    assertThat(verifier.version()).isEqualTo(IdentifyVersion.V2);
  }

  @Test
  void secondEncryptionInTheSameDirectionIsRefused() {
    Draft00Session wallet = Draft00Session.forWallet(id, verifierKeys.publicKey(), IdentifyVersion.V2);
    wallet.seal(utf8("first"));
    assertThatThrownBy(() -> wallet.seal(utf8("second")))
        .isInstanceOf(NonceReuseException.class)
        .hasMessageContaining(id.toString());
  }

  @Test
  void aMessageSealedForTheOtherDirectionDoesNotOpen() {
    Draft00Session wallet = Draft00Session.forWallet(id, verifierKeys.publicKey(), IdentifyVersion.V2);
    Draft00Session verifier = Draft00Session.forVerifier(id, verifierKeys, wallet.identify());
    byte[] request = verifier.seal(utf8("x"));
    // Reflecting the verifier's own message back at it must fail: keys are per direction.
    assertThatThrownBy(() -> verifier.open(request)).isInstanceOf(DecryptionException.class);
  }

  @Test
  void tamperedCiphertextFailsWithATypedErrorWithoutSecrets() {
    Draft00Session wallet = Draft00Session.forWallet(id, verifierKeys.publicKey(), IdentifyVersion.V2);
    Draft00Session verifier = Draft00Session.forVerifier(id, verifierKeys, wallet.identify());
    byte[] submission = wallet.seal(utf8("secret-plaintext"));
    submission[0] ^= 1;
    assertThatThrownBy(() -> verifier.open(submission))
        .isInstanceOf(DecryptionException.class)
        .hasMessageContaining(id.toString())
        .hasMessageNotContaining("secret-plaintext");
    assertThatThrownBy(() -> verifier.open(new byte[3])).isInstanceOf(DecryptionException.class);
  }

  @Test
  void lowOrderWalletKeyIsRejected() {
    Identify lowOrder = Identify.of(new byte[32], new byte[12], IdentifyVersion.V2);
    assertThatThrownBy(() -> Draft00Session.forVerifier(id, verifierKeys, lowOrder))
        .isInstanceOf(KeyAgreementException.class)
        .hasMessageContaining("low-order");
    // The verifier's key pair survives a bogus Identify and still serves a real one.
    Draft00Session wallet = Draft00Session.forWallet(id, verifierKeys.publicKey(), IdentifyVersion.V2);
    assertThat(Draft00Session.forVerifier(id, verifierKeys, wallet.identify()).role()).isEqualTo(Role.VERIFIER);
  }

  @Test
  void wrongLengthVerifierKeyIsRejected() {
    assertThatThrownBy(() -> Draft00Session.forWallet(id, new byte[31], IdentifyVersion.V2))
        .isInstanceOf(KeyAgreementException.class)
        .hasMessageContaining("32 bytes");
  }

  @Test
  void frameHelpersEnforceDirection() {
    Draft00Session wallet = Draft00Session.forWallet(id, verifierKeys.publicKey(), IdentifyVersion.V2);
    Draft00Session verifier = Draft00Session.forVerifier(id, verifierKeys, wallet.identify());
    assertThatThrownBy(() -> wallet.sealFrame(FrameKind.REQUEST, utf8("x"))).isInstanceOf(ProtocolViolationException.class);
    Frame request = verifier.sealFrame(FrameKind.REQUEST, utf8("\"r\""));
    assertThat(wallet.openFrame(request)).isEqualTo(utf8("\"r\""));
    assertThatThrownBy(() -> verifier.openFrame(request)).isInstanceOf(ProtocolViolationException.class);
  }

  @Test
  void closeWipesKeysAndRefusesFurtherUse() throws Exception {
    Draft00Session wallet = Draft00Session.forWallet(id, verifierKeys.publicKey(), IdentifyVersion.V2);
    wallet.close();
    for (String name : new String[] {"sealKey", "openKey", "iv"}) {
      Field f = Draft00Session.class.getDeclaredField(name);
      f.setAccessible(true);
      assertThat((byte[]) f.get(wallet)).as(name).containsOnly(0);
    }
    assertThatThrownBy(() -> wallet.seal(utf8("x"))).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> wallet.open(new byte[32])).isInstanceOf(IllegalStateException.class);
    wallet.close();
    assertThat(wallet.isClosed()).isTrue();
  }

  @Test
  void destroyedKeyPairWipesThePrivateKey() throws Exception {
    X25519KeyPair keys = X25519KeyPair.generate();
    keys.destroy();
    Field f = X25519KeyPair.class.getDeclaredField("privateKey");
    f.setAccessible(true);
    assertThat((byte[]) f.get(keys)).containsOnly(0);
    assertThatThrownBy(() -> keys.agree(verifierKeys.publicKey(), id)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void toStringShowsNoKeyMaterial() {
    X25519KeyPair keys = X25519KeyPair.fromPrivateKey(Hex.bytes("0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20"));
    Draft00Session wallet = Draft00Session.forWallet(id, keys, Hex.bytes("a0a1a2a3a4a5a6a7a8a9aaab"), verifierKeys.publicKey(), IdentifyVersion.V2);
    String all = keys + " " + wallet + " " + wallet.identify();
    assertThat(all).doesNotContain("0102030405").doesNotContain("a0a1a2a3").doesNotContain(Hex.hex(keys.publicKey()).substring(0, 10));
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
