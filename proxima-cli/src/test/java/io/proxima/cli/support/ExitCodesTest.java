package io.proxima.cli.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import io.proxima.engagement.TransportType;
import io.proxima.message.IdentifyVersion;
import io.proxima.message.SessionId;
import io.proxima.oid4vp.SessionStats;
import io.proxima.oid4vp.VerifierOutcome;
import io.proxima.oid4vp.VerifierState;
import io.proxima.oid4vp.WalletOutcome;
import io.proxima.oid4vp.WalletState;
import io.proxima.oid4vp.validation.ValidationOutcome;
import io.proxima.oid4vp.validation.ValidationReason;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** One distinct exit code per outcome, as documented. */
class ExitCodesTest {

  static final SessionStats NO_STATS = new SessionStats(0, 0, 0, List.of());
  static final ValidationOutcome VERIFIED = ValidationOutcome.verified(Map.of("pid", TextNode.valueOf("claims")), List.of(), "verified");
  static final ValidationOutcome NOT_VERIFIED = ValidationOutcome.unverified(List.of(ValidationReason.of("sd_jwt.issuer_untrusted", "pid", "x")), "no");

  static VerifierOutcome verifier(VerifierState state, @Nullable ValidationOutcome validation) {
    return new VerifierOutcome(SessionId.random(), state, TransportType.MQTT, IdentifyVersion.V2, null, validation, null, List.of(), NO_STATS);
  }

  static WalletOutcome wallet(WalletState state) {
    return new WalletOutcome(SessionId.random(), state, TransportType.MQTT, null, null, null, List.of(), NO_STATS);
  }

  @Test
  void everyTerminalVerifierStateHasItsOwnCode() {
    assertThat(ExitCodes.of(verifier(VerifierState.ACCEPTED, NOT_VERIFIED), false)).isEqualTo(ExitCodes.OK);
    assertThat(ExitCodes.of(verifier(VerifierState.REJECTED, null), false)).isEqualTo(ExitCodes.REJECTED);
    assertThat(ExitCodes.of(verifier(VerifierState.FAILED, null), false)).isEqualTo(ExitCodes.FAILED);
    assertThat(ExitCodes.of(verifier(VerifierState.EXPIRED, null), false)).isEqualTo(ExitCodes.EXPIRED);
    assertThat(ExitCodes.of(verifier(VerifierState.CANCELLED, null), false)).isEqualTo(ExitCodes.CANCELLED);
    Set<Integer> codes = new HashSet<>();
    for (VerifierState state : EnumSet.range(VerifierState.ACCEPTED, VerifierState.CANCELLED)) {
      codes.add(ExitCodes.of(verifier(state, null), false));
    }
    assertThat(codes).hasSize(5).doesNotContain(ExitCodes.ERROR, ExitCodes.USAGE);
  }

  @Test
  void withTrustConfiguredAnAcceptedButUnverifiedPresentationIsNotSuccess() {
    assertThat(ExitCodes.of(verifier(VerifierState.ACCEPTED, VERIFIED), true)).isEqualTo(ExitCodes.OK);
    assertThat(ExitCodes.of(verifier(VerifierState.ACCEPTED, NOT_VERIFIED), true)).isEqualTo(ExitCodes.NOT_VERIFIED);
    assertThat(ExitCodes.of(verifier(VerifierState.REJECTED, null), true)).isEqualTo(ExitCodes.REJECTED);
  }

  @Test
  void everyTerminalWalletStateHasItsOwnCode() {
    assertThat(ExitCodes.of(wallet(WalletState.SUBMITTED))).isEqualTo(ExitCodes.OK);
    assertThat(ExitCodes.of(wallet(WalletState.REJECTED))).isEqualTo(ExitCodes.REJECTED);
    assertThat(ExitCodes.of(wallet(WalletState.FAILED))).isEqualTo(ExitCodes.FAILED);
    assertThat(ExitCodes.of(wallet(WalletState.EXPIRED))).isEqualTo(ExitCodes.EXPIRED);
    assertThat(ExitCodes.of(wallet(WalletState.CANCELLED))).isEqualTo(ExitCodes.CANCELLED);
  }

  @Test
  void theVerifierLineLeadsWithStateAndVerdict() {
    var line = JsonLines.verifier(verifier(VerifierState.ACCEPTED, VERIFIED), true);
    assertThat(line.fieldNames()).toIterable().startsWith("state", "verified", "disclosed_claims", "trust");
    assertThat(line.get("verified").asBoolean()).isTrue();
    assertThat(JsonLines.line(line)).doesNotContain("\n");
    var unverified = JsonLines.verifier(verifier(VerifierState.ACCEPTED, NOT_VERIFIED), false);
    assertThat(unverified.get("verified").asBoolean()).isFalse();
    assertThat(unverified.has("disclosed_claims")).isFalse();
  }
}
