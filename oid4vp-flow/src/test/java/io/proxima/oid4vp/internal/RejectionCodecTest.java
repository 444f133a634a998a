package io.proxima.oid4vp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proxima.message.SessionId;
import io.proxima.oid4vp.error.InvalidRejectionException;
import io.proxima.oid4vp.error.InvalidRejectionException.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RejectionCodecTest {

  static final Instant NOW = Instant.ofEpochSecond(1_700_000_000L);
  static final Duration MAX_AGE = Duration.ofMinutes(5);
  static final Duration MAX_FUTURE = Duration.ofMinutes(1);
  static final SessionId ID = SessionId.random();

  @Test
  void encodesTheUnixTimeAsAJsonNumber() {
    // PROTOCOL.md §2 test vector plaintext
    assertThat(new String(RejectionCodec.encode(NOW), StandardCharsets.US_ASCII)).isEqualTo("1700000000");
  }

  @Test
  void acceptsATimestampLessThanFiveMinutesOld() {
    RejectionCodec.check(RejectionCodec.encode(NOW), NOW, MAX_AGE, MAX_FUTURE, ID);
    RejectionCodec.check(RejectionCodec.encode(NOW.minusSeconds(299)), NOW, MAX_AGE, MAX_FUTURE, ID);
    RejectionCodec.check(RejectionCodec.encode(NOW.plusSeconds(60)), NOW, MAX_AGE, MAX_FUTURE, ID);
  }

  @Test
  void refusesOldFutureAndNonNumbers() {
    assertReason(RejectionCodec.encode(NOW.minusSeconds(300)), Reason.TOO_OLD);
    assertReason(RejectionCodec.encode(NOW.plusSeconds(61)), Reason.IN_THE_FUTURE);
    assertReason("\"1700000000\"".getBytes(StandardCharsets.US_ASCII), Reason.NOT_A_TIMESTAMP);
    assertReason("{}".getBytes(StandardCharsets.US_ASCII), Reason.NOT_A_TIMESTAMP);
    assertReason(new byte[0], Reason.NOT_A_TIMESTAMP);
  }

  private static void assertReason(byte[] plaintext, Reason reason) {
    assertThatThrownBy(() -> RejectionCodec.check(plaintext, NOW, MAX_AGE, MAX_FUTURE, ID))
        .isInstanceOfSatisfying(InvalidRejectionException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }
}
