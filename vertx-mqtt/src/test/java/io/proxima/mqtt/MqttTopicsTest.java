package io.proxima.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proxima.message.FrameKind;
import io.proxima.message.SessionId;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The topic names of PROTOCOL.md §4, byte for byte. */
class MqttTopicsTest {

  static final SessionId ID = SessionId.of(UUID.fromString("3F2A8C1E-0B7D-4E5F-9A6B-1C2D3E4F5A6B"));

  @Test
  void topicsHaveTheLeadingSlashAndALowercaseId() {
    assertThat(MqttTopics.topic(ID, FrameKind.IDENTIFY)).isEqualTo("/proof/3f2a8c1e-0b7d-4e5f-9a6b-1c2d3e4f5a6b/presentation-submission/identify");
    assertThat(MqttTopics.topic(ID, FrameKind.REQUEST)).isEqualTo("/proof/3f2a8c1e-0b7d-4e5f-9a6b-1c2d3e4f5a6b/presentation-definition");
    assertThat(MqttTopics.topic(ID, FrameKind.SUBMISSION)).isEqualTo("/proof/3f2a8c1e-0b7d-4e5f-9a6b-1c2d3e4f5a6b/presentation-submission/accept");
    assertThat(MqttTopics.topic(ID, FrameKind.REJECTION)).isEqualTo("/proof/3f2a8c1e-0b7d-4e5f-9a6b-1c2d3e4f5a6b/presentation-submission/reject");
    assertThat(MqttTopics.SUBMISSION_WILDCARD).isEqualTo("/proof/+/presentation-submission/+");
    assertThatThrownBy(() -> MqttTopics.topic(ID, FrameKind.DISCONNECT)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void parsingIsTheInverseAndRejectsEverythingElse() {
    for (FrameKind kind : new FrameKind[] {FrameKind.IDENTIFY, FrameKind.REQUEST, FrameKind.SUBMISSION, FrameKind.REJECTION}) {
      assertThat(MqttTopics.parse(MqttTopics.topic(ID, kind))).contains(new MqttTopics.Parsed(ID, kind));
    }
    assertThat(MqttTopics.parse("/proof/3F2A8C1E-0B7D-4E5F-9A6B-1C2D3E4F5A6B/presentation-definition")).isEmpty();
    assertThat(MqttTopics.parse("proof/3f2a8c1e-0b7d-4e5f-9a6b-1c2d3e4f5a6b/presentation-definition")).isEmpty();
    assertThat(MqttTopics.parse("/proof/3f2a8c1e-0b7d-4e5f-9a6b-1c2d3e4f5a6b/presentation-submission/other")).isEmpty();
    assertThat(MqttTopics.parse("/proof/not-a-uuid/presentation-definition")).isEmpty();
  }
}
