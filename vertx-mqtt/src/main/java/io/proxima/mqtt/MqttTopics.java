package io.proxima.mqtt;

import io.proxima.message.FrameKind;
import io.proxima.message.SessionId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The topics of a session (PROTOCOL.md §4). Note the leading slash; {@code {id}} is the topic id,
 * always lowercase.
 *
 * <pre>
 *   /proof/{id}/presentation-submission/identify   wallet   -> verifier  Identify (plaintext)
 *   /proof/{id}/presentation-definition            verifier -> wallet    encrypted request
 *   /proof/{id}/presentation-submission/accept     wallet   -> verifier  encrypted submission
 *   /proof/{id}/presentation-submission/reject     wallet   -> verifier  encrypted rejection
 * </pre>
 */
public final class MqttTopics {

  /** The one subscription of a gateway using {@link SubscriptionStrategy#WILDCARD}. */
  public static final String SUBMISSION_WILDCARD = "/proof/+/presentation-submission/+";

  private static final String PREFIX = "/proof/";
  private static final String IDENTIFY = "/presentation-submission/identify";
  private static final String DEFINITION = "/presentation-definition";
  private static final String ACCEPT = "/presentation-submission/accept";
  private static final String REJECT = "/presentation-submission/reject";
  private static final int UUID_LENGTH = 36;

  private MqttTopics() {}

  /**
   * The topic a frame of this kind travels on.
   *
   * @throws IllegalArgumentException for {@link FrameKind#DISCONNECT}, which has no MQTT form
   */
  public static String topic(SessionId sessionId, FrameKind kind) {
    String base = PREFIX + sessionId;
    return switch (kind) {
      case IDENTIFY -> base + IDENTIFY;
      case REQUEST -> base + DEFINITION;
      case SUBMISSION -> base + ACCEPT;
      case REJECTION -> base + REJECT;
      case DISCONNECT -> throw new IllegalArgumentException("DISCONNECT has no MQTT topic: the verifier unsubscribes instead");
    };
  }

  /** The topics a verifier subscribes to: identify, accept, reject. */
  public static List<String> verifierTopics(SessionId sessionId) {
    return List.of(
        topic(sessionId, FrameKind.IDENTIFY), topic(sessionId, FrameKind.SUBMISSION), topic(sessionId, FrameKind.REJECTION));
  }

  /** The topic a wallet subscribes to: presentation-definition. */
  public static String walletTopic(SessionId sessionId) {
    return topic(sessionId, FrameKind.REQUEST);
  }

  /** The session and frame kind of a topic, if it is one of the protocol's topics. */
  public static Optional<Parsed> parse(String topic) {
    if (!topic.startsWith(PREFIX) || topic.length() < PREFIX.length() + UUID_LENGTH) {
      return Optional.empty();
    }
    String id = topic.substring(PREFIX.length(), PREFIX.length() + UUID_LENGTH);
    String rest = topic.substring(PREFIX.length() + UUID_LENGTH);
    FrameKind kind = kindOf(rest);
    if (kind == null) {
      return Optional.empty();
    }
    try {
      UUID uuid = UUID.fromString(id);
      if (!uuid.toString().equals(id)) {
        return Optional.empty();
      }
      return Optional.of(new Parsed(SessionId.of(uuid), kind));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static @Nullable FrameKind kindOf(String suffix) {
    return switch (suffix) {
      case IDENTIFY -> FrameKind.IDENTIFY;
      case DEFINITION -> FrameKind.REQUEST;
      case ACCEPT -> FrameKind.SUBMISSION;
      case REJECT -> FrameKind.REJECTION;
      default -> null;
    };
  }

  /** A protocol topic, taken apart. */
  public record Parsed(SessionId sessionId, FrameKind kind) {}
}
