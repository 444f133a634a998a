package io.proxima.sdjwt.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.proxima.oid4vp.dcql.ClaimPath;
import io.proxima.oid4vp.dcql.ClaimsQuery;
import io.proxima.oid4vp.dcql.CredentialQuery;
import io.proxima.oid4vp.dcql.CredentialSetQuery;
import io.proxima.oid4vp.dcql.DcqlQuery;
import io.proxima.sdjwt.SdJwtVc;
import io.proxima.sdjwt.issuer.IssuedCredential;
import io.proxima.sdjwt.issuer.Issuance;
import io.proxima.sdjwt.issuer.SdJwtVcIssuer;
import io.proxima.sdjwt.issuer.TestCredentials;
import io.proxima.sdjwt.testing.Fixtures;
import io.proxima.sdjwt.testing.Tamper;
import io.proxima.sdjwt.verifier.SdJwtVcValidator;
import io.proxima.sdjwt.verifier.SdJwtVerification;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The wallet's DCQL matching and minimal disclosure, checked on the plan and, end to end, on what
 * the verifier sees from the resulting presentation.
 */
class DcqlMatchingTest {

  final SdJwtVcIssuer issuer = Fixtures.issuer();
  final IssuedCredential pid = Fixtures.pid(issuer);
  final SdJwtPresenter wallet = SdJwtPresenter.of(pid.held()).clock(Fixtures.CLOCK);
  final SdJwtVcValidator validator = Fixtures.validator(issuer);

  static ClaimsQuery path(@Nullable Object... elements) {
    return new ClaimsQuery(null, ClaimPath.of(Arrays.asList(elements)), null, null);
  }

  static ClaimsQuery withValues(ClaimsQuery c, JsonNode... values) {
    return new ClaimsQuery(c.id(), c.path(), List.of(values), null);
  }

  PlannedPresentation planned(DcqlQuery query, String id) {
    PresentationPlan plan = wallet.plan(query);
    assertThat(plan.satisfied()).as("satisfied: %s", plan.unsatisfied()).isTrue();
    return plan.presentations().get(id).get(0);
  }

  /** What the verifier gets from the wallet's presentation for a query of one credential. */
  SdJwtVerification verified(CredentialQuery query) {
    String presentation = wallet.presentations(wallet.plan(DcqlQuery.of(query)), Fixtures.CLIENT_ID, Fixtures.NONCE).get(query.id()).get(0);
    SdJwtVerification v = Fixtures.verify(validator, presentation, query);
    assertThat(v.verified()).as("verified: %s", v.reasons()).isTrue();
    return v;
  }

  int presentedDisclosures(CredentialQuery query) {
    String presentation = wallet.presentations(wallet.plan(DcqlQuery.of(query)), Fixtures.CLIENT_ID, Fixtures.NONCE).get(query.id()).get(0);
    return Tamper.disclosures(presentation).size();
  }

  @Test
  void topLevelClaimsDiscloseOnlyThemselves() {
    CredentialQuery q = Fixtures.namesQuery();
    assertThat(planned(DcqlQuery.of(q), "pid").disclosedClaims()).containsExactlyInAnyOrder("given_name", "family_name");
    assertThat(presentedDisclosures(q)).isEqualTo(2);
    JsonNode claims = verified(q).claims();
    assertThat(claims.fieldNames()).toIterable().containsExactlyInAnyOrder("given_name", "family_name", "iss", "iat", "exp", "vct", "cnf");
  }

  @Test
  void aNestedClaimDisclosesItsParentButNotItsSiblings() {
    CredentialQuery q = Fixtures.pidQuery(path("address", "locality"));
    assertThat(planned(DcqlQuery.of(q), "pid").disclosedClaims()).containsExactly("address", "address.locality");
    JsonNode address = verified(q).claims().get("address");
    assertThat(address.fieldNames()).toIterable().containsExactly("locality");
    assertThat(address.get("locality").asText()).isEqualTo("Köln");
  }

  @Test
  void aWholeObjectDisclosesAllItsContents() {
    CredentialQuery q = Fixtures.pidQuery(path("address"));
    assertThat(planned(DcqlQuery.of(q), "pid").disclosedClaims())
        .containsExactlyInAnyOrder("address", "address.street_address", "address.locality", "address.postal_code", "address.country")
        .startsWith("address");
    assertThat(verified(q).claims().get("address")).hasSize(4);
  }

  @Test
  void nullSelectsEveryArrayElement() {
    CredentialQuery q = Fixtures.pidQuery(path("nationalities", null));
    assertThat(planned(DcqlQuery.of(q), "pid").disclosedClaims()).containsExactly("nationalities", "nationalities[0]", "nationalities[1]");
    assertThat(verified(q).claims().get("nationalities")).containsExactly(TextNode.valueOf("DE"), TextNode.valueOf("FR"));
  }

  @Test
  void anIndexDisclosesTheElementsUpToItSoTheIndexStillHolds() {
    CredentialQuery q = Fixtures.pidQuery(path("nationalities", 1));
    assertThat(planned(DcqlQuery.of(q), "pid").disclosedClaims()).containsExactly("nationalities", "nationalities[0]", "nationalities[1]");
    assertThat(verified(q).claims().at("/nationalities/1").asText()).isEqualTo("FR");
  }

  @Test
  void indexZeroDisclosesOneElement() {
    CredentialQuery q = Fixtures.pidQuery(path("nationalities", 0));
    assertThat(planned(DcqlQuery.of(q), "pid").disclosedClaims()).containsExactly("nationalities", "nationalities[0]");
    assertThat(verified(q).claims().get("nationalities")).containsExactly(TextNode.valueOf("DE"));
  }

  @Test
  void valuesUnderNullDiscloseOnlyTheMatchingElements() {
    CredentialQuery q = Fixtures.pidQuery(withValues(path("nationalities", null), TextNode.valueOf("FR")));
    assertThat(planned(DcqlQuery.of(q), "pid").disclosedClaims()).containsExactly("nationalities", "nationalities[1]");
    assertThat(verified(q).claims().get("nationalities")).containsExactly(TextNode.valueOf("FR"));
  }

  @Test
  void aBooleanValueMatches() {
    CredentialQuery q = Fixtures.pidQuery(withValues(path("age_equal_or_over", "18"), BooleanNode.TRUE));
    assertThat(planned(DcqlQuery.of(q), "pid").disclosedClaims()).containsExactly("age_equal_or_over", "age_equal_or_over.18");
    assertThat(verified(q).claims().at("/age_equal_or_over/18").asBoolean()).isTrue();
  }

  @Test
  void aValueThatDoesNotMatchIsTreatedAsAbsent() {
    PresentationPlan plan = wallet.plan(DcqlQuery.of(Fixtures.pidQuery(withValues(path("given_name"), TextNode.valueOf("Max")))));
    assertThat(plan.satisfied()).isFalse();
    assertThat(plan.unsatisfied()).contains("credential query pid").contains("[given_name] (with values)").doesNotContain("Erika");
  }

  @Test
  void aValueOfAnotherTypeDoesNotMatch() {
    PresentationPlan plan = wallet.plan(DcqlQuery.of(Fixtures.pidQuery(withValues(path("address", "postal_code"), IntNode.valueOf(51147)))));
    assertThat(plan.satisfied()).isFalse();
  }

  @Test
  void aMissingClaimMakesTheQueryUnsatisfiable() {
    PresentationPlan plan = wallet.plan(DcqlQuery.of(Fixtures.pidQuery(path("given_name"), path("email"))));
    assertThat(plan.satisfied()).isFalse();
    assertThat(plan.unsatisfied()).contains("[email]").doesNotContain("[given_name]");
  }

  @Test
  void aPathThroughTheWrongKindOfElementSelectsNothing() {
    assertThat(wallet.plan(DcqlQuery.of(Fixtures.pidQuery(path("given_name", "x")))).satisfied()).isFalse();
    assertThat(wallet.plan(DcqlQuery.of(Fixtures.pidQuery(path("address", null)))).satisfied()).isFalse();
    assertThat(wallet.plan(DcqlQuery.of(Fixtures.pidQuery(path("nationalities", "x")))).satisfied()).isFalse();
    assertThat(wallet.plan(DcqlQuery.of(Fixtures.pidQuery(path("nationalities", 5)))).satisfied()).isFalse();
  }

  @Test
  void withoutClaimsNothingSelectivelyDisclosableIsDisclosed() {
    CredentialQuery q = CredentialQuery.sdJwt("pid", TestCredentials.PID_VCT);
    assertThat(planned(DcqlQuery.of(q), "pid").disclosedClaims()).isEmpty();
    assertThat(presentedDisclosures(q)).isZero();
    assertThat(verified(q).claims().has("given_name")).isFalse();
  }

  @Test
  void claimSetsUseTheFirstSetThatCanBeSatisfied() {
    CredentialQuery q = new CredentialQuery("pid", SdJwtVc.FORMAT, null, Fixtures.pidQuery().meta(),
        List.of(path("age_over_18").withId("over18"), path("birthdate").withId("birth"), path("given_name").withId("given")),
        List.of(List.of("over18"), List.of("birth", "given"), List.of("given")), null, null);
    assertThat(planned(DcqlQuery.of(q), "pid").disclosedClaims()).containsExactlyInAnyOrder("birthdate", "given_name");
    SdJwtVerification v = verified(q);
    assertThat(v.claims().has("birthdate")).isTrue();
  }

  @Test
  void claimSetsThatCannotBeSatisfiedDiscloseNothing() {
    CredentialQuery q = new CredentialQuery("pid", SdJwtVc.FORMAT, null, Fixtures.pidQuery().meta(),
        List.of(path("age_over_18").withId("over18"), path("email").withId("email")), List.of(List.of("over18"), List.of("email")), null, null);
    PresentationPlan plan = wallet.plan(DcqlQuery.of(q));
    assertThat(plan.satisfied()).isFalse();
    assertThat(plan.presentations()).isEmpty();
  }

  @Test
  void anotherVctIsNotMatchedAndTheReasonSaysSo() {
    PresentationPlan plan = wallet.plan(DcqlQuery.of(CredentialQuery.sdJwt("mdl", "urn:eudi:mdl:1", ClaimsQuery.at("given_name"))));
    assertThat(plan.satisfied()).isFalse();
    assertThat(plan.unsatisfied()).isEqualTo("credential query mdl: no credential of type urn:eudi:mdl:1");
  }

  @Test
  void anotherFormatIsNotMatched() {
    PresentationPlan plan = wallet.plan(DcqlQuery.of(CredentialQuery.mdoc("mdl", "org.iso.18013.5.1.mDL",
        new ClaimsQuery(null, ClaimPath.of(List.of("org.iso.18013.5.1", "given_name")), null, null))));
    assertThat(plan.unsatisfied()).contains("format mso_mdoc is not held");
  }

  @Test
  void theLegacyFormatIdentifierMatchesToo() {
    CredentialQuery q = new CredentialQuery("pid", SdJwtVc.LEGACY_FORMAT, null, Fixtures.pidQuery().meta(), List.of(path("given_name")), null, null, null);
    assertThat(planned(DcqlQuery.of(q), "pid").disclosedClaims()).containsExactly("given_name");
  }

  @Test
  void aQueryWithoutVctValuesMatchesAnyType() {
    CredentialQuery q = CredentialQuery.of("any", SdJwtVc.FORMAT, ClaimsQuery.at("family_name"));
    assertThat(planned(DcqlQuery.of(q), "any").disclosedClaims()).containsExactly("family_name");
  }

  @Test
  void theCredentialOfTheRightTypeIsChosenAmongSeveral() {
    var holder = Fixtures.holderKey();
    IssuedCredential diploma = issuer.issue(Issuance.of("urn:example:diploma", Fixtures.object("{\"degree\": \"MSc\", \"given_name\": \"Erika\"}"),
        holder.toPublicJWK()));
    HeldCredential heldDiploma = HeldCredential.of(diploma.sdJwt(), holder);
    SdJwtPresenter two = SdJwtPresenter.of(heldDiploma, pid.held());

    PresentationPlan plan = two.plan(DcqlQuery.of(Fixtures.pidQuery(path("given_name"))));
    assertThat(plan.presentations().get("pid").get(0).credential().vct()).isEqualTo(TestCredentials.PID_VCT);
    PresentationPlan anyType = two.plan(DcqlQuery.of(CredentialQuery.of("x", SdJwtVc.FORMAT, ClaimsQuery.at("degree"))));
    assertThat(anyType.presentations().get("x").get(0).credential().vct()).isEqualTo("urn:example:diploma");
  }

  @Test
  void severalCredentialQueriesAreAllAnswered() {
    CredentialQuery names = Fixtures.namesQuery();
    CredentialQuery birth = CredentialQuery.sdJwt("birth", TestCredentials.PID_VCT, ClaimsQuery.at("birthdate"));
    PresentationPlan plan = wallet.plan(DcqlQuery.of(names, birth));
    assertThat(plan.presentations().keySet()).containsExactly("pid", "birth");
    assertThat(plan.presentations().get("birth").get(0).disclosedClaims()).containsExactly("birthdate");
  }

  @Test
  void credentialSetsTakeTheFirstOptionThatCanBeAnswered() {
    CredentialQuery mdl = CredentialQuery.sdJwt("mdl", "urn:eudi:mdl:1", ClaimsQuery.at("given_name"));
    CredentialQuery pidNames = Fixtures.namesQuery();
    DcqlQuery q = DcqlQuery.of(mdl, pidNames).withCredentialSets(List.of(CredentialSetQuery.of(List.of(List.of("mdl"), List.of("pid")))));
    PresentationPlan plan = wallet.plan(q);
    assertThat(plan.presentations().keySet()).containsExactly("pid");
  }

  @Test
  void aRequiredCredentialSetThatCannotBeAnsweredRejectsWithItsReason() {
    CredentialQuery mdl = CredentialQuery.sdJwt("mdl", "urn:eudi:mdl:1", ClaimsQuery.at("given_name"));
    DcqlQuery q = DcqlQuery.of(mdl, Fixtures.namesQuery())
        .withCredentialSets(List.of(CredentialSetQuery.of(List.of(List.of("pid"))), CredentialSetQuery.of(List.of(List.of("mdl")))));
    PresentationPlan plan = wallet.plan(q);
    assertThat(plan.satisfied()).isFalse();
    assertThat(plan.unsatisfied()).contains("credential set 1").contains("credential query mdl: no credential of type urn:eudi:mdl:1");
  }

  @Test
  void optionalCredentialSetsAreLeftOutUnlessEnabled() {
    CredentialQuery birth = CredentialQuery.sdJwt("birth", TestCredentials.PID_VCT, ClaimsQuery.at("birthdate"));
    DcqlQuery q = DcqlQuery.of(Fixtures.namesQuery(), birth).withCredentialSets(List.of(
        CredentialSetQuery.of(List.of(List.of("pid"))),
        new CredentialSetQuery(List.of(List.of("birth")), false, null)));
    assertThat(wallet.plan(q).presentations().keySet()).containsExactly("pid");
    assertThat(wallet.presentOptionalSets(true).plan(q).presentations().keySet()).containsExactly("pid", "birth");
  }

  @Test
  void withoutCredentialSetsEveryCredentialQueryIsRequired() {
    CredentialQuery mdl = CredentialQuery.sdJwt("mdl", "urn:eudi:mdl:1", ClaimsQuery.at("given_name"));
    PresentationPlan plan = wallet.plan(DcqlQuery.of(Fixtures.namesQuery(), mdl));
    assertThat(plan.satisfied()).isFalse();
    assertThat(plan.presentations()).isEmpty();
    assertThat(plan.unsatisfied()).startsWith("credential query mdl:");
  }

  @Test
  void disclosedClaimsListParentsBeforeTheirContents() {
    CredentialQuery q = Fixtures.pidQuery(path("birthdate"), path("address", "country"), path("nationalities", 0));
    List<String> claims = new ArrayList<>(planned(DcqlQuery.of(q), "pid").disclosedClaims());
    assertThat(claims).containsExactlyInAnyOrder("birthdate", "address", "address.country", "nationalities", "nationalities[0]");
    assertThat(claims.indexOf("address")).isLessThan(claims.indexOf("address.country"));
    assertThat(claims.indexOf("nationalities")).isLessThan(claims.indexOf("nationalities[0]"));
  }
}
