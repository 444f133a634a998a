package io.proxima.sdjwt;

import static org.assertj.core.api.Assertions.assertThat;

import io.proxima.oid4vp.dcql.CredentialQuery;
import io.proxima.oid4vp.dcql.DcqlQuery;
import io.proxima.oid4vp.request.DidMethod;
import io.proxima.oid4vp.request.SigningKeyType;
import io.proxima.sdjwt.issuer.IssuedCredential;
import io.proxima.sdjwt.issuer.SdJwtVcIssuer;
import io.proxima.sdjwt.issuer.TestCredentials;
import io.proxima.sdjwt.testing.Fixtures;
import io.proxima.sdjwt.testing.TestCertificates;
import io.proxima.sdjwt.verifier.IssuerTrust;
import io.proxima.sdjwt.verifier.SdJwtVcValidator;
import io.proxima.sdjwt.verifier.SdJwtVerification;
import io.proxima.sdjwt.wallet.SdJwtPresenter;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Verification and presentation run on Reactor's parallel threads, where BlockHound (installed
 * for every test) fails any blocking call: the signature path once made Bouncy Castle read
 * /dev/urandom on every ECDSA verification.
 */
class NonBlockingTest {

  @Test
  void verifyingEveryKindOfIssuerDoesNotBlock() {
    CredentialQuery query = Fixtures.namesQuery();
    TestCertificates.Issued root = TestCertificates.rootCa("CN=Root");
    TestCertificates.Issued leaf = TestCertificates.leaf("CN=Issuer", root);
    SdJwtVcIssuer jwks = Fixtures.issuer();
    SdJwtVcIssuer x5c = SdJwtVcIssuer.of(leaf.privateKey(), "https://x5c.example").withCertificateChain(List.of(leaf.certificate()))
        .withClock(Fixtures.CLOCK);
    SdJwtVcIssuer did = SdJwtVcIssuer.generateDid(SigningKeyType.ED25519, DidMethod.KEY).withClock(Fixtures.CLOCK);
    IssuerTrust trust = IssuerTrust.of(jwks.publicJwks()).withRootCertificates(List.of(root.certificate())).withDids(List.of(did.issuer()));
    SdJwtVcValidator validator = SdJwtVcValidator.create(trust).clock(Fixtures.CLOCK);

    for (SdJwtVcIssuer issuer : List.of(jwks, x5c, did)) {
      String presentation = Fixtures.present(TestCredentials.pid(issuer), query);
      SdJwtVerification v = validator.verify(presentation, query, Fixtures.CLIENT_ID, Fixtures.NONCE)
          .subscribeOn(Schedulers.parallel()).block(Fixtures.WAIT);
      assertThat(v.verified()).as("%s: %s", issuer, v.reasons()).isTrue();
    }
  }

  @Test
  void presentingDoesNotBlock() {
    IssuedCredential pid = Fixtures.pid(Fixtures.issuer());
    SdJwtPresenter wallet = SdJwtPresenter.of(pid.held());
    var plan = wallet.plan(DcqlQuery.of(Fixtures.namesQuery()));
    var token = Mono.fromCallable(() -> wallet.presentations(plan, Fixtures.CLIENT_ID, Fixtures.NONCE))
        .subscribeOn(Schedulers.parallel()).block(Fixtures.WAIT);
    assertThat(token.get("pid")).hasSize(1);
  }

  @Test
  void issuingDoesNotBlock() {
    IssuedCredential pid = Mono.fromCallable(() -> TestCredentials.pid(SdJwtVcIssuer.generate()))
        .subscribeOn(Schedulers.parallel()).block(Fixtures.WAIT);
    assertThat(pid.held().disclosureCount()).isEqualTo(13);
  }
}
