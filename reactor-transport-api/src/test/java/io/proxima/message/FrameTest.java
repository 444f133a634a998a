package io.proxima.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class FrameTest {

  @Test
  void isImmutable() {
    byte[] bytes = {1, 2, 3};
    Frame frame = Frame.of(FrameKind.SUBMISSION, bytes);
    bytes[0] = 9;
    assertThat(frame.payload()).containsExactly(1, 2, 3);
    frame.payload()[1] = 9;
    assertThat(frame.payload()).containsExactly(1, 2, 3);
    assertThat(frame.payloadBuffer().isReadOnly()).isTrue();
    assertThat(Frame.of(FrameKind.SUBMISSION, ByteBuffer.wrap(new byte[] {1, 2, 3}))).isEqualTo(frame);
  }

  @Test
  void toStringShowsKindAndSizeOnly() {
    Frame frame = Frame.of(FrameKind.REQUEST, "secret".getBytes());
    assertThat(frame.toString()).isEqualTo("Frame[REQUEST, 6 bytes]");
  }

  @Test
  void eachKindHasOneSender() {
    assertThat(FrameKind.IDENTIFY.sender()).isEqualTo(Role.WALLET);
    assertThat(FrameKind.REQUEST.sender()).isEqualTo(Role.VERIFIER);
    assertThat(FrameKind.SUBMISSION.receiver()).isEqualTo(Role.VERIFIER);
    assertThat(FrameKind.REJECTION.sender()).isEqualTo(Role.WALLET);
    assertThat(FrameKind.DISCONNECT.receiver()).isEqualTo(Role.WALLET);
  }

  @Test
  void randomSessionIdsAreVersion4() {
    SessionId id = SessionId.random();
    assertThat(id.uuid().version()).isEqualTo(4);
    assertThat(id.uuid().variant()).isEqualTo(2);
    assertThat(id.toString()).isEqualTo(id.toString().toLowerCase());
  }
}
