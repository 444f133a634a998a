package io.proxima.oid4vp.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.subtle.Ed25519Sign;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import io.proxima.oid4vp.error.DidResolutionException;
import io.proxima.oid4vp.internal.Base58;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Golden vectors from the W3C CCG did-method-key test vectors and the did:jwk specification. */
class DidKeysTest {

  /** test-vectors/ed25519-x25519.json: the key is the Ed25519 key of the given 32-byte seed. */
  @ParameterizedTest
  @CsvSource({
    "0000000000000000000000000000000000000000000000000000000000000000, did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp, 4zvwRjXUKGfvwnParsHAS3HuSVzV5cA4McphgmoCtajS",
    "0000000000000000000000000000000000000000000000000000000000000001, did:key:z6MkjchhfUsD6mmvni8mCdXHw216Xrm9bQe2mBH1P5RDjVJG, 6ASf5EcmmEHTgDJ4X4ZT5vT6iHVJBXPg5AN5YoTCpGWt",
    "0000000000000000000000000000000000000000000000000000000000000002, did:key:z6MknGc3ocHs3zdPiJbnaaqDi58NGb4pk1Sp9WxWufuXSdxf, 8pM1DN3RiT8vbom5u1sNryaNT1nyL8CTTW3b5PwWXRBH",
    "0000000000000000000000000000000000000000000000000000000000000003, did:key:z6MkvqoYXQfDDJRv8L4wKzxYeuKyVZBfi9Qo6Ro8MiLH3kDQ, HPYVwAQmskwT1qEEeRzhoomyfyupJGASQQtCXSNG8XS2",
    "0000000000000000000000000000000000000000000000000000000000000004, did:key:z6MkwW6aqMnjgrhJXFUko3NnZPGzVpkNzhYK7yEhnsibmLwL, J3qYF7YJMKCqQke47UQwiHizgFUXapHxRxKmxbkar89x",
  })
  void ed25519DidKeyMatchesTheW3cVectors(String seedHex, String did, String publicKeyBase58) throws Exception {
    Ed25519Sign.KeyPair pair = Ed25519Sign.KeyPair.newKeyPairFromSeed(HexFormat.of().parseHex(seedHex));
    assertThat(pair.getPublicKey()).isEqualTo(Base58.decode(publicKeyBase58));
    OctetKeyPair key = new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(pair.getPublicKey())).build();

    assertThat(DidKeys.didKey(key)).isEqualTo(did);
    VerificationMethod method = DidKeys.resolve(did);
    assertThat(method.did()).isEqualTo(did);
    assertThat(method.id()).isEqualTo(did + "#" + did.substring("did:key:".length()));
    assertThat(((OctetKeyPair) method.publicKey()).getX().decode()).isEqualTo(pair.getPublicKey());
  }

  /** test-vectors/nist-curves.json, P-256 entries. */
  @ParameterizedTest
  @CsvSource({
    "did:key:zDnaerx9CtbPJ1q36T5Ln5wYt3MQYeGRG5ehnPAmxcf5mDZpv, igrFmi0whuihKnj9R3Om1SoMph72wUGeFaBbzG2vzns, efsX5b10x8yjyrj4ny3pGfLcY7Xby1KzgqOdqnsrJIM",
    "did:key:zDnaerDaTF5BXEavCrfRZEk316dpbLsfPDZ3WJ5hRTPFU2169, fyNYMN0976ci7xqiSdag3buk-ZCwgXU4kz9XNkBlNUI, hW2ojTNfH7Jbi8--CJUo3OCbH3y5n91g-IMA9MLMbTU",
  })
  void p256DidKeyMatchesTheW3cVectors(String did, String x, String y) {
    ECKey key = new ECKey.Builder(Curve.P_256, new Base64URL(x), new Base64URL(y)).build();
    assertThat(DidKeys.didKey(key)).isEqualTo(did);

    VerificationMethod method = DidKeys.resolve(did);
    ECKey resolved = (ECKey) method.publicKey();
    assertThat(resolved.getCurve()).isEqualTo(Curve.P_256);
    assertThat(resolved.getX().toString()).isEqualTo(x);
    assertThat(resolved.getY().toString()).isEqualTo(y);
    assertThat(DidKeys.resolve(method.id()).publicKey()).isEqualTo(resolved);
  }

  /** The P-256 example of the did:jwk specification. */
  @Test
  void didJwkMatchesTheSpecificationExample() {
    String did =
        "did:jwk:eyJjcnYiOiJQLTI1NiIsImt0eSI6IkVDIiwieCI6ImFjYklRaXVNczNpOF91c3pFakoydHBUdFJNNEVVM3l6OTFQSDZDZEgyVjAiLCJ5IjoiX0tjeUxqOXZXTXB0bm1LdG00NkdxRHo4d2Y3NEk1TEtncmwyR3pIM25TRSJ9";
    VerificationMethod method = DidKeys.resolve(did);
    ECKey key = (ECKey) method.publicKey();
    assertThat(key.getX().toString()).isEqualTo("acbIQiuMs3i8_uszEjJ2tpTtRM4EU3yz91PH6CdH2V0");
    assertThat(key.getY().toString()).isEqualTo("_KcyLj9vWMptnmKtm46GqDz8wf74I5LKgrl2GzH3nSE");
    assertThat(method.id()).isEqualTo(did + "#0");
    // Encoding writes the members in lexicographic order, as the example does.
    assertThat(DidKeys.didJwk(key)).isEqualTo(did);
  }

  @Test
  void generatedKeysRoundTripThroughBothMethods() {
    for (SigningKeyType type : SigningKeyType.values()) {
      for (DidMethod method : DidMethod.values()) {
        RequestSigner signer = RequestSigner.generate(type, method);
        VerificationMethod resolved = DidKeys.resolve(signer.keyId());
        assertThat(resolved.did()).isEqualTo(signer.did());
        assertThat(resolved.publicKey()).isEqualTo(signer.publicKey());
        assertThat(signer.did()).startsWith(method == DidMethod.KEY ? "did:key:z" : "did:jwk:");
      }
    }
  }

  @Test
  void didKeyAcceptsTheUncompressedP256Form() {
    ECKey key = new ECKey.Builder(Curve.P_256, new Base64URL("fyNYMN0976ci7xqiSdag3buk-ZCwgXU4kz9XNkBlNUI"),
        new Base64URL("hW2ojTNfH7Jbi8--CJUo3OCbH3y5n91g-IMA9MLMbTU")).build();
    byte[] point = new byte[65];
    point[0] = 4;
    System.arraycopy(key.getX().decode(), 0, point, 1, 32);
    System.arraycopy(key.getY().decode(), 0, point, 33, 32);
    byte[] codec = new byte[67];
    codec[0] = (byte) 0x80;
    codec[1] = 0x24;
    System.arraycopy(point, 0, codec, 2, 65);
    assertThat(DidKeys.resolve("did:key:z" + Base58.encode(codec)).publicKey()).isEqualTo(key);
  }

  @Test
  void refusesWhatCannotBeResolvedOffline() {
    assertThatThrownBy(() -> DidKeys.resolve("did:web:verifier.example"))
        .isInstanceOf(DidResolutionException.class).hasMessageContaining("did:web");
    assertThatThrownBy(() -> DidKeys.resolve("did:key:m6MkiTBz"))
        .isInstanceOf(DidResolutionException.class).hasMessageContaining("base58btc");
    assertThatThrownBy(() -> DidKeys.resolve("did:key:z0OIl"))
        .isInstanceOf(DidResolutionException.class).hasMessageContaining("base58");
    // secp256k1 (multicodec 0xe7) from the W3C vectors: valid, but not a key type we verify with.
    assertThatThrownBy(() -> DidKeys.resolve("did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme"))
        .isInstanceOf(DidResolutionException.class).hasMessageContaining("multicodec e701");
    assertThatThrownBy(() -> DidKeys.resolve("did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp#other"))
        .isInstanceOf(DidResolutionException.class).hasMessageContaining("no verification method #other");
    assertThatThrownBy(() -> DidKeys.resolve("did:jwk:bm90LWpzb24"))
        .isInstanceOf(DidResolutionException.class);
  }

  @Test
  void didJwkWithAPrivateKeyIsRefused() {
    RequestSigner signer = RequestSigner.generate();
    JWK withPrivate = ((ECKey) signer.publicKey()).toPublicJWK();
    ECKey priv = new ECKey.Builder((ECKey) withPrivate).d(new Base64URL("YjRs6vNvw4sYrzVVY8ipkEpDAD9PFqw1sUnvPRMA-WI")).build();
    String did = "did:jwk:" + Base64URL.encode(priv.toJSONString());
    assertThatThrownBy(() -> DidKeys.resolve(did)).isInstanceOf(DidResolutionException.class).hasMessageContaining("private");
  }
}
