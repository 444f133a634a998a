package io.proxima.sdjwt.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.JWKSet;
import io.proxima.oid4vp.dcql.CredentialQuery;
import io.proxima.oid4vp.error.DidResolutionException;
import io.proxima.oid4vp.request.DidMethod;
import io.proxima.oid4vp.request.SigningKeyType;
import io.proxima.sdjwt.CredentialFormatException;
import io.proxima.sdjwt.SdJwtReasons;
import io.proxima.sdjwt.issuer.IssuedCredential;
import io.proxima.sdjwt.issuer.SdJwtVcIssuer;
import io.proxima.sdjwt.testing.Fixtures;
import io.proxima.sdjwt.testing.Tamper;
import io.proxima.sdjwt.testing.TestCertificates;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The three ways to trust an issuer: a JWKS, an x5c chain to a root, a did:key / did:jwk on the list. */
class IssuerTrustTest {

  final CredentialQuery query = Fixtures.namesQuery();

  SdJwtVerification verify(IssuerTrust trust, SdJwtVcIssuer issuer) {
    IssuedCredential pid = Fixtures.pid(issuer);
    return Fixtures.verify(SdJwtVcValidator.create(trust).clock(Fixtures.CLOCK), Fixtures.present(pid, query), query);
  }

  // JWKS

  @Test
  void aJwksKeyIsFoundByKid() {
    SdJwtVcIssuer issuer = Fixtures.issuer();
    JWKSet both = new JWKSet(List.of(Fixtures.issuer().publicKey(), issuer.publicKey()));
    SdJwtVerification v = verify(IssuerTrust.of(both), issuer);
    assertThat(v.verified()).isTrue();
    assertThat(v.trustSource()).isEqualTo("jwks");
  }

  @Test
  void withoutKidEveryFittingKeyIsTried() {
    SdJwtVcIssuer issuer = Fixtures.issuer().withoutKeyId();
    JWKSet both = new JWKSet(List.of(Fixtures.issuer().publicKey(), issuer.publicKey()));
    assertThat(verify(IssuerTrust.of(both), issuer).verified()).isTrue();
  }

  @Test
  void anEd25519IssuerIsVerified() {
    SdJwtVcIssuer issuer = SdJwtVcIssuer.of(SdJwtVcIssuer.generateKey(SigningKeyType.ED25519), "https://ed.example").withClock(Fixtures.CLOCK);
    SdJwtVerification v = verify(IssuerTrust.of(issuer.publicJwks()), issuer);
    assertThat(v.verified()).isTrue();
  }

  @Test
  void aJwksFileIsLoadedAndPrivateMembersAreDropped(@TempDir Path dir) throws Exception {
    SdJwtVcIssuer issuer = Fixtures.issuer();
    Path file = dir.resolve("jwks.json");
    Files.writeString(file, issuer.publicJwks().toString(true));
    IssuerTrust trust = IssuerTrust.loadJwks(file);
    assertThat(trust.keys()).hasSize(1).allSatisfy(k -> assertThat(k.isPrivate()).isFalse());
    assertThat(verify(trust, issuer).verified()).isTrue();
  }

  @Test
  void aFileThatIsNotAJwksIsATypedError(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("jwks.json");
    Files.writeString(file, "{\"not\": \"a jwks\"}");
    assertThatThrownBy(() -> IssuerTrust.loadJwks(file)).isInstanceOfSatisfying(CredentialFormatException.class,
        e -> assertThat(e.field()).isEqualTo("jwks"));
    assertThatThrownBy(() -> IssuerTrust.loadJwks(dir.resolve("absent.json"))).isInstanceOf(CredentialFormatException.class);
  }

  // x5c

  @Test
  void anX5cChainToAConfiguredRootIsTrusted() {
    TestCertificates.Issued root = TestCertificates.rootCa("CN=Test PID Root");
    TestCertificates.Issued leaf = TestCertificates.leaf("CN=Test PID Issuer,O=Proxima", root);
    SdJwtVcIssuer issuer = SdJwtVcIssuer.of(leaf.privateKey(), "https://pid.example").withCertificateChain(List.of(leaf.certificate()))
        .withClock(Fixtures.CLOCK);

    SdJwtVerification v = verify(IssuerTrust.none().withRootCertificates(List.of(root.certificate())), issuer);

    assertThat(v.verified()).isTrue();
    assertThat(v.trustSource()).isEqualTo("x5c");
    assertThat(v.issuer()).contains("CN=Test PID Issuer");
  }

  @Test
  void anX5cChainIncludingTheRootIsTrusted() {
    TestCertificates.Issued root = TestCertificates.rootCa("CN=Test PID Root");
    TestCertificates.Issued leaf = TestCertificates.leaf("CN=Issuer", root);
    SdJwtVcIssuer issuer = SdJwtVcIssuer.of(leaf.privateKey(), "https://pid.example")
        .withCertificateChain(List.of(leaf.certificate(), root.certificate())).withClock(Fixtures.CLOCK);
    assertThat(verify(IssuerTrust.none().withRootCertificates(List.of(root.certificate())), issuer).verified()).isTrue();
  }

  @Test
  void anX5cChainToAnotherRootIsUntrusted() {
    TestCertificates.Issued root = TestCertificates.rootCa("CN=Test PID Root");
    TestCertificates.Issued other = TestCertificates.rootCa("CN=Other Root");
    TestCertificates.Issued leaf = TestCertificates.leaf("CN=Issuer", other);
    SdJwtVcIssuer issuer = SdJwtVcIssuer.of(leaf.privateKey(), "https://pid.example").withCertificateChain(List.of(leaf.certificate()))
        .withClock(Fixtures.CLOCK);

    SdJwtVerification v = verify(IssuerTrust.none().withRootCertificates(List.of(root.certificate())), issuer);

    assertThat(v.codes()).containsExactly(SdJwtReasons.ISSUER_UNTRUSTED);
    assertThat(v.reasons().get(0).detail()).contains("x5c");
  }

  @Test
  void anExpiredLeafCertificateIsUntrusted() {
    TestCertificates.Issued root = TestCertificates.rootCa("CN=Test PID Root");
    TestCertificates.Issued leaf = TestCertificates.leaf("CN=Issuer", root, Fixtures.NOW.minusSeconds(86400), Fixtures.NOW.minusSeconds(3600),
        KeyUsage.digitalSignature);
    SdJwtVcIssuer issuer = SdJwtVcIssuer.of(leaf.privateKey(), "https://pid.example").withCertificateChain(List.of(leaf.certificate()))
        .withClock(Fixtures.CLOCK);
    assertThat(verify(IssuerTrust.none().withRootCertificates(List.of(root.certificate())), issuer).codes())
        .containsExactly(SdJwtReasons.ISSUER_UNTRUSTED);
  }

  @Test
  void aLeafNotForSignaturesIsUntrusted() {
    TestCertificates.Issued root = TestCertificates.rootCa("CN=Test PID Root");
    TestCertificates.Issued leaf = TestCertificates.leaf("CN=Issuer", root, Fixtures.NOW.minusSeconds(3600), Fixtures.NOW.plusSeconds(3600),
        KeyUsage.keyAgreement);
    SdJwtVcIssuer issuer = SdJwtVcIssuer.of(leaf.privateKey(), "https://pid.example").withCertificateChain(List.of(leaf.certificate()))
        .withClock(Fixtures.CLOCK);
    SdJwtVerification v = verify(IssuerTrust.none().withRootCertificates(List.of(root.certificate())), issuer);
    assertThat(v.codes()).containsExactly(SdJwtReasons.ISSUER_UNTRUSTED);
    assertThat(v.reasons().get(0).detail()).contains("digital signatures");
  }

  @Test
  void anX5cLeafWhoseKeyDidNotSignIsAnInvalidSignature() {
    TestCertificates.Issued root = TestCertificates.rootCa("CN=Test PID Root");
    TestCertificates.Issued leaf = TestCertificates.leaf("CN=Issuer", root);
    SdJwtVcIssuer issuer = SdJwtVcIssuer.of(Fixtures.holderKey(), "https://pid.example").withCertificateChain(List.of(leaf.certificate()))
        .withClock(Fixtures.CLOCK);
    assertThat(verify(IssuerTrust.none().withRootCertificates(List.of(root.certificate())), issuer).codes())
        .containsExactly(SdJwtReasons.ISSUER_SIGNATURE_INVALID);
  }

  @Test
  void rootCertificatesAreLoadedFromPem(@TempDir Path dir) throws Exception {
    TestCertificates.Issued root = TestCertificates.rootCa("CN=Test PID Root");
    String pem = "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(root.certificate().getEncoded()) + "\n-----END CERTIFICATE-----\n";
    Path file = dir.resolve("roots.pem");
    Files.writeString(file, pem);
    assertThat(IssuerTrust.loadCertificates(file)).containsExactly(root.certificate());
  }

  // DIDs

  @ParameterizedTest
  @EnumSource(DidMethod.class)
  void aDidIssuerOnTheListIsTrusted(DidMethod method) {
    SdJwtVcIssuer issuer = SdJwtVcIssuer.generateDid(SigningKeyType.P256, method).withClock(Fixtures.CLOCK);
    SdJwtVerification v = verify(IssuerTrust.none().withDids(List.of(issuer.issuer())), issuer);
    assertThat(v.verified()).isTrue();
    assertThat(v.trustSource()).isEqualTo("did");
    assertThat(v.issuer()).isEqualTo(issuer.issuer());
  }

  @Test
  void anEd25519DidKeyIssuerIsTrusted() {
    SdJwtVcIssuer issuer = SdJwtVcIssuer.generateDid(SigningKeyType.ED25519, DidMethod.KEY).withClock(Fixtures.CLOCK);
    assertThat(verify(IssuerTrust.none().withDids(List.of(issuer.issuer())), issuer).verified()).isTrue();
  }

  @Test
  void aDidIssuerNotOnTheListIsUntrusted() {
    SdJwtVcIssuer issuer = SdJwtVcIssuer.generateDid(SigningKeyType.P256, DidMethod.KEY).withClock(Fixtures.CLOCK);
    SdJwtVcIssuer listed = SdJwtVcIssuer.generateDid(SigningKeyType.P256, DidMethod.KEY);
    SdJwtVerification v = verify(IssuerTrust.none().withDids(List.of(listed.issuer())), issuer);
    assertThat(v.codes()).containsExactly(SdJwtReasons.ISSUER_UNTRUSTED);
    assertThat(v.reasons().get(0).detail()).contains("not on the trust list");
  }

  @Test
  void aKidOfAnotherDidIsUntrusted() {
    SdJwtVcIssuer listed = SdJwtVcIssuer.generateDid(SigningKeyType.P256, DidMethod.KEY).withClock(Fixtures.CLOCK);
    SdJwtVcIssuer other = SdJwtVcIssuer.generateDid(SigningKeyType.P256, DidMethod.KEY).withClock(Fixtures.CLOCK);
    IssuedCredential pid = Fixtures.pid(other);
    String present = Fixtures.present(pid, query);
    // The other issuer signs a payload claiming the listed DID as iss, with its own kid.
    String jwt = Tamper.resign(other, Tamper.issuerJwt(present), p -> p.put("iss", listed.issuer()));
    String presentation = Tamper.bind(Tamper.sdJwt(jwt, Tamper.disclosures(present)), pid.holderKey());
    SdJwtVerification v = Fixtures.verify(SdJwtVcValidator.create(IssuerTrust.none().withDids(List.of(listed.issuer()))).clock(Fixtures.CLOCK),
        presentation, query);
    assertThat(v.codes()).containsExactly(SdJwtReasons.ISSUER_UNTRUSTED);
    assertThat(v.reasons().get(0).detail()).contains("kid");
  }

  @Test
  void theTrustListTakesDidsNotDidUrlsAndOnlyResolvableOnes() {
    assertThatThrownBy(() -> IssuerTrust.none().withDids(List.of("did:key:z6Mk#frag"))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> IssuerTrust.none().withDids(List.of("did:web:example.com"))).isInstanceOf(DidResolutionException.class);
  }
}
