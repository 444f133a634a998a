package io.proxima.sdjwt.issuer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.JWK;
import io.proxima.oid4vp.dcql.DcqlQuery;
import io.proxima.sdjwt.CredentialFormatException;
import io.proxima.sdjwt.SdJwtVc;
import io.proxima.sdjwt.testing.Fixtures;
import io.proxima.sdjwt.testing.Tamper;
import io.proxima.sdjwt.verifier.IssuerTrust;
import io.proxima.sdjwt.verifier.SdJwtVcValidator;
import io.proxima.sdjwt.wallet.HeldCredential;
import io.proxima.sdjwt.wallet.SdJwtPresenter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Minting, the three credential files, and loading them back as wallet and verifier would. */
class CredentialFilesTest {

  final SdJwtVcIssuer issuer = Fixtures.issuer();
  final IssuedCredential pid = TestCredentials.pid(issuer);

  @Test
  void aMintedPidHasEveryClaimSelectivelyDisclosableAndTheRegisteredClaimsInTheClear() {
    JsonNode payload = Tamper.payload(Tamper.issuerJwt(pid.sdJwt()));
    assertThat(payload.fieldNames()).toIterable().containsExactlyInAnyOrder("iss", "iat", "exp", "vct", "cnf", "_sd", "_sd_alg");
    assertThat(payload.get("_sd_alg").asText()).isEqualTo(SdJwtVc.HASH_ALGORITHM);
    assertThat(payload.get("iat").asLong()).isEqualTo(Fixtures.NOW.getEpochSecond());
    assertThat(payload.get("exp").asLong()).isEqualTo(Fixtures.NOW.plus(Issuance.DEFAULT_VALIDITY).getEpochSecond());
    assertThat(payload.get("_sd")).hasSize(6);
    // 6 top-level claims, 4 address members, 2 nationalities, 1 age flag
    assertThat(Tamper.disclosures(pid.sdJwt())).hasSize(13);
    assertThat(pid.sdJwt()).endsWith("~");
  }

  @Test
  void theHeldCredentialShowsEveryClaim() {
    HeldCredential held = pid.held();
    assertThat(held.vct()).isEqualTo(TestCredentials.PID_VCT);
    assertThat(held.issuer()).isEqualTo(SdJwtVcIssuer.DEFAULT_ISSUER);
    assertThat(held.type()).isEqualTo(SdJwtVc.TYPE);
    assertThat(held.claims().get("address").get("locality").asText()).isEqualTo("Köln");
    assertThat(held.claims().get("nationalities")).hasSize(2);
    assertThat(held.disclosureCount()).isEqualTo(13);
    assertThat(held.toString()).doesNotContain("Erika");
  }

  @Test
  void visibleClaimsStayInTheClear() {
    IssuedCredential c = issuer.issue(Issuance.of("urn:x", Fixtures.object("{\"sub\": \"u1\", \"name\": \"n\", \"org\": {\"id\": 7}}"), Fixtures.holderKey().toPublicJWK())
        .withVisible("sub", "org"));
    JsonNode payload = Tamper.payload(Tamper.issuerJwt(c.sdJwt()));
    assertThat(payload.get("sub").asText()).isEqualTo("u1");
    assertThat(payload.get("org")).isEqualTo(Fixtures.object("{\"id\": 7}"));
    assertThat(Tamper.disclosures(c.sdJwt())).hasSize(1);
    assertThat(payload.has("name")).isFalse();
  }

  @Test
  void reservedOrNullClaimsAreRefused() {
    JWK holder = Fixtures.holderKey().toPublicJWK();
    assertThatThrownBy(() -> issuer.issue(Issuance.of("urn:x", Fixtures.object("{\"vct\": \"y\"}"), holder))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> issuer.issue(Issuance.of("urn:x", Fixtures.object("{\"a\": {\"_sd\": 1}}"), holder))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> issuer.issue(Issuance.of("urn:x", Fixtures.object("{\"a\": null}"), holder))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theFilesRoundTripIntoAWalletAndAVerifier(@TempDir Path dir) throws Exception {
    CredentialFiles files = pid.writeTo(dir.resolve("out"));

    assertThat(files.credential()).hasFileName(CredentialFiles.CREDENTIAL_FILE);
    assertThat(Files.readString(files.credential()).strip()).isEqualTo(pid.sdJwt());
    assertThat(Files.getPosixFilePermissions(files.holderKey())).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    assertThat(Files.readString(files.issuerJwks())).doesNotContain("\"d\"");

    HeldCredential held = CredentialFiles.in(dir.resolve("out")).loadCredential();
    IssuerTrust trust = files.loadTrust();
    var query = Fixtures.namesQuery();
    SdJwtPresenter wallet = SdJwtPresenter.of(held).clock(Fixtures.CLOCK);
    String presentation = wallet.presentations(wallet.plan(DcqlQuery.of(query)), Fixtures.CLIENT_ID, Fixtures.NONCE).get("pid").get(0);
    assertThat(Fixtures.verify(SdJwtVcValidator.create(trust).clock(Fixtures.CLOCK), presentation, query).verified()).isTrue();
  }

  @Test
  void aHolderKeyThatIsNotTheCredentialsIsRefused() {
    assertThatThrownBy(() -> HeldCredential.of(pid.sdJwt(), Fixtures.holderKey()))
        .isInstanceOfSatisfying(CredentialFormatException.class, e -> assertThat(e.field()).isEqualTo("holder_key"));
  }

  @Test
  void aPublicHolderKeyIsRefused() {
    assertThatThrownBy(() -> HeldCredential.of(pid.sdJwt(), pid.holderKey().toPublicJWK()))
        .isInstanceOfSatisfying(CredentialFormatException.class, e -> assertThat(e.field()).isEqualTo("holder_key"));
  }

  @Test
  void aPresentationWithKeyBindingIsNotAnIssuedCredential() {
    String presented = Fixtures.present(pid, Fixtures.namesQuery());
    assertThatThrownBy(() -> HeldCredential.of(presented, pid.holderKey()))
        .isInstanceOfSatisfying(CredentialFormatException.class, e -> assertThat(e.getMessage()).contains("Key Binding"));
  }

  @Test
  void aCredentialWithADisclosureThatMatchesNothingIsRefused() {
    String extra = pid.sdJwt() + Tamper.disclosure("c2FsdHNhbHRzYWx0c2FsdA", "x", "1") + "~";
    assertThatThrownBy(() -> HeldCredential.of(extra, pid.holderKey()))
        .isInstanceOfSatisfying(CredentialFormatException.class, e -> assertThat(e.getMessage()).contains("disclosure_unreferenced"));
  }

  @Test
  void missingOrBrokenFilesAreTypedErrorsNamingTheFile(@TempDir Path dir) throws Exception {
    CredentialFiles files = pid.writeTo(dir);
    Files.writeString(files.holderKey(), "not a jwk");
    assertThatThrownBy(files::loadCredential)
        .isInstanceOfSatisfying(CredentialFormatException.class, e -> assertThat(e.field()).isEqualTo("holder_key"));
    assertThatThrownBy(() -> HeldCredential.load(dir.resolve("absent"), files.holderKey()))
        .isInstanceOfSatisfying(CredentialFormatException.class, e -> assertThat(e.field()).isEqualTo("credential"));
    Files.writeString(files.holderKey(), pid.holderKey().toPublicJWK().toJSONString());
    assertThatThrownBy(files::loadCredential).isInstanceOf(CredentialFormatException.class).hasMessageContaining("private");
    Set<String> names = Set.of(CredentialFiles.CREDENTIAL_FILE, CredentialFiles.HOLDER_KEY_FILE, CredentialFiles.ISSUER_JWKS_FILE);
    try (var listing = Files.list(dir)) {
      assertThat(listing.map(p -> p.getFileName().toString())).containsExactlyInAnyOrderElementsOf(names);
    }
  }

  @Test
  void aCredentialMintedWithoutHolderKeyCannotBeWritten(@TempDir Path dir) {
    IssuedCredential c = issuer.issue(Issuance.of("urn:x", Fixtures.object("{\"a\": 1}"), Fixtures.holderKey().toPublicJWK()));
    assertThatThrownBy(() -> c.writeTo(dir)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(c::held).isInstanceOf(IllegalStateException.class);
  }
}
